/// Splits a multipart body at its boundary lines (RFC 2046 5.1.1).
///
/// A delimiter is `--boundary` at the start of a line, followed only by optional blanks; the close
/// delimiter adds `--`. The line break before a delimiter belongs to it, not to the part. Preamble
/// and epilogue are dropped. A body that ends without the close delimiter keeps its last part up
/// to the end (and says so), so a truncated message still yields everything it carried.
enum MultipartParser {
    struct Split {
        var parts: [ArraySlice<UInt8>] = []
        /// Whether the close delimiter was seen.
        var closed = false
    }

    static func split(_ body: ArraySlice<UInt8>, boundary: ArraySlice<UInt8>) -> Split {
        var result = Split()
        let delimiter: [UInt8] = [Byte.hyphen, Byte.hyphen] + boundary
        let end = body.endIndex
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < end {
            if let (isClose, next) = delimiterLine(body, at: lineStart, delimiter: delimiter) {
                if let start = partStart {
                    result.parts.append(body[start..<partEnd(body, start: start, delimiterAt: lineStart)])
                }
                if isClose {
                    result.closed = true
                    return result
                }
                partStart = next
                lineStart = next
                continue
            }
            guard let lf = body.firstIndex(of: Byte.lf, from: lineStart) else { break }
            lineStart = lf + 1
        }
        if let start = partStart { result.parts.append(body[min(start, end)..<end]) }
        return result
    }

    /// The first line that looks like a delimiter ("--" and at least one more character, no blanks),
    /// for a multipart whose Content-Type lost its boundary parameter.
    static func guessBoundary(_ body: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lf = body.firstIndex(of: Byte.lf, from: lineStart) ?? body.endIndex
            var line = body[lineStart..<lf]
            if line.last == Byte.cr { line = line.dropLast() }
            if line.count > 2, line.first == Byte.hyphen, line[line.startIndex + 1] == Byte.hyphen,
               !line.contains(where: { Byte.isWhitespace($0) }) {
                var candidate = line.dropFirst(2)
                // If the first delimiter found is a close delimiter, drop its trailing "--".
                if candidate.count > 2, candidate.last == Byte.hyphen, candidate[candidate.endIndex - 2] == Byte.hyphen {
                    candidate = candidate.dropLast(2)
                }
                return candidate
            }
            lineStart = lf + 1
        }
        return nil
    }

    /// If a delimiter line starts at `i`: whether it is the close delimiter, and where the next line starts.
    @inline(__always)
    private static func delimiterLine(_ body: ArraySlice<UInt8>, at i: Int, delimiter: [UInt8]) -> (Bool, Int)? {
        let end = body.endIndex
        guard end - i >= delimiter.count, body[i] == Byte.hyphen, body[i + 1] == Byte.hyphen else { return nil }
        for k in 2..<delimiter.count where body[i + k] != delimiter[k] { return nil }
        var k = i + delimiter.count
        var isClose = false
        if k + 1 < end, body[k] == Byte.hyphen, body[k + 1] == Byte.hyphen {
            isClose = true
            k += 2
        }
        while k < end, Byte.isBlank(body[k]) { k += 1 }
        if k == end { return (isClose, end) }
        if body[k] == Byte.lf { return (isClose, k + 1) }
        if body[k] == Byte.cr { return (isClose, k + 1 < end && body[k + 1] == Byte.lf ? k + 2 : k + 1) }
        // Text after the boundary: a close delimiter may be followed by anything; an open one may not.
        return isClose ? (true, end) : nil
    }

    /// The end of a part whose next delimiter starts at `delimiterAt`: before the line break that
    /// precedes the delimiter.
    private static func partEnd(_ body: ArraySlice<UInt8>, start: Int, delimiterAt: Int) -> Int {
        var e = delimiterAt
        if e > start, body[e - 1] == Byte.lf { e -= 1 }
        if e > start, body[e - 1] == Byte.cr { e -= 1 }
        return max(e, start)
    }
}
