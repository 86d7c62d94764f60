/// RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in header text.
///
/// Adjacent encoded words separated only by whitespace are joined and the whitespace dropped
/// (RFC 2047 6.2). The bytes of consecutive words in the same charset are decoded together, so a
/// character split across two words (a 3-byte UTF-8 Thai letter cut after its first byte, as some
/// mailers do when they wrap at 75 characters) comes out whole. Text around the words is read as
/// UTF-8 when valid, Windows-874 otherwise. Words glued to other text are decoded too, as mail
/// clients do, though the RFC forbids them.
enum EncodedWords {
    /// Longest encoded text looked for; RFC 2047 allows 75 characters a word, mailers sometimes
    /// send more. The bound keeps a header full of stray "=?" linear.
    private static let maxWordLength = 512

    /// Decodes `value` to UTF-8 bytes. `subject` names the header in warnings.
    static func decode(_ value: ArraySlice<UInt8>, subject: String, diagnostics: inout Diagnostics) -> [UInt8] {
        guard containsMarker(value) else { return TextDecoder.headerText(value) }
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var pendingCharset: ArraySlice<UInt8>?
        var pendingBytes: [UInt8] = []
        var literalStart = value.startIndex
        var lastWasWord = false
        var i = value.startIndex

        func flush(_ diagnostics: inout Diagnostics) {
            guard let charset = pendingCharset else { return }
            out.append(contentsOf: TextDecoder.decode(pendingBytes[...], label: charset, subject: subject, diagnostics: &diagnostics))
            pendingCharset = nil
            pendingBytes.removeAll(keepingCapacity: true)
        }

        while let eq = value.firstIndex(of: Byte.equals, from: i) {
            guard let word = parseWord(value, at: eq) else {
                i = eq + 1
                continue
            }
            let between = value[literalStart..<eq]
            if !(lastWasWord && between.isBlankText) {
                flush(&diagnostics)
                out.append(contentsOf: TextDecoder.headerText(between))
            }
            if let charset = pendingCharset, sameCharset(charset, word.charset) {
                pendingBytes.append(contentsOf: word.bytes)
            } else {
                flush(&diagnostics)
                pendingCharset = word.charset
                pendingBytes.append(contentsOf: word.bytes)
            }
            lastWasWord = true
            i = word.end
            literalStart = i
        }
        flush(&diagnostics)
        out.append(contentsOf: TextDecoder.headerText(value[literalStart...]))
        return out
    }

    private static func containsMarker(_ value: ArraySlice<UInt8>) -> Bool {
        var i = value.startIndex
        while let eq = value.firstIndex(of: Byte.equals, from: i) {
            if eq + 1 < value.endIndex, value[eq + 1] == Byte.question { return true }
            i = eq + 1
        }
        return false
    }

    private struct Word {
        var charset: ArraySlice<UInt8>
        var bytes: [UInt8]
        var end: Int
    }

    /// Reads `=?charset?encoding?text?=` at `start`, or nil if there is no well-formed word there.
    private static func parseWord(_ v: ArraySlice<UInt8>, at start: Int) -> Word? {
        let end = v.endIndex
        guard start + 1 < end, v[start + 1] == Byte.question else { return nil }
        var k = start + 2
        let charsetStart = k
        while k < end, v[k] != Byte.question {
            if Byte.isWhitespace(v[k]) || k - charsetStart > 64 { return nil }
            k += 1
        }
        guard k + 2 < end, k > charsetStart, v[k + 2] == Byte.question else { return nil }
        let charset = v[charsetStart..<k]
        let encoding = Byte.lowercased(v[k + 1])
        guard encoding == 0x62 || encoding == 0x71 else { return nil }  // b, q
        let textStart = k + 3
        var j = textStart
        let limit = min(end, textStart + maxWordLength)
        while j + 1 < limit {
            if v[j] == Byte.question, v[j + 1] == Byte.equals { break }
            j += 1
        }
        guard j + 1 < limit else { return nil }
        let text = v[textStart..<j]
        let bytes = encoding == 0x62 ? TransferDecoding.base64(text).bytes : TransferDecoding.qEncoding(text)
        return Word(charset: charset, bytes: bytes, end: j + 2)
    }

    private static func sameCharset(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        if let ca = Charset(label: a), let cb = Charset(label: b) { return ca == cb }
        return a.count == b.count && zip(a, b).allSatisfy { Byte.lowercased($0) == Byte.lowercased($1) }
    }
}
