import Crypto
import Foundation
import SiangCore
import SiangStore

/// What the survey part does when a case changes: the case-actions code calls ``onResolved`` in the
/// same transaction-building step that moves a case to `resolved`.
public enum SurveyHooks {
    /// The invitation of a case that is being resolved: its row is stored here (a single-use token
    /// that expires after `surveys.invitationExpiryDays`), and the event and outbox rows returned go
    /// into the transaction that resolves the case.
    ///
    /// How the invitation reaches the person depends on the case's channel (``SurveyRoute``): a LINE
    /// push with rating buttons, an email with the link, the staff call-back list (hotline, phone),
    /// and in every case the tracking page. Rejected and duplicate cases are never asked, and a case
    /// reopened and resolved again while its invitation can still be answered is not asked twice.
    ///
    /// - Parameters:
    ///   - state: the case's state with the resolution applied (or before it: only the dimensions are read).
    ///   - events: the case's events, with or without the resolving one.
    ///   - at: the moment of the resolution.
    public static func onResolved(store: any CaseStore, trackingID: TrackingID, state: CaseState, events: [CaseEvent],
                                  configuration: SiangConfiguration, at: Date) async throws -> (events: [CaseEvent], outbox: [OutboxMessage]) {
        guard isEligible(state: state, events: events) else { return ([], []) }
        let settings = configuration.surveys
        if let open = try await store.surveyInvitations(of: trackingID).last(where: { !$0.isExpired(at: at) }) {
            // Resolved before with this invitation (the case was reopened): no second survey.
            let resolvedSince = events.contains { e in
                if case .statusChanged(let s) = e.change, s.to == .resolved, e.at >= open.issuedAt, e.at < at { return true }
                return false
            }
            if resolvedSince { return ([], []) }
            // The invitation was made for a resolution that was never stored (the change failed after
            // this hook ran): send that one now; its outbox key is the token, so never twice.
            return try await delivery(of: open, store: store, configuration: configuration)
        }
        guard let definition = settings.current(settings.caseSurvey) else { return ([], []) }
        try await store.registerSurveyDefinition(definition, at: at)
        let route = try await route(for: trackingID, channel: state.channel, store: store)
        let invitation = SurveyInvitation(
            token: SurveyTokens.make(), trackingID: trackingID, surveyID: definition.id, version: definition.version, route: route.route,
            channel: state.channel, category: state.category, segment: state.segment, queue: state.queue,
            issuedAt: at, expiresAt: at.addingTimeInterval(settings.invitationLifetime))
        try await store.addSurveyInvitation(invitation)
        return try await delivery(of: invitation, store: store, configuration: configuration, lineUser: route.lineUser)
    }

    /// Rejected and duplicate cases are never surveyed, nor cases ever marked so.
    static func isEligible(state: CaseState, events: [CaseEvent]) -> Bool {
        let excluded: Set<Status> = [.rejected, .duplicate]
        if excluded.contains(state.status) { return false }
        return !events.contains { e in
            if case .statusChanged(let s) = e.change { return excluded.contains(s.to) }
            return false
        }
    }

    /// How a case's invitation reaches its person.
    static func route(for id: TrackingID, channel: Channel, store: any CaseStore) async throws -> (route: SurveyRoute, lineUser: String?) {
        switch channel {
        case .line:
            if let user = try await store.lineRecipient(of: id) { return (.line, user) }
        case .hotline, .phone:
            if let phone = try await store.contact(of: id)?.phone, !phone.isEmpty { return (.callback, nil) }
        default:
            break
        }
        if let email = try await store.contact(of: id)?.email, !email.isEmpty { return (.email, nil) }
        return (.trackingPage, nil)
    }

    /// The internal note and the outbox row of an invitation.
    static func delivery(of invitation: SurveyInvitation, store: any CaseStore, configuration: SiangConfiguration,
                         lineUser: String? = nil) async throws -> (events: [CaseEvent], outbox: [OutboxMessage]) {
        let id = invitation.trackingID
        let url = SurveyMessages.surveyURL(token: invitation.token, configuration: configuration)
        let note = CaseEvent(at: invitation.issuedAt, actor: CaseEvent.system,
                             change: .internalNote(SurveyMessages.invitationNote(route: SurveyMessages.routeLabel(invitation.route.rawValue),
                                                                                 expiresAt: invitation.expiresAt)))
        let key = "survey:invitation:\(invitation.token)"
        switch invitation.route {
        case .line:
            var user = lineUser
            if user == nil { user = try await store.lineRecipient(of: id) }
            guard let user else { return ([note], []) }
            let text = SurveyMessages.lineInvitation(id: id, url: url, expiresAt: invitation.expiresAt)
            let buttons = configuration.surveys.scale.sorted { $0.value > $1.value }.map { point in
                (label: "\(point.value) \(point.th)", data: SurveyAnswers.postbackData(token: invitation.token, overall: point.value),
                 displayText: "ความพึงพอใจโดยรวม: \(point.value) \(point.th)")
            }
            let message = SurveyInvitationMessage(token: invitation.token, trackingId: id.description, url: url, expiresAt: invitation.expiresAt,
                                                  to: user, text: text, messages: [LINEQuickReplyMessage(text: text, buttons: buttons)])
            return ([note], [OutboxMessage(kind: SurveyInvitationMessage.outboxKind, channel: .line, trackingID: id,
                                           payload: message.encoded(), dedupeKey: key)])
        case .email:
            let message = SurveyInvitationMessage(
                token: invitation.token, trackingId: id.description, url: url, expiresAt: invitation.expiresAt,
                subject: SurveyMessages.emailSubject(id: id),
                text: SurveyMessages.emailInvitation(id: id, url: url, expiresAt: invitation.expiresAt, agency: configuration.agency.nameTh))
            return ([note], [OutboxMessage(kind: SurveyInvitationMessage.outboxKind, channel: .email, trackingID: id,
                                           payload: message.encoded(), dedupeKey: key)])
        case .callback, .trackingPage:
            return ([note], [])
        }
    }
}

/// Survey tokens: 128 random bits from the system's cryptographic generator, URL-safe base64.
enum SurveyTokens {
    static func make() -> String {
        let key = SymmetricKey(size: .bits128)
        let data = key.withUnsafeBytes { Data($0) }
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Cheap shape check before any lookup.
    static func isWellFormed(_ token: String) -> Bool {
        (16...64).contains(token.count) && token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
