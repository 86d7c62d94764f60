import Foundation
import SiangCore

/// libFuzzer entry: the bytes as an uploaded survey export. Records that parse start on lines in
/// order within the file, and writing them out again as CSV reads back to the same fields.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSurveyCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let records = try? SurveyCSV.records(bytes) else { return 0 }
    let lineBreaks = bytes.reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
    var previous = 0
    for record in records {
        precondition(record.line > previous && record.line <= lineBreaks + 1, "records start on increasing lines within the file")
        precondition(!record.fields.isEmpty, "a record has at least one field")
        previous = record.line
    }
    // Written out with every field quoted and a comma between; the header then has more commas
    // than semicolons (the reader's rule for the separator) unless its fields hold semicolons.
    // Quotes are doubled scalar by scalar, as the reader reads them: a quote followed by a combining
    // mark is one Character, which Character-level replacing would miss.
    let rewritten = records.map { record in
        record.fields.map { field in
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in field.unicodeScalars {
                quoted.append(scalar)
                if scalar == "\"" { quoted.append("\"") }
            }
            quoted.append("\"")
            return String(quoted)
        }.joined(separator: ",")
    }.joined(separator: "\n")
    let header = rewritten.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
    guard header.filter({ $0 == ";" }).count <= header.filter({ $0 == "," }).count else { return 0 }
    let again = try! SurveyCSV.records(Data(rewritten.utf8))
    precondition(again.map(\.fields) == records.map(\.fields), "records written as CSV read back the same")
    return 0
}
