import Foundation

/// One case from an agency's earlier system, read and checked (DESIGN.md 5.8), ready to become a
/// case with its whole history: what the citizen sent, how staff worked it and, when they answered
/// one, the satisfaction survey.
///
/// It holds nothing that depends on the store: a `duplicateOf` is still the other case's `ref`,
/// resolved to a tracking ID when the case is written.
public struct HistoricalCase: Sendable, Equatable {
    /// The line of the file it came from (1-based).
    public var line: Int
    /// The case's reference in the earlier system; the import is idempotent by it.
    public var ref: String
    /// What the citizen sent, with `externalRef` set to `ref`; `category` nil when it is to be classified.
    public var intake: Intake
    /// Nil when routing decides.
    public var priority: Priority?
    /// Nil when routing decides.
    public var queue: String?
    /// Staff actions in order, checked by the status machine and by time.
    public var history: [HistoryEntry]
    public var referredTo: String?
    /// The `ref` of the surviving case, imported before this one.
    public var duplicateOf: String?
    public var survey: HistoricalSurvey?

    public init(line: Int, ref: String, intake: Intake, priority: Priority? = nil, queue: String? = nil, history: [HistoryEntry] = [],
                referredTo: String? = nil, duplicateOf: String? = nil, survey: HistoricalSurvey? = nil) {
        self.line = line
        self.ref = ref
        self.intake = intake
        self.priority = priority
        self.queue = queue
        self.history = history
        self.referredTo = referredTo
        self.duplicateOf = duplicateOf
        self.survey = survey
    }
}

/// One status move of an imported case's history.
public struct HistoryEntry: Sendable, Equatable {
    public var status: Status
    public var at: Date
    /// The public note; for `rejected`, the reason.
    public var note: String?

    public init(status: Status, at: Date, note: String? = nil) {
        self.status = status
        self.at = at
        self.note = note
    }
}

/// The survey answer of an imported case, already checked against the case survey's questions.
public struct HistoricalSurvey: Sendable, Equatable {
    public var answeredAt: Date
    public var response: SurveyResponse
    /// The resolution it answers: the invitation is dated here, as live work would have issued it.
    public var invitedAt: Date

    public init(answeredAt: Date, response: SurveyResponse, invitedAt: Date) {
        self.answeredAt = answeredAt
        self.response = response
        self.invitedAt = invitedAt
    }
}
