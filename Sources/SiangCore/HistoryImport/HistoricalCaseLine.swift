import Foundation

/// The wire form of one line of a case-history file, decoded field by field so that a wrong type
/// or an unknown field is reported by name (`survey.overall: expected a whole number`), never as a
/// decoder's dump. Values are still raw text here; ``HistoricalCaseReader`` checks them.
struct HistoricalCaseLine: Decodable {
    var ref: String?
    var kind: String?
    var category: String?
    var channel: String?
    var segment: String?
    var priority: String?
    var queue: String?
    var subject: String?
    var text: String?
    var receivedAt: String?
    var contact: ContactLine?
    var consent: Bool?
    var history: [EntryLine]?
    var referredTo: String?
    var duplicateOf: String?
    var survey: SurveyLine?

    static let fields: Set<String> = ["ref", "kind", "category", "channel", "segment", "priority", "queue", "subject", "text",
                                      "receivedAt", "contact", "consent", "history", "referredTo", "duplicateOf", "survey"]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        try AnyKey.refuseUnknown(in: c, known: Self.fields)
        ref = try c.decodeIfPresent(String.self, forKey: AnyKey("ref"))
        kind = try c.decodeIfPresent(String.self, forKey: AnyKey("kind"))
        category = try c.decodeIfPresent(String.self, forKey: AnyKey("category"))
        channel = try c.decodeIfPresent(String.self, forKey: AnyKey("channel"))
        segment = try c.decodeIfPresent(String.self, forKey: AnyKey("segment"))
        priority = try c.decodeIfPresent(String.self, forKey: AnyKey("priority"))
        queue = try c.decodeIfPresent(String.self, forKey: AnyKey("queue"))
        subject = try c.decodeIfPresent(String.self, forKey: AnyKey("subject"))
        text = try c.decodeIfPresent(String.self, forKey: AnyKey("text"))
        receivedAt = try c.decodeIfPresent(String.self, forKey: AnyKey("receivedAt"))
        contact = try c.decodeIfPresent(ContactLine.self, forKey: AnyKey("contact"))
        consent = try c.decodeIfPresent(Bool.self, forKey: AnyKey("consent"))
        history = try c.decodeIfPresent([EntryLine].self, forKey: AnyKey("history"))
        referredTo = try c.decodeIfPresent(String.self, forKey: AnyKey("referredTo"))
        duplicateOf = try c.decodeIfPresent(String.self, forKey: AnyKey("duplicateOf"))
        survey = try c.decodeIfPresent(SurveyLine.self, forKey: AnyKey("survey"))
    }

    struct ContactLine: Decodable {
        var name: String?
        var phone: String?
        var email: String?
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            try AnyKey.refuseUnknown(in: c, known: ["name", "phone", "email"])
            name = try c.decodeIfPresent(String.self, forKey: AnyKey("name"))
            phone = try c.decodeIfPresent(String.self, forKey: AnyKey("phone"))
            email = try c.decodeIfPresent(String.self, forKey: AnyKey("email"))
        }
    }

    struct EntryLine: Decodable {
        var status: String?
        var at: String?
        var note: String?
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            try AnyKey.refuseUnknown(in: c, known: ["status", "at", "note"])
            status = try c.decodeIfPresent(String.self, forKey: AnyKey("status"))
            at = try c.decodeIfPresent(String.self, forKey: AnyKey("at"))
            note = try c.decodeIfPresent(String.self, forKey: AnyKey("note"))
        }
    }

    /// The answer: `answeredAt`, `reasons`, `reasonText`, `comment`, and every other key a question
    /// of the case survey (a rating as a whole number, a choice as text), checked by the reader.
    struct SurveyLine: Decodable {
        var answeredAt: String?
        var reasons: [String]?
        var reasonText: String?
        var comment: String?
        var ratings: [String: Int] = [:]
        var choices: [String: String] = [:]
        static let fixed: Set<String> = ["answeredAt", "reasons", "reasonText", "comment"]

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyKey.self)
            answeredAt = try c.decodeIfPresent(String.self, forKey: AnyKey("answeredAt"))
            reasons = try c.decodeIfPresent([String].self, forKey: AnyKey("reasons"))
            reasonText = try c.decodeIfPresent(String.self, forKey: AnyKey("reasonText"))
            comment = try c.decodeIfPresent(String.self, forKey: AnyKey("comment"))
            for key in c.allKeys where !Self.fixed.contains(key.stringValue) {
                if let n = try? c.decodeIfPresent(Int.self, forKey: key) {
                    ratings[key.stringValue] = n
                } else if let s = try? c.decodeIfPresent(String.self, forKey: key) {
                    choices[key.stringValue] = s
                } else if try c.decodeNil(forKey: key) {
                    continue
                } else {
                    throw DecodingError.typeMismatch(Int.self, .init(codingPath: c.codingPath + [key],
                                                                     debugDescription: "expected a whole number from 1 to 5 or a choice"))
                }
            }
        }
    }
}

/// Any JSON object key, so unknown ones can be named.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }

    static func refuseUnknown(in c: KeyedDecodingContainer<AnyKey>, known: Set<String>) throws {
        if let unknown = c.allKeys.map(\.stringValue).filter({ !known.contains($0) }).sorted().first {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [AnyKey(unknown)],
                                                    debugDescription: "unknown field (a typo? the fields are listed in docs/import-cases.md)"))
        }
    }
}

extension DecodingError {
    /// The error in words for the rejection list: where in the line, and what was expected.
    var lineReason: String {
        func path(_ context: Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch self {
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "the line is not a JSON object" }
            let expected = type == String.self ? "text" : type == Bool.self ? "true or false" : type == Int.self ? "a whole number"
                : String(describing: type).hasPrefix("Array") ? "a list" : "an object"
            return "\(path(context)): expected \(expected)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "the line is not valid JSON" }
            return "\(path(context)): \(context.debugDescription.hasPrefix("unknown field") ? context.debugDescription : "not a valid value")"
        case .valueNotFound(_, let context): return "\(path(context)): a value is required"
        case .keyNotFound(let key, _): return "\(key.stringValue) is required"
        @unknown default: return "the line cannot be read"
        }
    }
}
