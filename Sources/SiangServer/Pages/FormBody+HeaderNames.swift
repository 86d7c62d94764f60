import Foundation
import NIOCore

extension FormBody {
    /// Whether every part header name in a multipart body is ASCII, found where MultipartKit would read
    /// one: after `--boundary` and CRLF, each line up to its colon, until the empty line.
    ///
    /// MultipartKit 4.7.1 looks a name byte up in a table of 128 entries, so a byte from 0x80 stops the
    /// whole server (found by `fuzz-form-body`: `Content-D\u{92}isposition`). Every place its parser reads
    /// a name starts right after the delimiter, so checking from every delimiter, as its grammar reads
    /// (strict CRLF, a value up to CR, then LF), covers each one; such a form is refused before parsing.
    static func headerNamesAreASCII(_ bytes: Data, boundary: String) -> Bool {
        let delimiter = Data("--\(boundary)".utf8)
        var searchFrom = bytes.startIndex
        while let found = bytes.range(of: delimiter, in: searchFrom..<bytes.endIndex) {
            searchFrom = found.lowerBound + 1
            var i = found.upperBound
            // The parser goes on to headers only after CR LF; anything else is the end or an error.
            guard i + 1 < bytes.endIndex, bytes[i] == 0x0D, bytes[i + 1] == 0x0A else { continue }
            i += 2
            lines: while i < bytes.endIndex {
                // A header name: up to its colon, or CR on an empty line (the end of the headers).
                var nameLength = 0
                while i < bytes.endIndex {
                    let byte = bytes[i]
                    if byte >= 0x80 { return false }
                    if byte == 0x3A, nameLength > 0 { break }
                    if byte == 0x0D, nameLength == 0 { break lines }
                    nameLength += 1
                    i += 1
                }
                // The value: up to CR, which must be followed by LF for another name to come.
                guard let cr = bytes[i...].firstIndex(of: 0x0D), cr + 1 < bytes.endIndex, bytes[cr + 1] == 0x0A else { break }
                i = cr + 2
            }
        }
        return true
    }
}
