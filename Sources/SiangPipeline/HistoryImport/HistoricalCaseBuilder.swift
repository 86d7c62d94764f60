import Foundation
import SiangCore
import SiangStore

/// Turns a checked ``HistoricalCase`` into what the store writes: the case with the events live
/// work would have written, and the answered survey invitation of its resolution.
///
/// The events are the intake's (received, classification, routing, as ``IntakePipeline`` writes
/// them), the history's status moves, the invitation's note at the resolution, the service-recovery
/// note of a dissatisfied answer, and the escalations the ticker would have raised
/// (``EscalationReplay``), all in time order. No outbox row is made: the people were answered by
/// the earlier system, long ago.
struct HistoricalCaseBuilder {
    let pipeline: IntakePipeline
    let sla: SLAService
    let now: Date

    /// - Parameter survivor: the tracking ID of the case a `duplicate` entry merges into.
    func build(_ c: HistoricalCase, id: TrackingID, decision: TriageDecision, fingerprint: String, survivor: TrackingID?) -> ImportedCase {
        var newCase = pipeline.makeCase(id: id, intake: c.intake, decision: decision, actor: CaseEvent.citizen, fingerprint: fingerprint)
        newCase.outbox = []
        var events = newCase.events + c.statusEvents(duplicateOf: survivor)
        var invitation: SurveyInvitation?
        var answer: NewSurveyAnswer?
        if let survey = c.survey, let state = CaseState.fold(events.filter { $0.at <= survey.invitedAt }) {
            let settings = pipeline.configuration.surveys
            if let definition = settings.current(settings.caseSurvey) {
                let route = Self.route(channel: c.intake.channel, contact: c.intake.contact)
                let issued = SurveyInvitation(
                    token: SurveyTokens.make(), trackingID: id, surveyID: definition.id, version: definition.version, route: route,
                    channel: state.channel, category: state.category, segment: state.segment, queue: state.queue,
                    issuedAt: survey.invitedAt, expiresAt: survey.invitedAt.addingTimeInterval(settings.invitationLifetime))
                let given = NewSurveyAnswer(
                    token: issued.token, surveyID: definition.id, version: definition.version, source: "case", via: "import", trackingID: id,
                    channel: issued.channel, category: issued.category, segment: issued.segment, queue: issued.queue,
                    answeredAt: survey.answeredAt, response: survey.response, complete: true, key: "import:case:\(c.ref)")
                events.append(CaseEvent(at: issued.issuedAt, actor: CaseEvent.system, change: .internalNote(
                    SurveyMessages.invitationNote(route: SurveyMessages.routeLabel(route.rawValue), expiresAt: issued.expiresAt))))
                events += ServiceRecovery.forCase(given, invitation: issued, configuration: pipeline.configuration).events
                invitation = issued
                answer = given
            }
        }
        // A stable sort: moves at one instant keep the order they were made in.
        events = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        newCase.events = EscalationReplay.merged(into: events, policy: sla.policy, calendar: sla.calendar, now: now)
        return ImportedCase(newCase: newCase, ref: c.ref, fingerprint: fingerprint, invitation: invitation, answer: answer,
                            sla: SLAIndexer(store: pipeline.store, sla: sla).entry(events: newCase.events))
    }

    /// How the invitation would have reached the person, as ``SurveyHooks`` routes a live one: a
    /// call-back for hotline and phone cases with a number, an email when there is an address, the
    /// tracking page otherwise. An import holds no LINE user IDs, so a LINE case falls to the rest.
    static func route(channel: Channel, contact: Contact?) -> SurveyRoute {
        if [.hotline, .phone].contains(channel), !(contact?.phone ?? "").isEmpty { return .callback }
        if !(contact?.email ?? "").isEmpty { return .email }
        return .trackingPage
    }
}
