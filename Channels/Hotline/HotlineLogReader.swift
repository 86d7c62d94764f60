import Foundation

/// Reads a hotline call log (DESIGN.md 5.4) one call at a time, in file order.
///
/// Construct it from a file path; the header is read and checked at once, so an unreadable file,
/// an empty one or a header without `call_id`, `started_at` or `disposition` fails there with a
/// ``HotlineLogError``. Then iterate: each record of the file yields either a ``HotlineCall`` or a
/// ``HotlineRowError`` with the line the record starts on and the reason, and reading goes on.
///
/// ```swift
/// let reader = try HotlineLogReader(path: "calls.csv", encoding: .auto, mapping: .standard)
/// for result in reader {
///     switch result {
///     case .success(let call): …
///     case .failure(let error): print("line \(error.line): \(error.reason)")
///     }
/// }
/// ```
///
/// The file is read in 64 KiB chunks and nothing is kept once a call has been handed out, so a file
/// of a million rows is read in a few megabytes. The reader is a single pass: iterate it once.
public struct HotlineLogReader: Sequence, IteratorProtocol {
    /// The path (or name) used in error messages.
    public let source: String
    /// The column names of the file, as written.
    public let header: [String]

    private var csv: CSVReader
    private var decoder: FieldDecoder
    private let layout: ColumnLayout
    private let dispositions: [String: HotlineDisposition]
    private let exactDispositions: [[UInt8]: HotlineDisposition]
    private var finished = false

    /// Opens a hotline log. `encoding` `.auto` detects UTF-8 (with or without a byte order mark)
    /// or Windows-874/TIS-620; `mapping` says which header names hold which field.
    public init(path: String, encoding: HotlineTextEncoding = .auto, mapping: HotlineMapping = .standard) throws(HotlineLogError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw .unreadableFile(path: path, reason: "it is a folder, not a file")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: HotlineLogError.plainReason(error))
        }
        try self.init(source: ByteChunkSource(fileHandle: handle), name: path, encoding: encoding, mapping: mapping)
    }

    /// Reads a hotline log already in memory (an upload, standard input); `name` appears in errors.
    public init(bytes: [UInt8], name: String = "input", encoding: HotlineTextEncoding = .auto,
                mapping: HotlineMapping = .standard) throws(HotlineLogError) {
        try self.init(source: ByteChunkSource(bytes: bytes), name: name, encoding: encoding, mapping: mapping)
    }

    init(source bytes: ByteChunkSource, name: String, encoding: HotlineTextEncoding, mapping: HotlineMapping,
         maxRecordBytes: Int = 1 << 20) throws(HotlineLogError) {
        source = name
        csv = CSVReader(source: bytes, maxRecordBytes: maxRecordBytes, sniffEncoding: encoding == .auto)
        decoder = FieldDecoder(encoding: encoding)
        dispositions = mapping.dispositionTable()
        exactDispositions = mapping.exactDispositionTable()

        var first: CSVRecord?
        do {
            repeat {
                first = try csv.next()
            } while first?.isBlank == true
        } catch {
            throw .unreadableFile(path: name, reason: HotlineLogError.plainReason(error))
        }
        if let kind = Self.recogniseNonCSV(csv.leadingBytes) { throw .notCSV(path: name, kind: kind) }
        guard let headerRecord = first else { throw .emptyFile(path: name) }
        var names: [String] = []
        for index in 0..<headerRecord.fieldCount {
            names.append(Self.text(of: headerRecord[field: index], decoder: &decoder, csv: &csv))
        }
        if let problem = headerRecord.problem {
            throw .unreadableHeader(path: name, reason: Self.describe(problem, header: names, inHeader: true))
        }
        header = names
        layout = try mapping.layout(forHeader: names, source: name)
    }

    /// The encoding the file is being read in: `.auto` only while every byte so far was ASCII.
    public var encoding: HotlineTextEncoding { decoder.encoding }

    /// The next call or bad row, or `nil` at the end of the file.
    public mutating func next() -> Result<HotlineCall, HotlineRowError>? {
        guard !finished else { return nil }
        while true {
            let record: CSVRecord?
            do {
                record = try csv.next()
            } catch {
                finished = true
                return .failure(HotlineRowError(line: csv.line,
                    reason: "the file could not be read from this line on: \(HotlineLogError.plainReason(error))"))
            }
            guard let record else {
                finished = true
                return nil
            }
            if record.isBlank || record.bytes.allSatisfy(Self.isBlankByte) { continue }
            return call(from: record)
        }
    }

    // MARK: - One record

    private mutating func call(from record: CSVRecord) -> Result<HotlineCall, HotlineRowError> {
        let line = record.line
        if let problem = record.problem {
            return .failure(HotlineRowError(line: line, reason: Self.describe(problem, header: header)))
        }
        let width = layout.columnCount
        if record.fieldCount < width || (record.fieldCount > width
            && (width..<record.fieldCount).contains { !FieldDecoder.trimmed(record[field: $0], windows874: false).isEmpty }) {
            let fields = record.fieldCount == 1 ? "1 field" : "\(record.fieldCount) fields"
            return .failure(HotlineRowError(line: line, reason: "the row has \(fields) but the header has "
                + "\(width) columns; does a field with a comma or a line break lack its quotes?"))
        }

        var problems: [String] = []
        let callID = value(.callID, in: record)
        if callID == nil { problems.append("call_id is empty") }

        var startedAt: Date?
        if let raw = value(.startedAt, in: record) {
            switch HotlineDates.date(from: raw) {
            case .success(let date): startedAt = date
            case .failure(let error): problems.append("started_at \(Self.quoted(raw)) \(error)")
            }
        } else {
            problems.append("started_at is empty")
        }

        var endedAt: Date?
        if let raw = value(.endedAt, in: record) {
            let parsed = startedAt.map { HotlineDates.date(from: raw, sameDayAs: $0) } ?? HotlineDates.date(from: raw)
            switch parsed {
            case .success(let date):
                if let startedAt, date < startedAt {
                    problems.append("ended_at \(Self.quoted(raw)) is before started_at")
                } else {
                    endedAt = date
                }
            case .failure(let error):
                problems.append("ended_at \(Self.quoted(raw)) \(error)")
            }
        }

        var disposition: HotlineDisposition?
        if let raw = value(.disposition, in: record) {
            disposition = exactDispositions[Array(raw.utf8)] ?? dispositions[HotlineMapping.normalised(raw)]
            if disposition == nil {
                problems.append("disposition \(Self.quoted(raw)) is not one of "
                    + HotlineDisposition.allCases.map(\.rawValue).joined(separator: ", "))
            }
        } else {
            problems.append("disposition is empty")
        }

        guard problems.isEmpty, let callID, let startedAt, let disposition else {
            return .failure(HotlineRowError(line: line, reason: problems.joined(separator: "; ")))
        }
        return .success(HotlineCall(
            callID: callID, startedAt: startedAt, endedAt: endedAt,
            callerPhone: value(.callerPhone, in: record), callerName: value(.callerName, in: record),
            agent: value(.agent, in: record), queue: value(.queue, in: record),
            category: value(.category, in: record), summary: value(.summary, in: record),
            notes: value(.notes, in: record), disposition: disposition, line: line))
    }

    /// The trimmed text of a field, or `nil` when the file has no such column or the cell is empty.
    private mutating func value(_ field: HotlineMapping.Field, in record: CSVRecord) -> String? {
        guard let column = layout[field] else { return nil }
        let text = Self.text(of: record[field: column], decoder: &decoder, csv: &csv)
        return text.isEmpty ? nil : text
    }

    private static func text(of bytes: ArraySlice<UInt8>, decoder: inout FieldDecoder, csv: inout CSVReader) -> String {
        if decoder.encoding == .auto, !FieldDecoder.isASCII(bytes) {
            decoder.settle(csv.encodingVerdict() ?? .utf8)
        }
        return decoder.text(bytes)
    }

    private static func isBlankByte(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// What a file that is not CSV is, judged by its first bytes: the mistakes clerks make most.
    static func recogniseNonCSV(_ leading: [UInt8]) -> HotlineLogError.FileKind? {
        if leading.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .excelWorkbook }
        if leading.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) { return .legacyExcelWorkbook }
        if leading.starts(with: [0xFF, 0xFE]) || leading.starts(with: [0xFE, 0xFF]) { return .utf16Text }
        return nil
    }

    /// A value quoted for a reason: on one line and at most 60 characters.
    static func quoted(_ value: String) -> String {
        var shown = value.replacingOccurrences(of: "\n", with: " ")
        if shown.count > 60 { shown = String(shown.prefix(57)) + "…" }
        return "\"\(shown)\""
    }

    static func describe(_ problem: CSVProblem, header: [String], inHeader: Bool = false) -> String {
        func column(_ index: Int) -> String {
            index < header.count && !header[index].isEmpty ? "column \(index + 1) (\(header[index]))" : "column \(index + 1)"
        }
        switch problem {
        case .strayQuote(let field):
            return "stray quote in \(column(field)); a field that contains a quote must be enclosed in quotes, with the quote doubled"
        case .textAfterClosingQuote(let field):
            return "unexpected text after the closing quote in \(column(field))"
        case .unterminatedQuote(let field):
            return "unterminated quoted field in \(column(field))" + (inHeader ? "" : "; reading resumed on the next line")
        case .recordTooLong(let limit):
            return "the row is longer than \(limit / 1024) KiB; the rest of its line was skipped"
        }
    }
}

/// Why a hotline log cannot be read at all. Row problems are ``HotlineRowError``s instead.
public enum HotlineLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadableFile(path: String, reason: String)
    /// No header line.
    case emptyFile(path: String)
    /// The header line itself is broken CSV.
    case unreadableHeader(path: String, reason: String)
    /// Required fields without a column; `lookedFor` lists the header names tried for each.
    case missingColumns(path: String, fields: [HotlineMapping.Field], lookedFor: [[String]])
    /// Two columns hold the same field.
    case duplicateColumn(path: String, field: HotlineMapping.Field, headers: [String])
    /// The mapping file is not valid.
    case invalidMapping(path: String, line: Int, reason: String)
    /// The file is something else that a spreadsheet saved.
    case notCSV(path: String, kind: FileKind)

    /// What a hotline log turned out to be instead of CSV.
    public enum FileKind: String, Sendable, Equatable {
        case excelWorkbook = "an Excel workbook (.xlsx)"
        case legacyExcelWorkbook = "an Excel 97-2003 workbook (.xls)"
        case utf16Text = "UTF-16 text (Excel's \"Unicode Text\")"
    }

    static func missingColumns(path: String, fields: [(HotlineMapping.Field, [String])]) -> HotlineLogError {
        .missingColumns(path: path, fields: fields.map(\.0), lookedFor: fields.map(\.1))
    }

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .emptyFile(let path):
            return "\(path) is empty; a hotline log starts with a header line naming its columns (call_id, started_at, disposition, …)"
        case .unreadableHeader(let path, let reason):
            return "\(path): the header line cannot be read: \(reason)"
        case .missingColumns(let path, let fields, let lookedFor):
            let parts = zip(fields, lookedFor).map { field, names in
                "\(field) (looked for " + names.map { "\"\($0)\"" }.joined(separator: " or ") + ")"
            }
            return "\(path): the header has no column for " + parts.joined(separator: ", ")
                + "; rename the column or name it in a mapping file (--mapping)"
        case .duplicateColumn(let path, let field, let headers):
            return "\(path): both " + headers.map { "\"\($0)\"" }.joined(separator: " and ")
                + " are columns for \(field); keep one or map the other to a different field"
        case .invalidMapping(let path, let line, let reason):
            return "mapping file \(path), line \(line): \(reason)"
        case .notCSV(let path, let kind):
            return "\(path) is \(kind.rawValue), not CSV; save it from the spreadsheet as \"CSV UTF-8 (Comma delimited)\""
        }
    }

    /// An I/O error in plain words.
    static func plainReason(_ error: any Error) -> String {
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "there is no such file"
            case .fileReadNoPermission: return "permission denied"
            default: break
            }
        }
        return error.localizedDescription
    }
}
