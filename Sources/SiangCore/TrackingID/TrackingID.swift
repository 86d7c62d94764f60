import Foundation

/// The ID a citizen keeps to follow a case: `PREFIX-` then 11 Crockford base32 symbols (DESIGN.md 5.2):
/// two digits of the Buddhist Era year, eight random symbols (40 bits) and a Luhn mod 32 check symbol.
///
/// Parsing is tolerant of how people copy IDs (any case, spaces and hyphens, I/L for 1, O for 0) but a
/// wrong check symbol is always caught, so a mistyped ID never shows someone else's case.
public struct TrackingID: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The prefix, 2 to 5 capital letters.
    public let prefix: String
    /// The 11 symbols after the hyphen.
    public let body: String

    public var description: String { "\(prefix)-\(body)" }

    /// Builds an ID from its parts; the body must already be canonical and carry a valid check symbol.
    public init(prefix: String, body: String) throws(TrackingIDError) {
        try Self.validatePrefix(prefix)
        guard body.count == 11, body.allSatisfy({ CrockfordBase32.alphabet.contains($0) }) else {
            throw .malformed
        }
        let values = body.map { CrockfordBase32.value(of: $0)! }
        guard CrockfordBase32.luhnCheckValue(values.prefix(10)) == values[10] else { throw .checkFailed }
        self.prefix = prefix
        self.body = body
    }

    /// An ID whose prefix and body were checked by the caller.
    private init(checkedPrefix prefix: String, body: String) {
        self.prefix = prefix
        self.body = body
    }

    /// An ID read back from our own store, where only valid IDs are ever written: the check is skipped
    /// because it is done on every way in. Never use this for input from outside. A report reads a
    /// million of them: the hyphen is found among the bytes, not the characters.
    public init(storedCanonical text: String) {
        let hyphen = text.utf8.firstIndex(of: UInt8(ascii: "-")) ?? text.startIndex
        prefix = String(text[..<hyphen])
        body = hyphen < text.endIndex ? String(text[text.index(after: hyphen)...]) : text
    }

    /// A fresh ID for a case received in Buddhist Era year `beYear`, with 40 bits from `generator`.
    ///
    /// Pass `SystemRandomNumberGenerator` (the operating system's cryptographic source) in production.
    public static func generate<G: RandomNumberGenerator>(
        prefix: String, beYear: Int, using generator: inout G
    ) throws(TrackingIDError) -> TrackingID {
        try validatePrefix(prefix)
        let yy = ((beYear % 100) + 100) % 100
        var values = [yy / 10, yy % 10]
        let random = generator.next() & 0xFF_FFFF_FFFF  // 40 bits
        for shift in stride(from: 35, through: 0, by: -5) {
            values.append(Int((random >> UInt64(shift)) & 31))
        }
        values.append(CrockfordBase32.luhnCheckValue(values))
        let body = String(values.map { CrockfordBase32.alphabet[$0] })
        return try TrackingID(prefix: prefix, body: body)
    }

    /// Reads an ID as a person typed it. `expectedPrefix` is the agency's prefix; it may be left out.
    ///
    /// Throws ``TrackingIDError/malformed`` for something that is not an ID at all and
    /// ``TrackingIDError/checkFailed`` for a well-formed ID whose check symbol does not match.
    public static func parse(_ input: String, expectedPrefix: String) throws(TrackingIDError) -> TrackingID {
        guard input.utf8.count <= 64 else { throw .malformed }
        if let id = try parseASCII(input, expectedPrefix: expectedPrefix) { return id }
        return try parseCharacters(input, expectedPrefix: expectedPrefix)
    }

    /// ``parse(_:expectedPrefix:)`` on the bytes, for an input and prefix all ASCII (nearly every
    /// lookup); nil sends anything else to ``parseCharacters(_:expectedPrefix:)``. Same answers and the
    /// same errors in the same order (a test compares the two): reading the characters, with a
    /// dictionary per symbol and the ID checked twice, was as costly as the lookup's read.
    static func parseASCII(_ input: String, expectedPrefix: String) throws(TrackingIDError) -> TrackingID? {
        var compact: [UInt8] = []
        compact.reserveCapacity(24)
        for byte in input.utf8 {
            if byte >= 0x80 { return nil }
            // The hyphen and ASCII white space (tab to carriage return, space) are left out.
            if byte == UInt8(ascii: "-") || byte == 0x20 || (0x09...0x0D).contains(byte) { continue }
            compact.append((0x61...0x7A).contains(byte) ? byte - 0x20 : byte)
        }
        let prefix = Array(expectedPrefix.utf8)
        if prefix.contains(where: { $0 >= 0x80 }) { return nil }
        var start = 0
        if compact.count == prefix.count + 11 && compact.starts(with: prefix) {
            start = prefix.count
        } else if compact.count != 11 {
            throw .malformed
        }
        var values: [Int] = []
        values.reserveCapacity(11)
        for byte in compact[start...] {
            guard let v = CrockfordBase32.value(ofASCII: byte) else { throw .malformed }
            values.append(v)
        }
        guard (2...5).contains(prefix.count), prefix.allSatisfy({ (0x41...0x5A).contains($0) }) else { throw .badPrefix(expectedPrefix) }
        guard CrockfordBase32.luhnCheckValue(values.prefix(10)) == values[10] else { throw .checkFailed }
        return TrackingID(checkedPrefix: expectedPrefix, body: String(decoding: values.map { CrockfordBase32.asciiAlphabet[$0] }, as: UTF8.self))
    }

    /// ``parse(_:expectedPrefix:)`` on the characters, for input with anything beyond ASCII.
    static func parseCharacters(_ input: String, expectedPrefix: String) throws(TrackingIDError) -> TrackingID {
        let compact = input.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        var body = Substring(compact)
        if compact.count == expectedPrefix.count + 11 && compact.hasPrefix(expectedPrefix) {
            body = body.dropFirst(expectedPrefix.count)
        } else if compact.count != 11 {
            throw .malformed
        }
        var canonical = ""
        canonical.reserveCapacity(11)
        for c in body {
            guard let v = CrockfordBase32.value(of: c) else { throw .malformed }
            canonical.append(CrockfordBase32.alphabet[v])
        }
        return try TrackingID(prefix: expectedPrefix, body: canonical)
    }

    static func validatePrefix(_ prefix: String) throws(TrackingIDError) {
        guard (2...5).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw .badPrefix(prefix)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hyphen = text.firstIndex(of: "-") else { throw TrackingIDError.malformed }
        try self.init(prefix: String(text[..<hyphen]), body: String(text[text.index(after: hyphen)...]))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why a tracking ID was not accepted.
public enum TrackingIDError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed
    case checkFailed
    case badPrefix(String)

    public var description: String {
        switch self {
        case .malformed: "this is not a tracking ID"
        case .checkFailed: "check the tracking ID: one of its characters is wrong"
        case .badPrefix(let p): "tracking ID prefix \"\(p)\" must be 2 to 5 capital letters"
        }
    }
}
