import Foundation

/// What one respondent answered, keyed by question id: ratings on the 1-5 scale, choices, reason
/// codes and free text. The same shape for every source (the survey page, the API, a LINE postback,
/// staff on a call-back, an imported row), so answers from every source are comparable.
public struct SurveyResponse: Codable, Sendable, Equatable {
    /// Question id to 1...5 (`overall`, the dimensions, `trust`, `recommend`).
    public var ratings: [String: Int]
    /// Question id to the chosen option (`frequency`, and `segment` for service points).
    public var choices: [String: String]
    /// Reason codes, in the order given, without repeats.
    public var reasons: [String]
    /// What `other` means, when chosen.
    public var reasonText: String?
    public var comment: String?

    public init(ratings: [String: Int] = [:], choices: [String: String] = [:], reasons: [String] = [], reasonText: String? = nil, comment: String? = nil) {
        self.ratings = ratings
        self.choices = choices
        self.reasons = reasons
        self.reasonText = reasonText
        self.comment = comment
    }

    public var overall: Int? { ratings[SurveyQuestion.overall] }
    public var trust: Int? { ratings[SurveyQuestion.trust] }
    public var recommend: Int? { ratings[SurveyQuestion.recommend] }
    public var segment: Segment? { choices[SurveyQuestion.segment].flatMap(Segment.init(rawValue:)) }

    /// Adds what `other` holds without overwriting what is already answered (a LINE rating completed
    /// on the survey page keeps its rating).
    public func completed(with other: SurveyResponse) -> SurveyResponse {
        var merged = self
        merged.ratings.merge(other.ratings) { mine, _ in mine }
        merged.choices.merge(other.choices) { mine, _ in mine }
        for r in other.reasons where !merged.reasons.contains(r) { merged.reasons.append(r) }
        merged.reasonText = merged.reasonText ?? other.reasonText
        merged.comment = merged.comment ?? other.comment
        return merged
    }
}

/// The rules every answer obeys, whatever brought it in (DESIGN.md section 4).
public enum SurveyRules {
    /// A score at or below this is a dissatisfied one (1 and 2 on the 5-point scale).
    public static let dissatisfiedAtOrBelow = 2
    public static let maxCommentLength = 2000
    public static let maxReasonTextLength = 500

    /// Reasons are asked whenever the overall score or any dimension is 1 or 2.
    public static func asksForReasons(_ response: SurveyResponse, definition: SurveyDefinition) -> Bool {
        let watched = [SurveyQuestion.overall] + definition.dimensionIDs
        return watched.contains { (response.ratings[$0] ?? 99) <= dissatisfiedAtOrBelow }
    }

    /// A dissatisfied answer (overall 1 or 2) starts service recovery.
    public static func isDissatisfied(_ response: SurveyResponse) -> Bool {
        (response.overall ?? 99) <= dissatisfiedAtOrBelow
    }

    /// What is wrong with an answer, field by field (empty when it can be stored).
    ///
    /// - Parameter requireReasons: false for a partial answer that will be completed later (a LINE
    ///   rating), true for a complete one: then at least one reason is required when reasons are asked.
    public static func problems(in response: SurveyResponse, definition: SurveyDefinition, reasonCodes: [ReasonCode],
                                requireReasons: Bool = true) -> [FieldError] {
        var problems: [FieldError] = []
        for (id, value) in response.ratings.sorted(by: { $0.key < $1.key }) {
            guard let q = definition.question(id), q.type == .rating else {
                problems.append(FieldError(id, .unknown, th: "แบบสอบถามนี้ไม่มีคำถาม \(id)", en: "This survey has no rating question \"\(id)\"."))
                continue
            }
            if !(1...5).contains(value) {
                problems.append(FieldError(id, .invalid, th: "โปรดเลือกระดับ 1 ถึง 5", en: "Choose a value from 1 to 5."))
            }
        }
        for (id, value) in response.choices.sorted(by: { $0.key < $1.key }) {
            guard let q = definition.question(id), q.type == .choice || q.type == .segment else {
                problems.append(FieldError(id, .unknown, th: "แบบสอบถามนี้ไม่มีคำถาม \(id)", en: "This survey has no choice question \"\(id)\"."))
                continue
            }
            let allowed = q.type == .segment ? Segment.allCases.map(\.rawValue) : (q.options ?? []).map(\.value)
            if !allowed.contains(value) {
                problems.append(FieldError(id, .invalid, th: "ตัวเลือกไม่ถูกต้อง", en: "\"\(value)\" is not one of the options."))
            }
        }
        for q in definition.questions where q.isRequired {
            let answered = switch q.type {
            case .rating: response.ratings[q.id] != nil
            case .choice, .segment: response.choices[q.id] != nil
            case .text: !(response.comment ?? "").isEmpty
            case .reasons: true
            }
            if !answered {
                problems.append(FieldError(q.id, .required, th: "โปรดตอบคำถาม \"\(q.th)\"", en: "Please answer \"\(q.en)\"."))
            }
        }
        let known = Set(reasonCodes.map(\.code))
        for code in response.reasons where !known.contains(code) {
            problems.append(FieldError("reasons", .unknown, th: "ไม่มีสาเหตุรหัส \(code)", en: "\"\(code)\" is not a reason code."))
        }
        if requireReasons, asksForReasons(response, definition: definition), response.reasons.isEmpty {
            problems.append(FieldError("reasons", .required, th: "โปรดเลือกสาเหตุที่ท่านไม่พึงพอใจอย่างน้อย 1 ข้อ",
                                       en: "Please choose at least one reason for your dissatisfaction."))
        }
        let needText = reasonCodes.filter(\.requiresText).map(\.code)
        if response.reasons.contains(where: needText.contains), (response.reasonText ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(FieldError("reasonText", .required, th: "โปรดระบุสาเหตุอื่น ๆ", en: "Please say what the other reason is."))
        }
        if (response.reasonText ?? "").count > maxReasonTextLength {
            problems.append(FieldError("reasonText", .tooLong, th: "ระบุสาเหตุได้ไม่เกิน \(maxReasonTextLength) ตัวอักษร",
                                       en: "At most \(maxReasonTextLength) characters."))
        }
        if (response.comment ?? "").count > maxCommentLength {
            problems.append(FieldError("comment", .tooLong, th: "ข้อเสนอแนะยาวได้ไม่เกิน \(maxCommentLength) ตัวอักษร",
                                       en: "At most \(maxCommentLength) characters."))
        }
        return problems
    }
}
