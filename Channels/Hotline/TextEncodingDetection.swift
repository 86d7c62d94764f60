import Foundation

/// The text encoding of a hotline log: what `--encoding auto|utf-8|windows-874` chooses.
///
/// Thai call-centre software and Excel on Thai Windows still write Windows-874 (a superset of
/// TIS-620); newer systems write UTF-8, often with a byte order mark. `auto` tells them apart from
/// the bytes: a byte order mark means UTF-8; otherwise the first chunk with non-ASCII bytes decides —
/// valid UTF-8 is UTF-8, invalid UTF-8 with bytes in the Thai range 0xA1–0xFB is Windows-874.
public enum HotlineTextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    case auto
    case utf8 = "utf-8"
    case windows874 = "windows-874"

    /// Reads a command-line value; besides the raw values it accepts the usual spellings
    /// (`utf8`, `UTF-8`, `tis-620`, `tis620`, `cp874`, `windows874`, `iso-8859-11`).
    public init?(argument: String) {
        let key = argument.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "_", with: "-")
        switch key {
        case "auto": self = .auto
        case "utf-8", "utf8": self = .utf8
        case "windows-874", "windows874", "cp874", "cp-874", "x-windows-874", "tis-620", "tis620",
             "iso-8859-11", "iso8859-11":
            self = .windows874
        default: return nil
        }
    }

    public var description: String { rawValue }
}

/// Watches the first chunks of a file and decides between UTF-8 and Windows-874.
///
/// Chunks that are all ASCII decide nothing (both encodings read them the same); the first chunk with
/// a non-ASCII byte decides. A multi-byte sequence cut at the end of a chunk waits for the next one.
struct EncodingSniffer {
    private(set) var verdict: HotlineTextEncoding?
    /// Bytes of a UTF-8 sequence cut at the end of the previous chunk.
    private var tail: [UInt8] = []

    mutating func feed(_ chunk: [UInt8]) {
        guard verdict == nil else { return }
        let bytes = tail + chunk
        tail = []
        guard let firstHigh = bytes.firstIndex(where: { $0 >= 0x80 }) else { return }
        switch UTF8Check.scan(bytes[firstHigh...]) {
        case .valid:
            verdict = .utf8
        case .truncated(let start):
            if start > firstHigh {
                verdict = .utf8
            } else {
                tail = Array(bytes[start...])
            }
        case .invalid:
            verdict = Self.hasThaiBytes(bytes) ? .windows874 : .utf8
        }
    }

    /// The verdict now, deciding from whatever was held back if it has to.
    mutating func decideNow() -> HotlineTextEncoding? {
        if verdict == nil, !tail.isEmpty {
            // A sequence that never completed is not UTF-8.
            verdict = Self.hasThaiBytes(tail) ? .windows874 : .utf8
        }
        return verdict
    }

    private static func hasThaiBytes(_ bytes: [UInt8]) -> Bool {
        bytes.contains { (0xA1...0xFB).contains($0) }
    }
}

/// UTF-8 well-formedness (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
enum UTF8Check: Equatable {
    case valid
    /// Valid up to a sequence cut short at the end, which starts at this index.
    case truncated(at: Int)
    case invalid

    static func scan(_ bytes: ArraySlice<UInt8>) -> UTF8Check {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let lead = bytes[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return .invalid
            }
            for k in 1..<length {
                guard i + k < end else { return .truncated(at: i) }
                let byte = bytes[i + k]
                let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= lo && byte <= hi else { return .invalid }
            }
            i += length
        }
        return .valid
    }
}

/// Windows-874 (TIS-620 plus a few punctuation marks in 0x80–0x9F) to and from Unicode.
enum Windows874 {
    /// The Unicode scalar for each byte 0x80–0xFF; U+FFFD where the code page defines nothing.
    static let upperHalf: [UInt16] = (0x80...0xFF).map { byte -> UInt16 in
        switch byte {
        case 0x80: 0x20AC // €
        case 0x85: 0x2026 // …
        case 0x91: 0x2018
        case 0x92: 0x2019
        case 0x93: 0x201C
        case 0x94: 0x201D
        case 0x95: 0x2022 // •
        case 0x96: 0x2013 // –
        case 0x97: 0x2014 // —
        case 0xA0: 0x00A0 // no-break space
        case 0xA1...0xDA, 0xDF...0xFB: UInt16(0x0E00 + (byte - 0xA0)) // Thai block
        default: 0xFFFD
        }
    }

    /// Decodes Windows-874 bytes; undefined bytes become U+FFFD.
    static func decode(_ bytes: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 3) { utf8 in
            var out = 0
            for byte in bytes {
                if byte < 0x80 {
                    utf8[out] = byte
                    out += 1
                    continue
                }
                let scalar = upperHalf[Int(byte) - 0x80]
                if scalar < 0x800 {
                    utf8[out] = 0xC0 | UInt8(scalar >> 6)
                    utf8[out + 1] = 0x80 | UInt8(scalar & 0x3F)
                    out += 2
                } else {
                    utf8[out] = 0xE0 | UInt8(scalar >> 12)
                    utf8[out + 1] = 0x80 | UInt8((scalar >> 6) & 0x3F)
                    utf8[out + 2] = 0x80 | UInt8(scalar & 0x3F)
                    out += 3
                }
            }
            return out
        }
    }

    /// Encodes text as Windows-874, or `nil` when a character has no Windows-874 byte.
    static func encode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                bytes.append(UInt8(scalar.value))
            } else if let index = upperHalf.firstIndex(of: UInt16(truncatingIfNeeded: scalar.value)),
                      scalar.value <= 0xFFFF, scalar.value != 0xFFFD {
                bytes.append(UInt8(0x80 + index))
            } else {
                return nil
            }
        }
        return bytes
    }
}

/// Turns a field's bytes into trimmed text in the file's encoding.
struct FieldDecoder {
    /// `.auto` until the first non-ASCII field forces a decision.
    private(set) var encoding: HotlineTextEncoding

    init(encoding: HotlineTextEncoding) {
        self.encoding = encoding
    }

    /// Fixes the encoding once `auto` has a verdict.
    mutating func settle(_ verdict: HotlineTextEncoding) {
        if encoding == .auto { encoding = verdict }
    }

    /// True when the bytes read the same in every supported encoding.
    static func isASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        var any: UInt8 = 0
        for byte in bytes { any |= byte }
        return any < 0x80
    }

    /// The field as text, without surrounding blanks (spaces, tabs, line ends, no-break spaces) and
    /// with CRLF and CR line ends inside it turned into LF. Call `settle` first for non-ASCII fields.
    func text(_ raw: ArraySlice<UInt8>) -> String {
        var bytes = Self.trimmed(raw, windows874: encoding == .windows874)
        if bytes.isEmpty { return "" }
        if bytes.contains(0x0D) { bytes = Self.unifyingLineEnds(bytes) }
        if encoding == .windows874 {
            return Windows874.decode(bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// CRLF and lone CR as LF (CR and LF are the same bytes in both encodings).
    static func unifyingLineEnds(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            if byte == 0x0D {
                result.append(0x0A)
                if index < bytes.endIndex, bytes[index] == 0x0A { index += 1 }
            } else {
                result.append(byte)
            }
        }
        return result[...]
    }

    static func trimmed(_ bytes: ArraySlice<UInt8>, windows874: Bool) -> ArraySlice<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        while start < end {
            let byte = bytes[start]
            if isBlank(byte) || (windows874 && byte == 0xA0) {
                start += 1
            } else if !windows874, byte == 0xC2, start + 1 < end, bytes[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            let byte = bytes[end - 1]
            if isBlank(byte) || (windows874 && byte == 0xA0) {
                end -= 1
            } else if !windows874, byte == 0xA0, end - 2 >= start, bytes[end - 2] == 0xC2 {
                end -= 2
            } else {
                break
            }
        }
        return bytes[start..<end]
    }
}
