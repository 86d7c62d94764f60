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
        // Every stored contact's phone is read for its lookup hash, so the usual shapes (ASCII digits
        // and separators) are read byte by byte; anything else (tabs, Unicode spaces, Thai digits)
        // takes the general reader, which gives the same answer for those shapes (ThaiPhoneNumberTests).
        switch Self.readPlainASCII(text.utf8) {
        case .number(let national): self.national = national
        case .notANumber: return nil
        case .notPlainASCII:
            guard let national = Self.readGeneral(text) else { return nil }
            self.national = national
        }
    }

    /// The digit strings a stored number with its separators (space, `-`, `.`, brackets, `+`) taken
    /// out may read as for this number: national, international, and international with `00`.
    public var storedDigitForms: [String] {
        let subscriber = national.dropFirst()
        return [national, "66" + subscriber, "0066" + subscriber]
    }

    public var description: String { national }

    /// The general reader: any text, with Unicode white space trimmed.
    static func readGeneral(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || " -.()+".contains($0)) }),
              trimmed.dropFirst().allSatisfy({ $0 != "+" }) else { return nil }
        var digits = trimmed.filter(\.isNumber)
        if digits.hasPrefix("0066") { digits = "0" + digits.dropFirst(4) }
        // A national number starts with 0, so one that starts with 66 is international.
        else if digits.hasPrefix("66") { digits = "0" + digits.dropFirst(2) }
        guard digits.hasPrefix("0"), !digits.hasPrefix("00"), (9...10).contains(digits.count) else { return nil }
        return digits
    }

    enum PlainReading: Equatable {
        case number(String)
        case notANumber
        /// A byte other than an ASCII digit, space, `-`, `.`, brackets or `+`: for the general reader.
        case notPlainASCII
    }

    /// The general reader's rules for text made only of ASCII digits, spaces, `-`, `.`, brackets and
    /// `+`, without making a `Character` or a `String` on the way.
    static func readPlainASCII(_ bytes: String.UTF8View) -> PlainReading {
        // Up to 16 digits are kept: a number reads as at most 14 (`0066` and 10 digits), so more is none.
        var kept: (UInt64, UInt64) = (0, 0)
        var count = 0
        var sawContent = false
        var plusAfterStart = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if count < 16 { withUnsafeMutableBytes(of: &kept) { $0[count] = byte } }
                count += 1
            case UInt8(ascii: " "):
                // Leading and trailing spaces are trimmed, and spaces between digits are separators.
                continue
            case UInt8(ascii: "+"):
                // Only the first character after the leading spaces may be a `+`.
                if sawContent { plusAfterStart = true }
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"):
                break
            default:
                return .notPlainASCII
            }
            sawContent = true
        }
        guard sawContent, !plusAfterStart, count <= 16 else { return .notANumber }
        return withUnsafeBytes(of: &kept) { raw in
            let digits = raw.prefix(count)
            let zero = UInt8(ascii: "0"), six = UInt8(ascii: "6")
            // What follows the international prefix (`0066` or `66`) becomes national with a 0 put before it.
            var subscriber: Slice<UnsafeRawBufferPointer>
            if digits.starts(with: [zero, zero, six, six]) { subscriber = digits.dropFirst(4) }
            else if digits.starts(with: [six, six]) { subscriber = digits.dropFirst(2) }
            else {
                guard digits.first == zero else { return .notANumber }
                subscriber = digits.dropFirst()
            }
            guard subscriber.first != zero, (8...9).contains(subscriber.count) else { return .notANumber }
            return .number("0" + String(decoding: subscriber, as: UTF8.self))
        }
    }
}
