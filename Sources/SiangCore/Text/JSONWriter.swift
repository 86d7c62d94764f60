/// Writes JSON by hand, for the few answers and rows made so often that Foundation's `JSONEncoder`
/// (keyed containers, boxing, a sorting pass for every value) costs more than the rest of the work:
/// a case's stored receipt and first events, and a citizen's tracking answer.
///
/// It writes what `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`: callers
/// name members in sorted order and leave out `nil` ones, and each caller has a test comparing its
/// output with the encoder's byte for byte.
public struct JSONWriter {
    private var bytes: [UInt8] = []
    /// Whether the object or array being written needs a comma before its next member or element.
    private var needsComma = false

    public init(capacity: Int = 160) { bytes.reserveCapacity(capacity) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
    public var utf8: [UInt8] { bytes }

    public mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func openArray() {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func closeArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Before each element of an array.
    public mutating func element() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = false
    }

    public mutating func key(_ name: StaticString) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    /// A string member, left out when nil.
    public mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// A string member written as `null` when nil.
    public mutating func fieldOrNull(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { raw("null") }
    }

    public mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    /// A JSON string with the escapes `JSONEncoder` uses: `\"`, `\\`, the short forms of control
    /// characters and `\u00XX` for the rest of them; everything else as it is.
    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most strings (Thai labels, IDs, times) need no escape: one copy instead of a byte at a time.
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            bytes.append(contentsOf: s.utf8)
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A finite number as `JSONEncoder` writes it (Swift's shortest form, without a trailing `.0`);
    /// nil for values the encoder would refuse.
    public static func number(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
