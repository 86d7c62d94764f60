/// Cleans decoded text bodies: line endings to LF, a leading byte-order mark, NUL and other control
/// bytes removed (counted, for a warning), `format=flowed` lines rejoined (RFC 3676), trailing
/// blanks on each line and blank lines around the text trimmed.
enum PlainText {
    struct Cleaned {
        var bytes: [UInt8]
        var nuls = 0
        var controls = 0
    }

    static func clean(_ utf8: [UInt8], flowed: Bool = false, delSp: Bool = false) -> Cleaned {
        var result = Cleaned(bytes: [])
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        if utf8.count >= 3, utf8[0] == 0xEF, utf8[1] == 0xBB, utf8[2] == 0xBF { i = 3 }
        while i < utf8.count {
            let b = utf8[i]
            if b < Byte.space || b == 0x7F {
                switch b {
                case Byte.lf, Byte.tab:
                    out.append(b)
                case Byte.cr:
                    out.append(Byte.lf)
                    if i + 1 < utf8.count, utf8[i + 1] == Byte.lf { i += 1 }
                case 0:
                    result.nuls += 1
                default:
                    result.controls += 1
                }
            } else {
                out.append(b)
            }
            i += 1
        }
        if flowed { out = unflow(out, delSp: delSp) }
        result.bytes = trimmed(out)
        return result
    }

    /// Joins the soft-broken lines of format=flowed text: a line ending in a space continues on the
    /// next line of the same quote depth; "-- " (the signature separator) never continues.
    private static func unflow(_ text: [UInt8], delSp: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var previousFlowedDepth: Int?
        var isFirstLine = true
        for line in text.split(separator: Byte.lf, omittingEmptySubsequences: false) {
            var depth = 0
            var content = line
            while content.first == 0x3E { depth += 1; content = content.dropFirst() }
            if content.first == Byte.space { content = content.dropFirst() }  // space-stuffing
            let isSignature = content.count == 3 && content.elementsEqual([Byte.hyphen, Byte.hyphen, Byte.space])
            if let flowedDepth = previousFlowedDepth, flowedDepth == depth {
                if delSp, out.last == Byte.space { out.removeLast() }
            } else {
                if !isFirstLine { out.append(Byte.lf) }
                if depth > 0 {
                    out.append(contentsOf: repeatElement(0x3E, count: depth))
                    out.append(Byte.space)
                }
            }
            out.append(contentsOf: content)
            isFirstLine = false
            previousFlowedDepth = content.last == Byte.space && !isSignature ? depth : nil
        }
        return out
    }

    private static func trimmed(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for b in text {
            if b == Byte.lf {
                while let last = out.last, Byte.isBlank(last) { out.removeLast() }
            }
            out.append(b)
        }
        while let last = out.last, Byte.isWhitespace(last) { out.removeLast() }
        var start = 0
        // Drop leading blank lines but keep the indentation of the first line of text.
        var k = 0
        while k < out.count, Byte.isWhitespace(out[k]) {
            if out[k] == Byte.lf { start = k + 1 }
            k += 1
        }
        return start == 0 ? out : Array(out[start...])
    }
}
