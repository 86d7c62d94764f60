/// The character sets Thai mail arrives in, and how their bytes become text.
///
/// TIS-620, ISO-8859-11 and Windows-874 share one table: each maps 0xA1-0xFB to U+0E01-U+0E5B
/// (byte b to U+0E00 + b - 0xA0), and Windows-874 adds punctuation in 0x80-0x9F. Mail labelled with
/// either of the first two often carries those Windows bytes too (as WHATWG also notes), so all three
/// are read with the Windows-874 table.
enum Charset: Equatable, CustomStringConvertible {
    case utf8, usASCII, tis620, windows874, iso8859_11, latin1, windows1252

    /// Recognises a charset label: any case, surrounding quotes and spaces ignored, an RFC 2231
    /// language suffix (`utf-8*th`) dropped, and the usual aliases (`tis620`, `x-windows-874`,
    /// `cp874`, `iso8859-11`, `utf8`, ...). Nil for a label it does not know.
    init?(label: ArraySlice<UInt8>) {
        var key: [UInt8] = []
        key.reserveCapacity(label.count)
        for b in label {
            if b == 0x2A { break }  // "*": RFC 2231 language follows
            if b == Byte.hyphen || b == 0x5F || b == Byte.space || b == Byte.quote || b == Byte.tab || b == 0x2E { continue }
            key.append(Byte.lowercased(b))
        }
        switch String(decoding: key, as: UTF8.self) {
        case "utf8", "unicode11utf8", "xunicode20utf8": self = .utf8
        case "usascii", "ascii", "us", "ansix341968", "iso646us", "csascii", "iso646irv:1991", "cp367", "ibm367": self = .usASCII
        case "tis620", "tis6200", "tis62025290", "tis62025291", "tis6202533", "isoir166", "cstis620", "thai": self = .tis620
        case "windows874", "xwindows874", "cp874", "ms874", "win874", "ibm874", "xibm874", "dos874": self = .windows874
        case "iso885911", "iso8859112001", "iso885911:2001", "latinthai", "csiso885911": self = .iso8859_11
        case "iso88591", "latin1", "l1", "isolatin1", "cp819", "ibm819", "iso885911987", "csisolatin1": self = .latin1
        case "windows1252", "cp1252", "xcp1252", "win1252": self = .windows1252
        default: return nil
        }
    }

    var description: String {
        switch self {
        case .utf8: "UTF-8"
        case .usASCII: "US-ASCII"
        case .tis620: "TIS-620"
        case .windows874: "Windows-874"
        case .iso8859_11: "ISO-8859-11"
        case .latin1: "ISO-8859-1"
        case .windows1252: "Windows-1252"
        }
    }
}

/// Turns bytes in a declared (or undeclared) charset into valid UTF-8, warning when the label is
/// unknown or does not fit the bytes.
enum TextDecoder {
    /// Decodes `bytes` labelled `label` (nil when the mail gives none). `subject` names what is
    /// decoded in warnings ("Part 1.2", "Header Subject").
    static func decode(_ bytes: ArraySlice<UInt8>, label: ArraySlice<UInt8>?, subject: String,
                       diagnostics: inout Diagnostics) -> [UInt8] {
        let charset: Charset
        let label = label.map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        if let label {
            guard let known = Charset(label: label) else {
                let shown = printable(label)
                if readsAsUTF8(bytes) {
                    diagnostics.warn("\(subject): unknown charset \"\(shown)\"; read as UTF-8.")
                    return Array(bytes)
                }
                diagnostics.warn("\(subject): unknown charset \"\(shown)\"; read as Windows-874.")
                return windows874(bytes)
            }
            charset = known
        } else {
            charset = .usASCII
        }
        return decode(bytes, as: charset, declared: label != nil, subject: subject, diagnostics: &diagnostics)
    }

    /// Decodes `bytes` in a known charset, correcting the common mislabellings of Thai mail.
    static func decode(_ bytes: ArraySlice<UInt8>, as charset: Charset, declared: Bool = true, subject: String,
                       diagnostics: inout Diagnostics) -> [UInt8] {
        if isASCII(bytes) { return Array(bytes) }
        switch charset {
        case .usASCII:
            let what = declared ? "declared US-ASCII but contains 8-bit text" : "no charset but contains 8-bit text"
            if readsAsUTF8(bytes) {
                diagnostics.warn("\(subject): \(what); read as UTF-8.")
                return Array(bytes)
            }
            diagnostics.warn("\(subject): \(what); read as Windows-874.")
            return windows874(bytes)
        case .utf8:
            let scan = UTF8Check.scan(bytes)
            if scan.invalid == 0 { return Array(bytes) }
            if scan.multibyte > 0, scan.multibyte >= scan.invalid {
                diagnostics.warn("\(subject): replaced \(Diagnostics.count(scan.invalid, "byte")) that \(scan.invalid == 1 ? "is" : "are") not valid UTF-8 with U+FFFD.")
                return UTF8Check.repaired(bytes)
            }
            diagnostics.warn("\(subject): declared UTF-8 but is not; read as Windows-874.")
            return windows874(bytes)
        case .tis620, .windows874, .iso8859_11:
            if containsThaiUTF8(bytes), UTF8Check.isValid(bytes) {
                diagnostics.warn("\(subject): declared \(charset) but is UTF-8; read as UTF-8.")
                return Array(bytes)
            }
            return windows874(bytes)
        case .latin1, .windows1252:
            if readsAsUTF8(bytes) {
                diagnostics.warn("\(subject): declared \(charset) but is UTF-8; read as UTF-8.")
                return Array(bytes)
            }
            if looksLikeSingleByteThai(bytes) {
                diagnostics.warn("\(subject): declared \(charset) but is Thai; read as Windows-874.")
                return windows874(bytes)
            }
            return charset == .latin1 ? latin1(bytes) : windows1252(bytes)
        }
    }

    /// Header text outside encoded words: UTF-8 when it reads as UTF-8 (RFC 6532), otherwise Windows-874.
    static func headerText(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        readsAsUTF8(bytes) ? Array(bytes) : windows874(bytes)
    }

    /// Whether bytes of unknown charset are UTF-8: they must be valid UTF-8, and a short run that is
    /// also plausible single-byte Thai (TIS-620 "ไฟดับ" happens to be valid UTF-8) counts as Thai
    /// unless it has Thai UTF-8 sequences or at least four multi-byte characters, which chance does
    /// not produce.
    static func readsAsUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        if isASCII(bytes) { return true }
        let scan = UTF8Check.scan(bytes)
        guard scan.invalid == 0 else { return false }
        return scan.multibyte >= 4 || containsThaiUTF8(bytes) || !looksLikeSingleByteThai(bytes)
    }

    // MARK: - Tables

    static func windows874(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
            } else if b >= 0xA1, b <= 0xFB {
                let scalar = UInt32(0x0E00) + UInt32(b - 0xA0)
                out.append(0xE0)
                out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
                out.append(UInt8(0x80 | scalar & 0x3F))
            } else if b == 0xA0 {
                out.append(0xC2); out.append(0xA0)
            } else if b < 0xA0 {
                appendScalar(windows874High[Int(b - 0x80)], to: &out)
            } else {
                appendScalar(0xFFFD, to: &out)
            }
        }
        return out
    }

    static func latin1(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { appendScalar(UInt32(b), to: &out) }
        return out
    }

    static func windows1252(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            appendScalar(b >= 0x80 && b < 0xA0 ? windows1252High[Int(b - 0x80)] : UInt32(b), to: &out)
        }
        return out
    }

    /// Windows-874 0x80-0x9F; U+FFFD where the code page leaves a byte undefined.
    private static let windows874High: [UInt32] = [
        0x20AC, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x2026, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
    ]

    /// Windows-1252 0x80-0x9F.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    // MARK: - Sniffing

    static func isASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.isEmpty { return true }
        return bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            let n = buffer.count
            let raw = UnsafeRawPointer(buffer.baseAddress!)
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < n {
                if buffer[i] >= 0x80 { return false }
                i += 1
            }
            return true
        }
    }

    /// UTF-8 Thai is always E0 B8 xx or E0 B9 xx; in TIS-620 those two bytes read "เุ"/"เู", which
    /// Thai spelling never produces. So the pair marks UTF-8 text carrying a Thai label.
    private static func containsThaiUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while let e0 = bytes.firstIndex(of: 0xE0, from: i) {
            if e0 + 1 < bytes.endIndex, bytes[e0 + 1] == 0xB8 || bytes[e0 + 1] == 0xB9 { return true }
            i = e0 + 1
        }
        return false
    }

    /// Single-byte Thai in a Latin-1 label: most 8-bit bytes sit in runs of three or more Thai-range
    /// bytes (whole Thai words), which Western text with the odd accented letter does not have.
    private static func looksLikeSingleByteThai(_ bytes: ArraySlice<UInt8>) -> Bool {
        var high = 0, inRuns = 0, run = 0
        for b in bytes {
            if b >= 0x80 { high += 1 }
            if b >= 0xA1, b <= 0xFB {
                run += 1
            } else {
                if run >= 3 { inRuns += run }
                run = 0
            }
        }
        if run >= 3 { inRuns += run }
        return high > 0 && inRuns * 2 >= high
    }

    private static func printable(_ label: ArraySlice<UInt8>) -> String {
        let cleaned = label.trimmingWhitespace().prefix(40).map { $0 >= 0x20 && $0 < 0x7F && $0 != Byte.quote ? $0 : 0x3F }
        return String(decoding: cleaned, as: UTF8.self)
    }

    @inline(__always) static func appendScalar(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            out.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
