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
