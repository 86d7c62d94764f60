import Foundation

/// Which header names of a hotline log hold which field, and which words mean which disposition.
///
/// The shipped mapping (``standard``) accepts the English field names and their Thai aliases
/// (`call_id` or `เลขที่สาย`, `started_at` or `วันเวลา`, …). Header names match case-insensitively,
/// trimmed, with spaces, hyphens and underscores alike (`Call ID` is `call_id`).
///
/// A call centre whose export uses other names writes a mapping file (`--mapping FILE`):
/// ```yaml
/// # ACME call centre export
/// call_id: Ticket No
/// started_at: [Start Time, เวลาเริ่มสาย]
/// caller_phone:
///   - ANI
///   - Caller Number
/// queue: []              # our "queue" column means something else: ignore it
/// dispositions:          # extra words for dispositions, added to the shipped ones
///   complaint: [ร้องทุกข์, Complaint Call]
///   dropped: abandoned
/// ```
/// A field named in the file is matched by exactly the names given there; the other fields keep the
/// shipped names. `call_id`, `started_at` and `disposition` cannot be left without a name.
public struct HotlineMapping: Sendable, Equatable {
    /// A field of a hotline call, named as in the default CSV header.
    public enum Field: String, Sendable, CaseIterable, CustomStringConvertible {
        case callID = "call_id"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case callerPhone = "caller_phone"
        case callerName = "caller_name"
        case agent
        case queue
        case category
        case summary
        case notes
        case disposition

        /// Every record must have a value for these.
        public var isRequired: Bool { self == .callID || self == .startedAt || self == .disposition }

        /// The shipped Thai header name.
        public var thaiAlias: String {
            switch self {
            case .callID: "เลขที่สาย"
            case .startedAt: "วันเวลา"
            case .endedAt: "เวลาสิ้นสุด"
            case .callerPhone: "เบอร์โทร"
            case .callerName: "ชื่อผู้โทร"
            case .agent: "เจ้าหน้าที่"
            case .queue: "คิว"
            case .category: "หมวด"
            case .summary: "เรื่อง"
            case .notes: "รายละเอียด"
            case .disposition: "ผลการรับสาย"
            }
        }

        public var description: String { rawValue }
    }

    /// The header names accepted for each field, as written (matching normalises them).
    public private(set) var headerNames: [Field: [String]]
    /// Extra words for dispositions beyond the raw values and ``HotlineDisposition/thaiName``.
    public private(set) var dispositionWords: [HotlineDisposition: [String]]
    /// The fields a mapping file named; their names win over a shipped name of another field.
    private var customFields: Set<Field> = []

    /// The shipped mapping: the English field names and the Thai aliases of DESIGN.md 5.4.
    public static let standard = HotlineMapping(
        headerNames: Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0, [$0.rawValue, $0.thaiAlias]) }),
        dispositionWords: [:]
    )

    private init(headerNames: [Field: [String]], dispositionWords: [HotlineDisposition: [String]]) {
        self.headerNames = headerNames
        self.dispositionWords = dispositionWords
    }

    /// The shipped mapping with the changes of a mapping file's text (format above).
    public init(yaml: String) throws(HotlineMappingError) {
        self = .standard
        var seenFields: Set<Field> = []
        var seenDispositions: Set<HotlineDisposition> = []
        for entry in try FlatYAML.parse(yaml) {
            let key = entry.path[0]
            if entry.path.count == 1, key != "dispositions" {
                guard let field = Field(rawValue: Self.normalised(key)) else {
                    throw HotlineMappingError(line: entry.line, reason: "unknown field \"\(key)\"; the fields are "
                        + Field.allCases.map(\.rawValue).joined(separator: ", ") + " (and dispositions)")
                }
                guard seenFields.insert(field).inserted else {
                    throw HotlineMappingError(line: entry.line, reason: "\(field) is mapped twice")
                }
                if field.isRequired, entry.values.isEmpty {
                    throw HotlineMappingError(line: entry.line, reason: "\(field) is required and needs at least one header name")
                }
                headerNames[field] = entry.values
                customFields.insert(field)
            } else if key == "dispositions" {
                guard entry.path.count == 2 else {
                    if entry.values.isEmpty { continue }
                    throw HotlineMappingError(line: entry.line, reason: "dispositions takes one line per disposition, such as \"  complaint: [ร้องทุกข์]\"")
                }
                guard let disposition = HotlineDisposition(rawValue: Self.normalised(entry.path[1])) else {
                    throw HotlineMappingError(line: entry.line, reason: "unknown disposition \"\(entry.path[1])\"; the dispositions are "
                        + HotlineDisposition.allCases.map(\.rawValue).joined(separator: ", "))
                }
                guard seenDispositions.insert(disposition).inserted else {
                    throw HotlineMappingError(line: entry.line, reason: "dispositions.\(disposition.rawValue) is given twice")
                }
                dispositionWords[disposition] = entry.values
            } else {
                throw HotlineMappingError(line: entry.line, reason: "\(key) takes a header name or a list of them, not nested keys")
            }
        }
    }

    /// Reads a mapping file.
    public init(contentsOfFile path: String) throws(HotlineLogError) {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            text = String(decoding: data, as: UTF8.self)
        } catch {
            throw .unreadableFile(path: path, reason: HotlineLogError.plainReason(error))
        }
        do {
            try self.init(yaml: text)
        } catch {
            throw .invalidMapping(path: path, line: error.line, reason: error.reason)
        }
    }

    /// The key header and disposition words are compared by: trimmed, lowercased, with runs of spaces,
    /// hyphens and underscores as one underscore.
    static func normalised(_ name: String) -> String {
        var result = ""
        var pendingSeparator = false
        for scalar in name.lowercased().unicodeScalars {
            let isSeparator = scalar == " " || scalar == "-" || scalar == "_" || scalar == "\t"
                || scalar == "\u{00A0}" || scalar == "\u{FEFF}" || scalar == "\u{200B}"
                || scalar.properties.isWhitespace
            if isSeparator {
                pendingSeparator = !result.isEmpty
            } else {
                if pendingSeparator { result.unicodeScalars.append("_") }
                pendingSeparator = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Where each field is in a file with this header.
    func layout(forHeader header: [String], source: String) throws(HotlineLogError) -> ColumnLayout {
        var owner: [String: Field] = [:]
        let custom = Field.allCases.filter { customFields.contains($0) }
        for field in custom + Field.allCases.filter({ !customFields.contains($0) }) {
            for name in headerNames[field] ?? [] where owner[Self.normalised(name)] == nil {
                owner[Self.normalised(name)] = field
            }
        }
        var columns = [Int?](repeating: nil, count: Field.allCases.count)
        for (index, name) in header.enumerated() {
            guard let field = owner[Self.normalised(name)] else { continue }
            if let earlier = columns[field.ordinal] {
                throw .duplicateColumn(path: source, field: field, headers: [header[earlier], name])
            }
            columns[field.ordinal] = index
        }
        let missing = Field.allCases.filter { $0.isRequired && columns[$0.ordinal] == nil }
        if !missing.isEmpty {
            throw .missingColumns(path: source, fields: missing.map { ($0, headerNames[$0] ?? []) })
        }
        // Trailing unnamed columns (a header that ends in a comma) are not counted.
        let width = (header.lastIndex { !$0.isEmpty } ?? -1) + 1
        return ColumnLayout(columns: columns, columnCount: width)
    }

    /// Every accepted disposition word as written, by its UTF-8 bytes: the fast path, as hashing
    /// bytes skips the Unicode normalisation that hashing a Thai `String` costs.
    func exactDispositionTable() -> [[UInt8]: HotlineDisposition] {
        var table: [[UInt8]: HotlineDisposition] = [:]
        for disposition in HotlineDisposition.allCases {
            for word in [disposition.rawValue, disposition.thaiName] + (dispositionWords[disposition] ?? []) {
                table[Array(word.utf8)] = disposition
            }
        }
        return table
    }

    /// Every accepted disposition word, normalised.
    func dispositionTable() -> [String: HotlineDisposition] {
        var table: [String: HotlineDisposition] = [:]
        for disposition in HotlineDisposition.allCases {
            for word in [disposition.rawValue, disposition.thaiName] + (dispositionWords[disposition] ?? []) {
                table[Self.normalised(word)] = disposition
            }
        }
        return table
    }
}

extension HotlineMapping.Field {
    /// Position in `allCases`, for array-indexed lookups on the hot path.
    var ordinal: Int {
        switch self {
        case .callID: 0
        case .startedAt: 1
        case .endedAt: 2
        case .callerPhone: 3
        case .callerName: 4
        case .agent: 5
        case .queue: 6
        case .category: 7
        case .summary: 8
        case .notes: 9
        case .disposition: 10
        }
    }
}

/// The column index of each field in one file.
struct ColumnLayout: Equatable {
    /// Indexed by `Field.ordinal`.
    var columns: [Int?]
    /// How many columns the header has.
    var columnCount: Int

    subscript(field: HotlineMapping.Field) -> Int? { columns[field.ordinal] }
}

/// A mistake in a mapping file, with its line.
public struct HotlineMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public var description: String { "line \(line): \(reason)" }
}

/// The YAML a mapping file needs and nothing more: `key: value`, `key: [a, "b, c"]`, `key:` followed by
/// `- item` lines, one level of nested `key: value` lines, comments, quoted scalars.
enum FlatYAML {
    struct Entry: Equatable {
        /// The key, or the parent key and the key for a nested line.
        var path: [String]
        /// The scalar or the list items; empty for `[]` or nothing.
        var values: [String]
        var line: Int
    }

    static func parse(_ text: String) throws(HotlineMappingError) -> [Entry] {
        var entries: [Entry] = []
        /// The top-level key with no value on its line, which may take `- item` or nested lines.
        var openParent: Int?
        /// The entry that `- item` lines add to.
        var openList: Int?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if number == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            line = try stripComment(line, line: number)
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if indent.contains("\t") {
                throw HotlineMappingError(line: number, reason: "indent with spaces, not tabs")
            }
            let content = line.trimmingCharacters(in: .whitespaces)
            if content.isEmpty || content == "---" || content == "..." { continue }

            if content.hasPrefix("-"), content == "-" || content.dropFirst().first == " " {
                guard let list = openList, indent.count > 0 || entries[list].path.count == 1 else {
                    throw HotlineMappingError(line: number, reason: "a list item (\"- …\") must follow a key such as \"summary:\"")
                }
                let item = try scalar(String(content.dropFirst()).trimmingCharacters(in: .whitespaces), line: number)
                if !item.isEmpty { entries[list].values.append(item) }
                if entries[list].path.count == 1 { openParent = nil }
                continue
            }

            guard let colon = keyColon(in: content) else {
                throw HotlineMappingError(line: number, reason: "expected \"field: header name\"")
            }
            let key = try scalar(String(content[..<colon]).trimmingCharacters(in: .whitespaces), line: number)
            let rest = String(content[content.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            if key.isEmpty { throw HotlineMappingError(line: number, reason: "a key is missing before \":\"") }
            let values = try value(rest, line: number)

            if indent.isEmpty {
                entries.append(Entry(path: [key], values: values, line: number))
                openParent = rest.isEmpty ? entries.count - 1 : nil
                openList = rest.isEmpty ? entries.count - 1 : nil
            } else {
                guard let parent = openParent else {
                    throw HotlineMappingError(line: number, reason: "unexpected indentation; only \"dispositions:\" takes indented lines")
                }
                entries.append(Entry(path: [entries[parent].path[0], key], values: values, line: number))
                openList = rest.isEmpty ? entries.count - 1 : nil
            }
        }
        return entries
    }

    /// The colon that ends the key: the first `:` outside quotes that is followed by a blank or the end.
    private static func keyColon(in content: String) -> String.Index? {
        var quote: Character?
        var index = content.startIndex
        while index < content.endIndex {
            let character = content[index]
            let next = content.index(after: index)
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'", index == content.startIndex {
                quote = character
            } else if character == ":", next == content.endIndex || content[next] == " " {
                return index
            }
            index = next
        }
        return nil
    }

    /// The line without a `#` comment (a `#` at the start or after a blank, outside quotes).
    private static func stripComment(_ line: String, line number: Int) throws(HotlineMappingError) -> String {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                if previous == " " || previous == "[" || previous == "," || previous == ":" || previous == "-" { quote = character }
            } else if character == "#", previous == " " || previous == "\t" {
                return String(line[..<index])
            }
            previous = character
        }
        return line
    }

    /// `[a, b]`, `[]`, a scalar, or nothing.
    private static func value(_ text: String, line: Int) throws(HotlineMappingError) -> [String] {
        if text.isEmpty || text == "~" || text == "null" { return [] }
        guard text.hasPrefix("[") else {
            if text.hasPrefix("{") {
                throw HotlineMappingError(line: line, reason: "{…} maps are not supported here; write one \"key: value\" per line")
            }
            return [try scalar(text, line: line)]
        }
        guard text.hasSuffix("]") else {
            throw HotlineMappingError(line: line, reason: "a list that starts with \"[\" must end with \"]\" on the same line")
        }
        let inner = Array(text.dropFirst().dropLast())
        var items: [String] = []
        var i = 0
        func skipBlanks() { while i < inner.count, inner[i] == " " || inner[i] == "\t" { i += 1 } }
        skipBlanks()
        while i < inner.count {
            var item = ""
            if inner[i] == "\"" || inner[i] == "'" {
                let quote = inner[i]
                i += 1
                while i < inner.count, inner[i] != quote { item.append(inner[i]); i += 1 }
                guard i < inner.count else {
                    throw HotlineMappingError(line: line, reason: "a quote in the list is not closed")
                }
                i += 1
                skipBlanks()
                guard i == inner.count || inner[i] == "," else {
                    throw HotlineMappingError(line: line, reason: "expected \",\" after a quoted list item")
                }
            } else {
                while i < inner.count, inner[i] != "," { item.append(inner[i]); i += 1 }
                item = item.trimmingCharacters(in: .whitespaces)
            }
            if item.isEmpty { throw HotlineMappingError(line: line, reason: "the list has an empty item") }
            items.append(item)
            if i < inner.count { i += 1 } // the comma
            skipBlanks()
        }
        return items
    }

    /// A plain, 'single-quoted' or "double-quoted" scalar.
    private static func scalar(_ text: String, line: Int) throws(HotlineMappingError) -> String {
        guard let first = text.first, first == "\"" || first == "'" else { return text }
        guard text.count >= 2, text.last == first else {
            throw HotlineMappingError(line: line, reason: "the quote in \(text) is not closed")
        }
        var inner = String(text.dropFirst().dropLast())
        if first == "'" {
            inner = inner.replacingOccurrences(of: "''", with: "'")
        } else {
            inner = inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        return inner
    }
}
