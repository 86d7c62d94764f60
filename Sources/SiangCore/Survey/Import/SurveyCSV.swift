import Foundation

/// A small RFC 4180 reader for survey exports (Google Forms, Microsoft Forms, spreadsheets): comma
/// or semicolon separated, quoted fields that may hold separators, quotes (`""`) and line breaks,
/// CRLF or LF, UTF-8 with or without a byte-order mark. Each record keeps the line it starts on
/// (1-based, the header is line 1), so a bad row is reported where a person finds it.
public enum SurveyCSV {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case notUTF8
        case empty
        /// A quoted field is never closed; it starts on `line`.
        case unterminatedQuote(line: Int)

        public var description: String {
            switch self {
            case .notUTF8: "the file is not UTF-8 text; export it again as CSV (UTF-8)"
            case .empty: "the file has no header row"
            case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
            }
        }
    }

    /// The records of `data`, the header first. The separator is the one the header uses most
    /// (`,` or `;`). Blank lines are skipped.
    public static func records(_ data: Data) throws(Failure) -> [Record] {
        guard var text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let separator: Unicode.Scalar = headerLine.filter { $0 == ";" }.count > headerLine.filter { $0 == "," }.count ? ";" : ","
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quotedField = false
        var line = 1
        var recordLine = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !quotedField) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            quotedField = false
        }
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty:
                inQuotes = true
                quotedField = true
            case separator:
                fields.append(field)
                field = ""
            case "\r":
                break  // a CR before LF ends nothing by itself
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        guard !records.isEmpty else { throw .empty }
        return records
    }
}
