import Foundation

/// The one-time code a staff member sends to the agency's LINE Official Account to link their LINE
/// user to their staff account: `SL` and six characters from an alphabet without look-alikes
/// (`SL7KQ3PX`), so it is easy to type on a phone and no ordinary complaint text is ever exactly one.
public enum LINELinkCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    static let prefix = "SL"
    static let length = 6

    /// A fresh random code.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The code in a LINE text message that is exactly one (spaces around it and letter case aside);
    /// nil for anything else, which goes on to become a case as usual.
    public static func code(in text: String) -> String? {
        let candidate = text.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
        guard candidate.count == prefix.count + length, candidate.hasPrefix(prefix),
              candidate.dropFirst(prefix.count).allSatisfy({ alphabet.contains($0) }) else { return nil }
        return candidate
    }
}
