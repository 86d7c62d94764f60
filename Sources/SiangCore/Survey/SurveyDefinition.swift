import Foundation

/// One satisfaction questionnaire, as the agency writes it in YAML (`surveys.definitions`): its
/// questions in Thai and English, identified by `id` and `version`.
///
/// A changed question set is a new version: every invitation and answer records the version it was
/// asked with, and the store keeps each version's questions, so old answers keep theirs. The
/// ``questionSet`` is what "changed" means: the question ids, types, dimension flags and option
/// values in order. Wording may be corrected within a version; anything else needs a new one (the
/// store refuses a different question set under a version it already holds).
public struct SurveyDefinition: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var title: LocalizedLabel
    /// A sentence under the title (optional).
    public var intro: LocalizedLabel?
    public var questions: [SurveyQuestion]

    public init(id: String, version: Int, title: LocalizedLabel, intro: LocalizedLabel? = nil, questions: [SurveyQuestion]) {
        self.id = id
        self.version = version
        self.title = title
        self.intro = intro
        self.questions = questions
    }

    /// The identity of the question set, compared by the store to keep versions honest.
    public var questionSet: String {
        questions.map { q in
            var part = "\(q.id):\(q.type.rawValue)"
            if q.isDimension { part += ":dimension" }
            if let options = q.options { part += ":" + options.map(\.value).joined(separator: ",") }
            return part
        }.joined(separator: "|")
    }

    public func question(_ id: String) -> SurveyQuestion? { questions.first { $0.id == id } }

    /// The 1-5 questions, in order.
    public var ratingQuestions: [SurveyQuestion] { questions.filter { $0.type == .rating } }
    /// The service dimensions (process, staff, channel, access, outcome, ...).
    public var dimensionIDs: [String] { questions.filter(\.isDimension).map(\.id) }
    public var asksReasons: Bool { questions.contains { $0.type == .reasons } }
    public var asksSegment: Bool { questions.contains { $0.type == .segment } }

    func validate(key: String) throws(ConfigurationError) {
        guard SurveyDefinition.isCode(id) else { throw .invalid(key: key, reason: "survey id \"\(id)\" must be lower-case letters, digits and _") }
        guard version > 0 else { throw .invalid(key: key, reason: "survey \(id): version must be a positive number") }
        var seen = Set<String>()
        for q in questions {
            guard SurveyDefinition.isCode(q.id) else {
                throw .invalid(key: key, reason: "survey \(id) v\(version): question id \"\(q.id)\" must be lower-case letters, digits and _")
            }
            guard seen.insert(q.id).inserted else { throw .invalid(key: key, reason: "survey \(id) v\(version): question \"\(q.id)\" is listed twice") }
            if q.type == .choice, (q.options ?? []).count < 2 {
                throw .invalid(key: key, reason: "survey \(id) v\(version): choice question \"\(q.id)\" needs at least two options")
            }
            if q.type == .text, q.id != SurveyQuestion.comment {
                throw .invalid(key: key, reason: "survey \(id) v\(version): the free-text question must have the id \"comment\"")
            }
            if q.type == .segment, q.id != SurveyQuestion.segment {
                throw .invalid(key: key, reason: "survey \(id) v\(version): the segment question must have the id \"segment\"")
            }
            if q.isDimension, q.type != .rating {
                throw .invalid(key: key, reason: "survey \(id) v\(version): only rating questions can be dimensions (\"\(q.id)\")")
            }
        }
        guard question(SurveyQuestion.overall)?.type == .rating else {
            throw .invalid(key: key, reason: "survey \(id) v\(version): a rating question with id \"overall\" is required")
        }
        guard questions.filter({ $0.type == .reasons }).count == 1, questions.filter({ $0.type == .segment }).count <= 1 else {
            throw .invalid(key: key, reason: "survey \(id) v\(version): exactly one reasons question and at most one segment question")
        }
    }

    static func isCode(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 40 && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }
}

/// One question of a ``SurveyDefinition``.
public struct SurveyQuestion: Codable, Sendable, Equatable {
    /// What kind of answer a question takes.
    public enum QuestionType: String, Codable, Sendable {
        /// 1 (very dissatisfied) to 5 (very satisfied).
        case rating
        /// One of ``SurveyQuestion/options``.
        case choice
        /// The respondent's stakeholder group (``Segment``); anonymous service-point surveys ask it.
        case segment
        /// Dissatisfaction reason codes, asked when the overall score or a dimension is 1 or 2.
        case reasons
        /// Free text.
        case text
    }

    public var id: String
    public var type: QuestionType
    public var th: String
    public var en: String
    /// A rating that is one of the service dimensions reported separately.
    public var dimension: Bool?
    /// Must be answered (the overall rating always must).
    public var required: Bool?
    public var options: [SurveyOption]?

    public init(id: String, type: QuestionType, th: String, en: String, dimension: Bool? = nil, required: Bool? = nil, options: [SurveyOption]? = nil) {
        self.id = id
        self.type = type
        self.th = th
        self.en = en
        self.dimension = dimension
        self.required = required
        self.options = options
    }

    public var label: LocalizedLabel { LocalizedLabel(th: th, en: en) }
    public var isDimension: Bool { dimension ?? false }
    public var isRequired: Bool { id == Self.overall || (required ?? false) }

    /// The ids the aggregations read.
    public static let overall = "overall"
    public static let trust = "trust"
    public static let recommend = "recommend"
    public static let frequency = "frequency"
    public static let segment = "segment"
    public static let comment = "comment"
}

/// An answer a choice question offers.
public struct SurveyOption: Codable, Sendable, Equatable {
    public var value: String
    public var th: String
    public var en: String
    public init(value: String, th: String, en: String) {
        self.value = value
        self.th = th
        self.en = en
    }
    public var label: LocalizedLabel { LocalizedLabel(th: th, en: en) }
}

/// A cause of dissatisfaction (DESIGN.md section 4), asked whenever the overall score or a dimension
/// is 1 or 2 and counted in the reason-code Pareto.
public struct ReasonCode: Codable, Sendable, Equatable, Hashable {
    public var code: String
    public var th: String
    public var en: String
    /// The respondent must say what they mean (`other`).
    public var needsText: Bool?

    public init(code: String, th: String, en: String, needsText: Bool? = nil) {
        self.code = code
        self.th = th
        self.en = en
        self.needsText = needsText
    }

    public var label: LocalizedLabel { LocalizedLabel(th: th, en: en) }
    public var requiresText: Bool { needsText ?? false }
}

/// The words of one point of the 1-5 scale.
public struct ScaleLabel: Codable, Sendable, Equatable {
    public var value: Int
    public var th: String
    public var en: String
    public var label: LocalizedLabel { LocalizedLabel(th: th, en: en) }
}

/// A place where people are served in person (a counter, a one-stop centre): it has a public,
/// anonymous survey link and a printable QR code.
public struct ServicePoint: Codable, Sendable, Equatable {
    public var code: String
    public var th: String
    public var en: String
    /// The unit that runs it, as people know it (กองทะเบียน).
    public var unit: String
    /// The queue whose supervisors hear of dissatisfied answers (optional).
    public var queue: String?

    public init(code: String, th: String, en: String, unit: String, queue: String? = nil) {
        self.code = code
        self.th = th
        self.en = en
        self.unit = unit
        self.queue = queue
    }

    public var label: LocalizedLabel { LocalizedLabel(th: th, en: en) }

    static func isCode(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 32 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
