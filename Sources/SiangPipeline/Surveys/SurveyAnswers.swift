import Foundation
import SiangCore
import SiangStore

/// Records survey answers from every place they come: the survey page and the JSON API (with a
/// case's token), staff entering what a person said on a call-back, LINE rating buttons
/// (``recordPostback(data:lineUserID:webhookEventID:at:)``) and the anonymous service-point link.
///
/// Every answer is checked by ``SurveyRules`` (the reason-code rule among them), and a dissatisfied
/// one starts service recovery (``ServiceRecovery``) in the same transaction.
public struct SurveyAnswers: Sendable {
    let store: any CaseStore
    let configuration: SiangConfiguration

    public init(store: any CaseStore, configuration: SiangConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    var settings: SurveySettings { configuration.surveys }

    // MARK: - Tokens

    /// Where a token stands.
    public enum TokenState: Sendable, Equatable {
        /// Can be answered; `partial` holds a LINE rating given already.
        case open(SurveyInvitation, SurveyDefinition, partial: SurveyResponse?)
        case answered(SurveyInvitation)
        case expired(SurveyInvitation)
        case unknown
    }

    /// What a token leads to at `now`.
    public func state(ofToken token: String, at now: Date) async throws(StoreError) -> TokenState {
        guard SurveyTokens.isWellFormed(token), let invitation = try await store.surveyInvitation(token: token),
              // An invitation whose resolution was never stored leads nowhere.
              try await store.record(invitation.trackingID)?.state.resolvedAt != nil else { return .unknown }
        let answer = try await store.surveyAnswer(token: token)
        if let answer, answer.completedAt != nil { return .answered(invitation) }
        if invitation.isExpired(at: now) { return .expired(invitation) }
        guard let definition = try await definition(invitation.surveyID, version: invitation.version) else { return .unknown }
        return .open(invitation, definition, partial: answer?.answer.response)
    }

    /// A survey version's questions: as the store first kept them, else from the configuration.
    public func definition(_ id: String, version: Int) async throws(StoreError) -> SurveyDefinition? {
        if let held = try await store.surveyDefinition(id: id, version: version) { return held }
        return settings.definition(id, version: version)
    }

    /// The open invitation of a case, for the tracking page's survey link.
    public func openInvitation(of id: TrackingID, at now: Date) async throws(StoreError) -> SurveyInvitation? {
        guard let invitation = try await store.surveyInvitations(of: id).last(where: { !$0.isExpired(at: now) && $0.answeredAt == nil }),
              case .open = try await state(ofToken: invitation.token, at: now) else { return nil }
        return invitation
    }

    /// What happened to a submitted answer.
    public enum Submission: Sendable, Equatable {
        case recorded(dissatisfied: Bool)
        /// The answer breaks a rule; nothing was stored.
        case invalid([FieldError])
        case alreadyAnswered
        case expired
        case unknown
        /// Too many anonymous answers from one address.
        case rateLimited
    }

    /// Records the answer to a case's invitation (survey page, API, staff on a call-back). A LINE
    /// rating given before is kept and completed with the rest.
    ///
    /// - Parameter via: `web`, `api` or `staff`.
    public func submit(token: String, response raw: SurveyResponse, via: String, at now: Date) async throws(StoreError) -> Submission {
        let state = try await state(ofToken: token, at: now)
        let (invitation, definition, partial): (SurveyInvitation, SurveyDefinition, SurveyResponse?)
        switch state {
        case .unknown: return .unknown
        case .expired: return .expired
        case .answered: return .alreadyAnswered
        case .open(let i, let d, let p): (invitation, definition, partial) = (i, d, p)
        }
        let response = Self.normalised(raw)
        if let partial {
            let merged = partial.completed(with: response)
            let problems = SurveyRules.problems(in: merged, definition: definition, reasonCodes: settings.reasonCodes)
            guard problems.isEmpty else { return .invalid(problems) }
            var events: [CaseEvent] = []
            if SurveyRules.isDissatisfied(merged), !merged.reasons.isEmpty || !(merged.comment ?? "").isEmpty {
                events.append(CaseEvent(at: now, actor: CaseEvent.system, change: .internalNote(
                    SurveyMessages.recoveryReasonsNote(reasons: merged.reasons, reasonText: merged.reasonText, comment: merged.comment, settings: settings))))
            }
            return Self.submission(try await store.completeSurveyAnswer(token: token, with: response, via: via, at: now, events: events, outbox: []),
                                   dissatisfied: SurveyRules.isDissatisfied(merged))
        }
        let problems = SurveyRules.problems(in: response, definition: definition, reasonCodes: settings.reasonCodes)
        guard problems.isEmpty else { return .invalid(problems) }
        let answer = caseAnswer(invitation, response: response, via: via, at: now, complete: true, key: nil)
        let recovery = ServiceRecovery.forCase(answer, invitation: invitation, configuration: configuration)
        let outcome = try await store.recordSurveyAnswer(answer, events: recovery.events, outbox: recovery.outbox, limit: nil)
        if outcome == .partiallyAnswered {
            // A LINE rating arrived in between: complete it instead.
            return try await submit(token: token, response: raw, via: via, at: now)
        }
        return Self.submission(outcome, dissatisfied: SurveyRules.isDissatisfied(response))
    }

    func caseAnswer(_ i: SurveyInvitation, response: SurveyResponse, via: String, at: Date, complete: Bool, key: String?) -> NewSurveyAnswer {
        NewSurveyAnswer(token: i.token, surveyID: i.surveyID, version: i.version, source: "case", via: via, trackingID: i.trackingID,
                        channel: i.channel, category: i.category, segment: i.segment, queue: i.queue, answeredAt: at,
                        response: response, complete: complete, key: key)
    }

    static func submission(_ outcome: SurveyRecordOutcome, dissatisfied: Bool) -> Submission {
        switch outcome {
        case .recorded, .repeated: .recorded(dissatisfied: dissatisfied)
        case .alreadyAnswered, .partiallyAnswered: .alreadyAnswered
        case .expired: .expired
        case .unknownToken: .unknown
        case .rateLimited: .rateLimited
        }
    }

    /// Trims free text, drops empty strings and repeated reasons.
    static func normalised(_ r: SurveyResponse) -> SurveyResponse {
        var out = r
        out.choices = r.choices.filter { !$0.value.isEmpty }
        var seen = Set<String>()
        out.reasons = r.reasons.filter { !$0.isEmpty && seen.insert($0).inserted }
        let trim = { (s: String?) -> String? in
            guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
        out.reasonText = trim(r.reasonText)
        out.comment = trim(r.comment)
        return out
    }

    // MARK: - Service points

    /// Records an anonymous answer from a service point's link.
    ///
    /// - Parameters:
    ///   - key: the form's one-time nonce, so a double submit is one answer.
    ///   - limit: the address's limits (`surveys.anonymous`).
    public func submitServicePoint(code: String, response raw: SurveyResponse, at now: Date, key: String?,
                                   limit: AddressLimit?) async throws(StoreError) -> Submission {
        guard let point = settings.servicePoint(code), let definition = settings.current(settings.servicePointSurvey) else { return .unknown }
        let response = Self.normalised(raw)
        let problems = SurveyRules.problems(in: response, definition: definition, reasonCodes: settings.reasonCodes)
        guard problems.isEmpty else { return .invalid(problems) }
        try await store.registerSurveyDefinition(definition, at: now)
        let answer = NewSurveyAnswer(token: nil, surveyID: definition.id, version: definition.version, source: "service_point", via: "web",
                                     channel: .walkIn, segment: response.segment, queue: point.queue, servicePoint: point.code,
                                     answeredAt: now, response: response, key: key.map { "form:\($0)" })
        let outbox = ServiceRecovery.forServicePoint(answer, point: point, configuration: configuration, key: key)
        return Self.submission(try await store.recordSurveyAnswer(answer, events: [], outbox: outbox, limit: limit),
                               dissatisfied: SurveyRules.isDissatisfied(response))
    }

    // MARK: - LINE rating buttons

    /// The postback data of a rating button: `survey=<token>&overall=<1-5>`.
    public static func postbackData(token: String, overall: Int) -> String { "survey=\(token)&overall=\(overall)" }

    /// Whether a postback belongs to the survey (the LINE adapter hands those to ``recordPostback(data:lineUserID:webhookEventID:at:)``).
    public static func isSurveyPostback(_ data: String) -> Bool { data.hasPrefix("survey=") }

    /// What a rating button press did, with the words to answer in the chat.
    public enum PostbackOutcome: Sendable, Equatable {
        /// Stored now.
        case recorded(reply: String)
        /// This webhook event was recorded before (a redelivery): nothing new was stored.
        case repeated(reply: String)
        case alreadyAnswered(reply: String)
        case expired(reply: String)
        /// Not a token we know, or not this user's.
        case unknown(reply: String)
        case invalid(reply: String)
        /// Not a survey postback at all.
        case notSurvey

        /// The text to answer the user with (nil for ``notSurvey``).
        public var reply: String? {
            switch self {
            case .recorded(let r), .repeated(let r), .alreadyAnswered(let r), .expired(let r), .unknown(let r), .invalid(let r): r
            case .notSurvey: nil
            }
        }
    }

    /// Records the overall rating a LINE user gave with a quick-reply button of the invitation.
    /// The same `webhookEventID` is recorded once, however often LINE delivers it; a second press
    /// (a new event) finds the rating given. The rest of the questions stay open on the survey page.
    public func recordPostback(data: String, lineUserID: String?, webhookEventID: String?, at now: Date) async throws(StoreError) -> PostbackOutcome {
        guard Self.isSurveyPostback(data) else { return .notSurvey }
        var fields: [String: String] = [:]
        for pair in data.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]).removingPercentEncoding ?? String(kv[1]) }
        }
        guard let token = fields["survey"], let score = fields["overall"].flatMap(Int.init), (1...5).contains(score) else {
            return .invalid(reply: SurveyMessages.postbackInvalid)
        }
        let url = SurveyMessages.surveyURL(token: token, configuration: configuration)
        let key = webhookEventID.map { "line:\($0)" }
        guard SurveyTokens.isWellFormed(token), let invitation = try await store.surveyInvitation(token: token),
              try await store.record(invitation.trackingID)?.state.resolvedAt != nil else {
            return .unknown(reply: SurveyMessages.postbackUnknown)
        }
        if let lineUserID, let recipient = try await store.lineRecipient(of: invitation.trackingID), recipient != lineUserID {
            return .unknown(reply: SurveyMessages.postbackUnknown)
        }
        let response = SurveyResponse(ratings: [SurveyQuestion.overall: score])
        let answer = caseAnswer(invitation, response: response, via: "line", at: now, complete: false, key: key)
        let recovery = ServiceRecovery.forCase(answer, invitation: invitation, configuration: configuration)
        switch try await store.recordSurveyAnswer(answer, events: recovery.events, outbox: recovery.outbox, limit: nil) {
        case .recorded: return .recorded(reply: SurveyMessages.postbackThanks(score: score, url: url))
        case .repeated: return .repeated(reply: SurveyMessages.postbackThanks(score: score, url: url))
        case .alreadyAnswered, .partiallyAnswered: return .alreadyAnswered(reply: SurveyMessages.postbackAlreadyAnswered)
        case .expired: return .expired(reply: SurveyMessages.postbackExpired)
        case .unknownToken, .rateLimited: return .unknown(reply: SurveyMessages.postbackUnknown)
        }
    }

    /// ``recordPostback(data:lineUserID:webhookEventID:at:)`` for callers without an instance.
    public static func recordPostback(data: String, lineUserID: String?, webhookEventID: String?, store: any CaseStore,
                                      configuration: SiangConfiguration, at now: Date) async throws(StoreError) -> PostbackOutcome {
        try await SurveyAnswers(store: store, configuration: configuration).recordPostback(data: data, lineUserID: lineUserID,
                                                                                           webhookEventID: webhookEventID, at: now)
    }
}
