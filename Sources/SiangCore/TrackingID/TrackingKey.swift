/// A tracking ID as two integers, for the report facts' columns (``CaseFactColumns``,
/// ``SurveyFactColumns``): a report joins a third of a million survey answers to a million cases by
/// tracking ID, and integers compare and hash without touching a string.
///
/// The key is exact, not a hash: an ID of the canonical shape (1 to 6 capital letters, a hyphen, 11
/// symbols of Crockford's alphabet) is its prefix's letters in base 27 and its body's symbols five
/// bits each, so two canonical IDs are equal exactly when their keys are, and the ID can be written
/// back from its key. Any other stored text (none is written, but a store is read as it is) is
/// ``isOdd``: its ID is kept beside the column, and `body` is its place there.
public struct TrackingKey: Hashable, Sendable {
    public var prefix: UInt32
    public var body: UInt64

    /// The key of "no tracking ID" (an anonymous or service-point answer).
    public static let none = TrackingKey(prefix: .max, body: 0)

    /// The key of the odd ID at `place` in its column's list.
    public static func odd(_ place: Int) -> TrackingKey { TrackingKey(prefix: .max - 1, body: UInt64(place)) }

    public var isNone: Bool { prefix == .max }
    public var isOdd: Bool { prefix == .max - 1 }

    init(prefix: UInt32, body: UInt64) {
        self.prefix = prefix
        self.body = body
    }

    /// The key of the stored text `bytes` (UTF-8); nil when it is not of the canonical shape.
    public init?(canonical bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        guard count >= 13, count <= 18, bytes[count - 12] == UInt8(ascii: "-") else { return nil }
        self.init(prefix: UnsafeBufferPointer(rebasing: bytes[..<(count - 12)]), body: UnsafeBufferPointer(rebasing: bytes[(count - 11)...]))
    }

    /// The key of `id`; nil when it is not of the canonical shape.
    public init?(_ id: TrackingID) {
        var prefix = id.prefix, body = id.body
        guard let key = prefix.withUTF8({ p in body.withUTF8 { b in TrackingKey(prefix: p, body: b) } }) else { return nil }
        self = key
    }

    /// The key of a prefix's and a body's bytes; nil unless 1 to 6 capital letters and 11 symbols.
    private init?(prefix letters: UnsafeBufferPointer<UInt8>, body symbols: UnsafeBufferPointer<UInt8>) {
        guard (1...6).contains(letters.count), symbols.count == 11 else { return nil }
        var prefix: UInt32 = 0
        for byte in letters {
            let letter = byte &- UInt8(ascii: "A")
            guard letter < 26 else { return nil }
            prefix = prefix * 27 + UInt32(letter) + 1
        }
        // A million IDs a report: the table is read through its buffer, and a refused byte is noticed
        // once at the end (its value has the high bit set).
        var body: UInt64 = 0, refused: UInt8 = 0
        Self.symbolValues.withUnsafeBufferPointer { table in
            for byte in symbols {
                let value = table[Int(byte)]
                refused |= value
                body = body << 5 | UInt64(value & 31)
            }
        }
        guard refused & 0x80 == 0 else { return nil }
        self.init(prefix: prefix, body: body)
    }

    /// The ID a canonical key was made from (not for ``none`` or odd keys).
    public var trackingID: TrackingID {
        var letters: [UInt8] = []
        var p = prefix
        while p > 0 {
            letters.append(UInt8(ascii: "A") + UInt8(p % 27) - 1)
            p /= 27
        }
        var symbols = [UInt8](repeating: 0, count: 11)
        var b = body
        for i in (0..<11).reversed() {
            symbols[i] = Self.alphabet[Int(b & 31)]
            b >>= 5
        }
        return TrackingID(storedCanonical: String(decoding: letters.reversed() + [UInt8(ascii: "-")] + symbols, as: UTF8.self))
    }

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// Each byte's symbol value, 0x80 for a byte that is not a canonical symbol.
    private static let symbolValues: [UInt8] = {
        var table = [UInt8](repeating: 0x80, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()
}
