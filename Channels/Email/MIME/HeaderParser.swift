/// One header field as sent: its name, and its value unfolded (the line breaks of continuation
/// lines removed, RFC 5322 2.2.3) and trimmed.
struct HeaderField {
    var name: ArraySlice<UInt8>
    var value: ArraySlice<UInt8>
}

/// The header section of a message or body part, in order, repeated fields kept.
struct HeaderSection {
    var fields: [HeaderField] = []

    /// The value of the first field named `lowercaseName` (names compare without case).
    func first(_ lowercaseName: StaticString) -> ArraySlice<UInt8>? {
        for field in fields where field.name.equalsIgnoringCase(lowercaseName) { return field.value }
        return nil
    }

    /// The values of every field named `lowercaseName`, in order.
    func all(_ lowercaseName: StaticString) -> [ArraySlice<UInt8>] {
        fields.filter { $0.name.equalsIgnoringCase(lowercaseName) }.map(\.value)
    }

    func contains(_ lowercaseName: StaticString) -> Bool { first(lowercaseName) != nil }
}

/// Splits a message or body part into its header section and body.
///
/// Tolerant of what real mail does: LF-only line endings, a whitespace-only line as the separator,
/// a leading mbox `From ` line, no blank line at all before the body (the body starts at the first
/// line that cannot be a header), and huge header lines (kept up to ``maxValueLength`` bytes).
enum HeaderParser {
    /// Longest header value kept; RFC 5322 allows 998 bytes per line, so this is generous.
    static let maxValueLength = 65_536

    static func split(_ entity: ArraySlice<UInt8>, path: PartPath,
                      diagnostics: inout Diagnostics) -> (headers: HeaderSection, body: ArraySlice<UInt8>) {
        var section = HeaderSection()
        var pending: (name: ArraySlice<UInt8>, first: Range<Int>, continuations: [Range<Int>])?
        let end = entity.endIndex
        var i = entity.startIndex
        var isFirstLine = true

        func finish(_ diagnostics: inout Diagnostics) {
            guard let field = pending else { return }
            pending = nil
            var value: ArraySlice<UInt8>
            if field.continuations.isEmpty {
                value = entity[field.first]
            } else {
                var joined = [UInt8]()
                joined.reserveCapacity(field.first.count + field.continuations.reduce(0) { $0 + $1.count })
                joined.append(contentsOf: entity[field.first])
                for range in field.continuations { joined.append(contentsOf: entity[range]) }
                value = joined[...]
            }
            value = value.trimmingWhitespace()
            if value.count > maxValueLength {
                // Step back over UTF-8 continuation bytes so the cut does not split a Thai letter.
                var cut = value.startIndex + maxValueLength
                var steps = 0
                while steps < 3, cut > value.startIndex, value[cut] & 0xC0 == 0x80 { cut -= 1; steps += 1 }
                let name = String(decoding: field.name.prefix(60), as: UTF8.self)
                diagnostics.warn("Header \(name): \(value.count) bytes long; kept the first \(cut - value.startIndex).")
                value = value[..<cut]
            }
            section.fields.append(HeaderField(name: field.name, value: value))
        }

        while i < end {
            let lf = entity.firstIndex(of: Byte.lf, from: i)
            var contentEnd = lf ?? end
            if contentEnd > i, entity[contentEnd - 1] == Byte.cr { contentEnd -= 1 }
            let next = lf.map { $0 + 1 } ?? end
            let line = entity[i..<contentEnd]

            if line.isBlankText {
                // The separator (a whitespace-only line counts: mail that has one means it so).
                finish(&diagnostics)
                return (section, entity[next..<end])
            }
            if Byte.isBlank(line[line.startIndex]), pending != nil {
                pending!.continuations.append(line.startIndex..<contentEnd)
            } else if let (name, valueStart) = fieldStart(line) {
                finish(&diagnostics)
                pending = (name, valueStart..<contentEnd, [])
            } else if isFirstLine, line.hasPrefixIgnoringCase("from ") {
                // An mbox separator line ("From sender date") before the real headers.
            } else {
                finish(&diagnostics)
                let headerName = path.indices.isEmpty ? "Message header" : "\(path) header"
                if section.fields.isEmpty {
                    diagnostics.warn("\(headerName): missing; read the content as plain text.")
                } else {
                    diagnostics.warn("\(headerName): no blank line before the body; the body starts at the first line that is not a header.")
                }
                return (section, entity[i..<end])
            }
            isFirstLine = false
            i = next
        }
        finish(&diagnostics)
        return (section, entity[end..<end])
    }

    /// If `line` starts a header field (`Name:` with a name of printable ASCII, blanks allowed
    /// before the colon as in obsolete syntax), its name and where the value starts.
    private static func fieldStart(_ line: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, Int)? {
        var k = line.startIndex
        let end = line.endIndex
        while k < end {
            let b = line[k]
            if b == Byte.colon || b <= Byte.space || b >= 0x7F { break }
            k += 1
        }
        let nameEnd = k
        guard nameEnd > line.startIndex else { return nil }
        while k < end, Byte.isBlank(line[k]) { k += 1 }
        guard k < end, line[k] == Byte.colon else { return nil }
        return (line[line.startIndex..<nameEnd], k + 1)
    }
}
