import Foundation

/// The columns of one export matched to a survey's questions (``SurveyImportMapping``), and the
/// reading of each row into a ``SurveyResponse``. A row that cannot be read gets a reason a person
/// can act on; the other rows are unaffected.
public struct SurveyImportPlan: Sendable {
    public let definition: SurveyDefinition
    /// Field (question id or meta field) to column index.
    public let columns: [String: Int]
    /// Notes for the summary: headers that match nothing, a missing timestamp column.
    public let warnings: [String]
    let mapping: SurveyImportMapping
    let settings: SurveySettings
    let labels: [String: Int]
    let reasonWords: [String: String]
    let segmentWords: [String: String]

    /// One row read.
    public struct Row: Sendable, Equatable {
        public var line: Int
        public var response: SurveyResponse
        public var answeredAt: Date?
        public var segment: Segment?
        public var servicePoint: String?
        public var channel: Channel?
        public var trackingID: String?
        /// The row's raw fields joined, for the duplicate key.
        public var raw: String
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case noOverallColumn(String)
        case unknownSurvey(String)
        case unknownColumn(field: String, names: [String])

        public var description: String {
            switch self {
            case .noOverallColumn(let expected): "no column holds the overall satisfaction (expected a header such as \"\(expected)\", or map one to overall)"
            case .unknownSurvey(let id): "the mapping names survey \"\(id)\", which is not in surveys.definitions"
            case .unknownColumn(let field, let names): "the mapping maps \(field) to \(names.joined(separator: " / ")), which the file does not have"
            }
        }
    }

    public init(header: [String], mapping: SurveyImportMapping, settings: SurveySettings) throws(Failure) {
        let surveyID = mapping.survey ?? settings.caseSurvey
        guard let definition = settings.current(surveyID) else { throw .unknownSurvey(surveyID) }
        self.definition = definition
        self.mapping = mapping
        self.settings = settings
        let normalisedHeader = header.map(SurveyImportMapping.normalised)
        // A Google Forms grid header: "question [row]".
        let bracketed = header.map { h -> String? in
            guard let open = h.lastIndex(of: "["), let close = h.lastIndex(of: "]"), open < close else { return nil }
            return SurveyImportMapping.normalised(String(h[h.index(after: open)..<close]))
        }
        func find(_ names: [String]) -> Int? {
            for name in names.map(SurveyImportMapping.normalised) where !name.isEmpty {
                if let i = normalisedHeader.firstIndex(of: name) ?? bracketed.firstIndex(of: name) { return i }
            }
            return nil
        }
        var columns: [String: Int] = [:]
        for (field, names) in mapping.columns {
            guard let i = find(names) else { throw .unknownColumn(field: field, names: names) }
            columns[field] = i
        }
        let defaults: [String: [String]] = [
            "answeredAt": ["answeredAt", "ประทับเวลา", "timestamp", "วันที่ตอบ", "เวลาที่ตอบ"],
            "segment": ["segment", "ท่านติดต่อในฐานะ", "สถานะผู้ตอบแบบสอบถาม", "กลุ่มผู้รับบริการ"],
            "servicePoint": ["servicePoint", "จุดบริการ", "service point"],
            "channel": ["channel", "ช่องทาง", "ช่องทางที่ติดต่อ"],
            "trackingId": ["trackingId", "เลขติดตามเรื่อง", "เลขที่เรื่อง", "tracking id"],
            "reasonText": ["reasonText", "สาเหตุอื่น ๆ", "สาเหตุอื่นๆ (โปรดระบุ)"],
        ]
        for (field, names) in defaults where columns[field] == nil && mapping.columns[field] == nil {
            if let i = find(names) { columns[field] = i }
        }
        for q in definition.questions where columns[q.id] == nil && mapping.columns[q.id] == nil {
            if let i = find([q.id, q.th, q.en]) { columns[q.id] = i }
        }
        guard columns[SurveyQuestion.overall] != nil else { throw .noOverallColumn(definition.question(SurveyQuestion.overall)?.th ?? "overall") }
        self.columns = columns
        var warnings: [String] = []
        if columns["answeredAt"] == nil { warnings.append("no timestamp column: answers are dated at the time of the import") }
        let used = Set(columns.values)
        let unused = header.indices.filter { !used.contains($0) }.map { header[$0] }.filter { !$0.isEmpty }
        if !unused.isEmpty { warnings.append("columns not imported: " + unused.joined(separator: ", ")) }
        self.warnings = warnings

        var labels: [String: Int] = [:]
        for point in settings.scale {
            labels[SurveyImportMapping.normalised(point.th)] = point.value
            labels[SurveyImportMapping.normalised(point.en)] = point.value
        }
        for (word, value) in Self.commonThaiLabels { labels[SurveyImportMapping.normalised(word)] = value }
        for (word, value) in mapping.labels { labels[SurveyImportMapping.normalised(word)] = value }
        self.labels = labels
        var reasonWords: [String: String] = [:]
        for r in settings.reasonCodes {
            for w in [r.code, r.th, r.en] { reasonWords[SurveyImportMapping.normalised(w)] = r.code }
        }
        for (w, code) in mapping.reasons { reasonWords[SurveyImportMapping.normalised(w)] = code }
        self.reasonWords = reasonWords
        var segmentWords: [String: String] = [:]
        for s in Segment.allCases {
            for w in [s.rawValue, s.label.th, s.label.en] { segmentWords[SurveyImportMapping.normalised(w)] = s.rawValue }
        }
        for (w, code) in mapping.segments { segmentWords[SurveyImportMapping.normalised(w)] = code }
        self.segmentWords = segmentWords
    }

    /// Words other survey tools use for the points of a satisfaction scale.
    static let commonThaiLabels: [String: Int] = [
        "พึงพอใจมากที่สุด": 5, "พอใจมากที่สุด": 5, "ดีมาก": 5,
        "พึงพอใจมาก": 4, "พอใจมาก": 4, "พอใจ": 4, "ดี": 4,
        "พึงพอใจปานกลาง": 3, "เฉย ๆ": 3, "เฉยๆ": 3, "พอใช้": 3,
        "พึงพอใจน้อย": 2, "ไม่พอใจ": 2, "ไม่พึงพอใจ": 2, "ควรปรับปรุง": 2,
        "พึงพอใจน้อยที่สุด": 1, "ไม่พอใจมาก": 1, "ไม่พึงพอใจมาก": 1, "ต้องปรับปรุง": 1,
    ]

    /// Reads one record; the reason when it cannot be used.
    public func read(_ record: SurveyCSV.Record) -> Result<Row, RowProblem> {
        let fields = record.fields
        func value(_ field: String) -> String? {
            guard let i = columns[field], i < fields.count else { return nil }
            let v = fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
            return v.isEmpty ? nil : v
        }
        var response = SurveyResponse()
        for q in definition.questions {
            guard let raw = value(q.id) else { continue }
            switch q.type {
            case .rating:
                guard let score = rating(raw, max: mapping.scales[q.id] ?? mapping.scale) else {
                    return .failure(RowProblem(line: record.line, reason: "\"\(raw)\" in the column of \(q.id) is not a point of the scale"))
                }
                response.ratings[q.id] = score
            case .choice:
                let words = (mapping.choices[q.id] ?? [:]).reduce(into: [String: String]()) { $0[SurveyImportMapping.normalised($1.key)] = $1.value }
                let n = SurveyImportMapping.normalised(raw)
                let option = words[n] ?? q.options?.first { [$0.value, $0.th, $0.en].map(SurveyImportMapping.normalised).contains(n) }?.value
                guard let option else {
                    return .failure(RowProblem(line: record.line, reason: "\"\(raw)\" is not an answer of \(q.id)"))
                }
                response.choices[q.id] = option
            case .segment:
                guard let s = segmentWords[SurveyImportMapping.normalised(raw)] else {
                    return .failure(RowProblem(line: record.line, reason: "\"\(raw)\" is not a segment (map it under segments:)"))
                }
                response.choices[q.id] = s
            case .reasons:
                for part in raw.split(whereSeparator: { $0 == "," || $0 == ";" }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                    if let code = reasonWords[SurveyImportMapping.normalised(part)] {
                        if !response.reasons.contains(code) { response.reasons.append(code) }
                    } else if let other = settings.reasonCodes.first(where: \.requiresText) {
                        // A form's "other" answer arrives as the person's own words.
                        if !response.reasons.contains(other.code) { response.reasons.append(other.code) }
                        response.reasonText = [response.reasonText, part].compactMap { $0 }.joined(separator: ", ")
                    } else {
                        return .failure(RowProblem(line: record.line, reason: "\"\(part)\" is not a reason (map it under reasons:)"))
                    }
                }
            case .text:
                response.comment = raw
            }
        }
        if let text = value("reasonText") { response.reasonText = text }
        var row = Row(line: record.line, response: response, raw: fields.joined(separator: "\u{1F}"))
        if let raw = value("answeredAt") {
            guard let date = Self.date(raw) else {
                return .failure(RowProblem(line: record.line, reason: "\"\(raw)\" is not a date and time (dd/MM/yyyy HH:mm:ss, BE or CE, or ISO 8601)"))
            }
            row.answeredAt = date
        }
        if let raw = value("segment"), response.segment == nil {
            guard let s = segmentWords[SurveyImportMapping.normalised(raw)].flatMap(Segment.init(rawValue:)) else {
                return .failure(RowProblem(line: record.line, reason: "\"\(raw)\" is not a segment (map it under segments:)"))
            }
            row.segment = s
        }
        row.segment = row.segment ?? response.segment
        if let raw = value("servicePoint") {
            guard let p = settings.servicePoint(raw) ?? settings.servicePoints.first(where: {
                SurveyImportMapping.normalised($0.th) == SurveyImportMapping.normalised(raw) }) else {
                return .failure(RowProblem(line: record.line, reason: "\"\(raw)\" is not a service point in surveys.servicePoints"))
            }
            row.servicePoint = p.code
        }
        if let raw = value("channel") {
            let n = SurveyImportMapping.normalised(raw)
            guard let c = Channel.allCases.first(where: { [$0.rawValue, $0.label.th, $0.label.en].map(SurveyImportMapping.normalised).contains(n) }) else {
                return .failure(RowProblem(line: record.line, reason: "\"\(raw)\" is not a channel"))
            }
            row.channel = c
        }
        row.trackingID = value("trackingId")
        let problems = SurveyRules.problems(in: response, definition: definition, reasonCodes: settings.reasonCodes, requireReasons: false)
        if let first = problems.first {
            return .failure(RowProblem(line: record.line, reason: "\(first.field): \(first.message)"))
        }
        return .success(row)
    }

    /// A cell on the tool's scale read as 1...5: a number (on a 10-point scale, ceil(n / 2), 0 as 1),
    /// a number followed by words ("5 - มากที่สุด"), or a word of the scale.
    func rating(_ raw: String, max: Int) -> Int? {
        let digits = raw.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, let n = Int(digits) {
            let rest = raw.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
            guard rest.isEmpty || !(rest.first!.isNumber || rest.first == ".") else { return nil }
            if max == 10 { return (0...10).contains(n) ? Swift.max(1, (n + 1) / 2) : nil }
            return (1...5).contains(n) ? n : nil
        }
        return labels[SurveyImportMapping.normalised(raw)]
    }

    /// `dd/MM/yyyy[,] HH:mm[:ss]` (BE when the year is after 2400) or ISO 8601, Bangkok time when
    /// no offset is given.
    public static func date(_ raw: String) -> Date? {
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: raw) { return d }
        let numbers = raw.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 3 else { return nil }
        var (year, month, day): (Int, Int, Int)
        if raw.split(whereSeparator: { !$0.isNumber }).first?.count == 4 {
            (year, month, day) = (numbers[0], numbers[1], numbers[2])
        } else {
            (day, month, year) = (numbers[0], numbers[1], numbers[2])
        }
        if year > 2400 { year -= 543 }
        let hour = numbers.count > 3 ? numbers[3] : 0
        let minute = numbers.count > 4 ? numbers[4] : 0
        let second = numbers.count > 5 ? numbers[5] : 0
        guard (1...12).contains(month), (1...31).contains(day), (1900...2200).contains(year), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = BangkokTime.calendar.date(from: components),
              BangkokTime.calendar.component(.day, from: date) == day else { return nil }
        return date
    }
}

/// Why one imported row was left out.
public struct RowProblem: Error, Sendable, Equatable, Codable {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}
