import Foundation

/// A Thai phone number in its one national form (`0812345678`), so that the ways people write the
/// same number (`081-234-5678`, `+66 81 234 5678`, `0066 81 234 5678`, `(081) 2345678`) are found as
/// one person in a data-subject request (docs/pdpa.md).
public struct ThaiPhoneNumber: Sendable, Equatable, CustomStringConvertible {
    /// The national form: a leading 0 and 8 more digits (landlines) or 9 (mobiles).
    public let national: String

    /// Reads a number as people write it: digits with spaces, dashes, dots, brackets and a leading
    /// `+`; nil for anything else or a digit count no Thai number has.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || " -.()+".contains($0)) }),
              trimmed.dropFirst().allSatisfy({ $0 != "+" }) else { return nil }
        var digits = trimmed.filter(\.isNumber)
        if digits.hasPrefix("0066") { digits = "0" + digits.dropFirst(4) }
        // A national number starts with 0, so one that starts with 66 is international.
        else if digits.hasPrefix("66") { digits = "0" + digits.dropFirst(2) }
        guard digits.hasPrefix("0"), !digits.hasPrefix("00"), (9...10).contains(digits.count) else { return nil }
        national = digits
    }

    /// The digit strings a stored number with its separators (space, `-`, `.`, brackets, `+`) taken
    /// out may read as for this number: national, international, and international with `00`.
    public var storedDigitForms: [String] {
        let subscriber = national.dropFirst()
        return [national, "66" + subscriber, "0066" + subscriber]
    }

    public var description: String { national }
}
