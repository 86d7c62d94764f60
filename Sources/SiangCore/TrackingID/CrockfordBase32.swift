/// Crockford's base32 alphabet (no I, L, O, U), used for tracking IDs so they survive being read
/// aloud on the hotline and typed from a paper slip.
public enum CrockfordBase32 {
    /// The 32 symbols in value order.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    private static let values: [Character: Int] = {
        var table: [Character: Int] = [:]
        for (i, c) in alphabet.enumerated() { table[c] = i }
        // Crockford's decoding tolerance: the letters people confuse with digits.
        table["I"] = 1
        table["L"] = 1
        table["O"] = 0
        return table
    }()

    /// The value of an upper-case symbol, reading I and L as 1 and O as 0; nil when not a symbol.
    public static func value(of c: Character) -> Int? { values[c] }

    /// The 32 symbols as ASCII bytes, in value order.
    static let asciiAlphabet: [UInt8] = alphabet.map { $0.asciiValue! }

    /// ``value(of:)`` for an ASCII byte, by table.
    private static let asciiValues: [Int8] = (0..<128).map { byte in
        Int8(values[Character(Unicode.Scalar(UInt8(byte)))] ?? -1)
    }

    /// The value of an upper-case ASCII symbol byte as ``value(of:)`` gives it; nil when not a symbol.
    static func value(ofASCII byte: UInt8) -> Int? {
        guard byte < 0x80 else { return nil }
        let v = asciiValues[Int(byte)]
        return v < 0 ? nil : Int(v)
    }

    /// The Luhn mod N check symbol (N = 32) over `values`, as in the Luhn mod N algorithm: from the
    /// right, every second value is doubled and its base-32 digits are added.
    public static func luhnCheckValue<C: Collection>(_ values: C) -> Int where C.Element == Int {
        var factor = 2
        var sum = 0
        for v in values.reversed() {
            let addend = factor * v
            sum += addend / 32 + addend % 32
            factor = factor == 2 ? 1 : 2
        }
        return (32 - sum % 32) % 32
    }
}
