/// A part's `Content-Transfer-Encoding`.
enum TransferEncoding: Equatable {
    /// 7bit, 8bit, binary or none given: the bytes are the content.
    case identity
    case quotedPrintable
    case base64
    /// A value we do not know (x-uuencode, garbage); the bytes are kept as they are.
    case unknown(String)

    init(header: ArraySlice<UInt8>?) {
        guard let value = header?.trimmingWhitespace(), !value.isEmpty else {
            self = .identity
            return
        }
        // Tolerate quotes and trailing junk such as "base64;" or "\"Quoted-Printable\"".
        var token = value
        if token.first == Byte.quote { token = token.dropFirst() }
        if let stop = token.firstIndex(where: { $0 == Byte.quote || $0 == Byte.semicolon || Byte.isWhitespace($0) }) {
            token = token[..<stop]
        }
        if token.equalsIgnoringCase("base64") {
            self = .base64
        } else if token.equalsIgnoringCase("quoted-printable") {
            self = .quotedPrintable
        } else if token.equalsIgnoringCase("7bit") || token.equalsIgnoringCase("8bit")
                    || token.equalsIgnoringCase("binary") || token.equalsIgnoringCase("7-bit")
                    || token.equalsIgnoringCase("8-bit") {
            self = .identity
        } else {
            self = .unknown(String(decoding: token.prefix(40).map { $0 >= 0x20 && $0 < 0x7F ? $0 : 0x3F }, as: UTF8.self))
        }
    }
}

/// Decoders for the two transfer encodings and for the Q encoding of RFC 2047. Each is total: bad
/// input gives the best bytes it can and a count of what it had to skip.
enum TransferDecoding {
    /// Decodes a body part, warning about what it had to repair.
    static func decode(_ body: ArraySlice<UInt8>, _ encoding: TransferEncoding, path: PartPath,
                       diagnostics: inout Diagnostics) -> ArraySlice<UInt8> {
        switch encoding {
        case .identity:
            return body
        case .unknown(let name):
            diagnostics.warn("\(path): unknown Content-Transfer-Encoding \"\(name)\"; kept the content as it is.")
            return body
        case .quotedPrintable:
            let result = quotedPrintable(body)
            if result.malformed > 0 {
                diagnostics.warn("\(path): kept \(Diagnostics.count(result.malformed, "malformed quoted-printable escape")) as written.")
            }
            return result.bytes[...]
        case .base64:
            let result = base64(body)
            if result.invalid > 0 {
                diagnostics.warn("\(path): skipped \(Diagnostics.count(result.invalid, "character")) that \(result.invalid == 1 ? "is" : "are") not base64.")
            }
            if result.truncated {
                diagnostics.warn("\(path): base64 ends in the middle of a byte; dropped the incomplete end.")
            }
            return result.bytes[...]
        }
    }

    // MARK: - Quoted-printable (RFC 2045 6.7)

    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], malformed: Int) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var malformed = 0
        var i = input.startIndex
        let end = input.endIndex
        while i < end {
            let b = input[i]
            if b == Byte.equals {
                if i + 2 < end, let hi = Byte.hexValue(input[i + 1]), let lo = Byte.hexValue(input[i + 2]) {
                    out.append(hi << 4 | lo)
                    i += 3
                    continue
                }
                // A soft line break: "=" then optional blanks then CRLF, LF or the end.
                var k = i + 1
                while k < end, Byte.isBlank(input[k]) { k += 1 }
                if k == end {
                    i = k
                    continue
                }
                if input[k] == Byte.lf {
                    i = k + 1
                    continue
                }
                if input[k] == Byte.cr {
                    i = k + 1 < end && input[k + 1] == Byte.lf ? k + 2 : k + 1
                    continue
                }
                malformed += 1
                out.append(b)
                i += 1
            } else if Byte.isBlank(b) {
                // Blanks at the end of a line were added in transport and are dropped.
                var k = i + 1
                while k < end, Byte.isBlank(input[k]) { k += 1 }
                if k == end || input[k] == Byte.cr || input[k] == Byte.lf {
                    i = k
                } else {
                    out.append(contentsOf: input[i..<k])
                    i = k
                }
            } else {
                out.append(b)
                i += 1
            }
        }
        return (out, malformed)
    }

    // MARK: - Base64 (RFC 2045 6.8), tolerant

    private static let whitespace: Int8 = -2
    private static let padding: Int8 = -3
    private static let invalidChar: Int8 = -1

    private static let base64Table: [Int8] = {
        var t = [Int8](repeating: invalidChar, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (v, c) in alphabet.enumerated() { t[Int(c)] = Int8(v) }
        for c in [Byte.space, Byte.tab, Byte.cr, Byte.lf, 0x0B, 0x0C] { t[Int(c)] = whitespace }
        t[Int(Byte.equals)] = padding
        return t
    }()

    /// Decodes base64, skipping whitespace and counting other foreign characters. Padding ends a
    /// group and decoding continues after it, which reads concatenated base64 blocks correctly.
    /// `truncated` says one lone character was left over at the end.
    static func base64(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], invalid: Int, truncated: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3 + 3)
        var invalid = 0
        var truncated = false
        var accumulator: UInt32 = 0
        var count = 0
        base64Table.withUnsafeBufferPointer { table in
            input.withUnsafeBufferPointer { bytes in
                for c in bytes {
                    let v = table[Int(c)]
                    if v >= 0 {
                        accumulator = accumulator << 6 | UInt32(v)
                        count += 1
                        if count == 4 {
                            out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                            out.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                            out.append(UInt8(truncatingIfNeeded: accumulator))
                            count = 0
                            accumulator = 0
                        }
                    } else if v == whitespace {
                        continue
                    } else if v == padding {
                        if count == 1 { truncated = true }
                        flush(&accumulator, &count, into: &out)
                    } else {
                        invalid += 1
                    }
                }
            }
        }
        if count == 1 { truncated = true }
        flush(&accumulator, &count, into: &out)
        return (out, invalid, truncated)
    }

    /// Writes the whole bytes of an incomplete group (2 or 3 characters) and resets it.
    private static func flush(_ accumulator: inout UInt32, _ count: inout Int, into out: inout [UInt8]) {
        if count == 2 {
            out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        } else if count == 3 {
            out.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            out.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        }
        accumulator = 0
        count = 0
    }

    // MARK: - RFC 2047 Q encoding

    /// The Q encoding of encoded words: "_" is a space, "=XX" a byte, anything else itself.
    static func qEncoding(_ input: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = input.startIndex
        while i < input.endIndex {
            let b = input[i]
            if b == 0x5F {
                out.append(Byte.space)
            } else if b == Byte.equals, i + 2 < input.endIndex,
                      let hi = Byte.hexValue(input[i + 1]), let lo = Byte.hexValue(input[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return out
    }
}
