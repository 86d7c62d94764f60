import Foundation
import SiangCore

/// What satisfaction surveys need from persistence: invitations with single-use tokens, answers,
/// service points, imported answers. Every ``CaseStore`` is one.
///
/// The rules that must hold under concurrent requests are kept here, inside one transaction each:
/// one answer per token, a token past its expiry refused, a repeated key (LINE event, imported row,
/// form post) recorded once, and the per-address limits of the anonymous link.
public protocol SurveyStore: Sendable {
    /// Keeps a survey version's questions (the first wording seen); refuses, with
    /// ``StoreError/unavailable(_:)`` naming the survey, a different question set under a version
    /// already held.
    func registerSurveyDefinition(_ definition: SurveyDefinition, at: Date) async throws(StoreError)
    /// A survey version's questions as first registered.
    func surveyDefinition(id: String, version: Int) async throws(StoreError) -> SurveyDefinition?

    func addSurveyInvitation(_ invitation: SurveyInvitation) async throws(StoreError)
    func surveyInvitation(token: String) async throws(StoreError) -> SurveyInvitation?
    /// A case's invitations, oldest first.
    func surveyInvitations(of id: TrackingID) async throws(StoreError) -> [SurveyInvitation]
    /// Invitations of resolved or closed cases waiting for staff to call (route `callback`),
    /// unanswered and not expired at `now`, oldest first.
    func surveyCallBacks(now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation]
    /// The same list narrowed to the cases `viewer` may see, by the rule every staff query uses
    /// (``StaffViewer``: own queues, restricted cases for the integrity role only), read from the
    /// case as it is now, not as it was when the invitation was issued.
    func surveyCallBacks(for viewer: StaffViewer, now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation]

    /// Stores an answer with the case events and outbox rows it causes, all or nothing.
    ///
    /// For a token: refused as ``SurveyRecordOutcome/unknownToken``, ``SurveyRecordOutcome/expired``
    /// (at `answer.answeredAt`) or ``SurveyRecordOutcome/alreadyAnswered``; a complete answer marks
    /// the invitation answered. With `answer.key` seen before, nothing is written
    /// (``SurveyRecordOutcome/repeated(answerID:)``). With `limit`, an address over its limits is
    /// refused (``SurveyRecordOutcome/rateLimited``) and otherwise counted.
    func recordSurveyAnswer(_ answer: NewSurveyAnswer, events: [CaseEvent], outbox: [OutboxMessage],
                            limit: AddressLimit?) async throws(StoreError) -> SurveyRecordOutcome
    /// Adds the rest of the questions to a partial answer (a LINE rating) and marks the invitation
    /// answered; what the partial answer holds is kept.
    func completeSurveyAnswer(token: String, with response: SurveyResponse, via: String, at: Date, events: [CaseEvent],
                              outbox: [OutboxMessage]) async throws(StoreError) -> SurveyRecordOutcome
    /// Many answers in one transaction (imports), each as ``recordSurveyAnswer(_:events:outbox:limit:)``
    /// without events or limits would.
    func recordSurveyAnswers(_ answers: [NewSurveyAnswer]) async throws(StoreError) -> [SurveyRecordOutcome]
    /// The answer given with a token, if any.
    func surveyAnswer(token: String) async throws(StoreError) -> StoredSurveyAnswer?

    /// Answers given in `[from, to)`, without anything personal, for the aggregations.
    func surveyFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyFact]
    /// The same answers as ``surveyFacts(from:to:)``, as columns (what the reports read a third of a
    /// million answers as): held in any order, with ``SurveyFactColumns/timeOrder`` when that is not
    /// time order. A store without its own columnar reader lays out ``surveyFacts(from:to:)``.
    func surveyFactColumns(from: Date, to: Date) async throws(StoreError) -> SurveyFactColumns
    /// Invitations issued in `[from, to)`, for the response rate.
    func surveyInvitationFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyInvitationFact]
}

extension SurveyStore {
    public func surveyFactColumns(from: Date, to: Date) async throws(StoreError) -> SurveyFactColumns {
        SurveyFactColumns(try await surveyFacts(from: from, to: to))
    }
}

/// How an invitation reaches the person: the route decides who shows or sends the link.
public enum SurveyRoute: String, Codable, Sendable, CaseIterable {
    /// The tracking page shows the link (web cases, and any case we cannot reach otherwise).
    case trackingPage = "tracking_page"
    /// An email with the link (outbox `survey_invitation`, channel `email`).
    case email
    /// A LINE push with rating buttons (outbox `survey_invitation`, channel `line`).
    case line
    /// Staff call the person back and enter the answers (hotline and phone cases).
    case callback
}

/// The invitation of one resolved case: a single-use token that expires.
public struct SurveyInvitation: Sendable, Equatable {
    public var token: String
    public var trackingID: TrackingID
    public var surveyID: String
    public var version: Int
    public var route: SurveyRoute
    /// The case's channel, category, segment and queue when it was resolved.
    public var channel: Channel
    public var category: String?
    public var segment: Segment?
    public var queue: String?
    public var issuedAt: Date
    public var expiresAt: Date
    /// When a complete answer was recorded.
    public var answeredAt: Date?

    public init(token: String, trackingID: TrackingID, surveyID: String, version: Int, route: SurveyRoute, channel: Channel,
                category: String?, segment: Segment?, queue: String?, issuedAt: Date, expiresAt: Date, answeredAt: Date? = nil) {
        self.token = token
        self.trackingID = trackingID
        self.surveyID = surveyID
        self.version = version
        self.route = route
        self.channel = channel
        self.category = category
        self.segment = segment
        self.queue = queue
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.answeredAt = answeredAt
    }

    public func isExpired(at now: Date) -> Bool { now >= expiresAt }
}

/// An answer ready to be stored.
public struct NewSurveyAnswer: Sendable, Equatable {
    /// The invitation's token (case surveys); nil for service points and imports.
    public var token: String?
    public var surveyID: String
    public var version: Int
    /// `case`, `service_point`, or `import:<label>`.
    public var source: String
    /// How it came in: `web`, `api`, `line`, `staff`, `import`.
    public var via: String
    public var trackingID: TrackingID?
    public var channel: Channel?
    public var category: String?
    public var segment: Segment?
    public var queue: String?
    public var servicePoint: String?
    public var answeredAt: Date
    public var response: SurveyResponse
    /// False for a LINE rating whose other questions may still come.
    public var complete: Bool
    /// Makes a repeat harmless: `line:<webhookEventId>`, `import:<label>:<row digest>`, `form:<nonce>`.
    public var key: String?

    public init(token: String?, surveyID: String, version: Int, source: String, via: String, trackingID: TrackingID? = nil,
                channel: Channel? = nil, category: String? = nil, segment: Segment? = nil, queue: String? = nil,
                servicePoint: String? = nil, answeredAt: Date, response: SurveyResponse, complete: Bool = true, key: String? = nil) {
        self.token = token
        self.surveyID = surveyID
        self.version = version
        self.source = source
        self.via = via
        self.trackingID = trackingID
        self.channel = channel
        self.category = category
        self.segment = segment
        self.queue = queue
        self.servicePoint = servicePoint
        self.answeredAt = answeredAt
        self.response = response
        self.complete = complete
        self.key = key
    }
}

public struct StoredSurveyAnswer: Sendable, Equatable {
    public var id: Int64
    public var answer: NewSurveyAnswer
    public var completedAt: Date?
}

/// The per-address limits of an anonymous answer; `addressKey` is a keyed hash of the address.
public struct AddressLimit: Sendable, Equatable {
    public var addressKey: String
    public var maxPerHour: Int
    public var maxPerDay: Int
    public init(addressKey: String, maxPerHour: Int, maxPerDay: Int) {
        self.addressKey = addressKey
        self.maxPerHour = maxPerHour
        self.maxPerDay = maxPerDay
    }
}

/// What happened to an answer.
public enum SurveyRecordOutcome: Sendable, Equatable {
    case recorded(answerID: Int64)
    /// The key was recorded before: nothing new was written.
    case repeated(answerID: Int64)
    /// The token has a complete answer already.
    case alreadyAnswered
    /// The token has a partial answer (a LINE rating): complete it instead.
    case partiallyAnswered
    case unknownToken
    case expired
    case rateLimited
}
