import Foundation

/// The escalations the SLA ticker would have raised for a case worked in the past, so a case that
/// arrives with its history (an import) carries them as a live one would and the ticker never
/// raises them again, years late, to supervisors who cannot act on them.
///
/// It replays an ideal ticker: between one event and the next, the clocks are those of the events
/// known so far, and a level (at risk, breached) reached in that stretch is raised at the instant it
/// was reached, once per clock and level, by `system`, as ``CaseChange/escalated(_:)``.
public enum EscalationReplay {
    /// `events` (in time order, starting with `received`) with the escalations up to `now` merged in
    /// at their instants.
    public static func merged(into events: [CaseEvent], policy: SLAPolicy, calendar: BusinessCalendar, now: Date) -> [CaseEvent] {
        guard !events.isEmpty else { return events }
        var out: [CaseEvent] = []
        var raised = Set<String>()
        for (i, event) in events.enumerated() {
            out.append(event)
            let start = event.at
            let end = i + 1 < events.count ? events[i + 1].at : now
            guard end > start || (i + 1 == events.count && end >= start) else { continue }
            let known = Array(events[...i])
            guard let state = CaseState.fold(known), state.status.isOpen else { continue }
            let clocks: [(String, SLAClock?)] = [
                ("resolution", SLAClock.resolution(events: known, policy: policy, calendar: calendar)),
                ("first_response", SLAClock.firstResponse(events: known, policy: policy, calendar: calendar)),
            ]
            var stretch: [CaseEvent] = []
            for (name, clock) in clocks {
                guard let clock, clock.phase(at: start) == .running else { continue }
                let levels = [(SLAState.atRisk.rawValue, clock.atRiskAt(fraction: policy.atRiskFraction, at: start)),
                              (SLAState.breached.rawValue, clock.breachAt(at: start))]
                for (level, reached) in levels {
                    guard let reached, !raised.contains("\(name)/\(level)") else { continue }
                    let at = max(reached, start)
                    let inStretch = i + 1 < events.count ? at < end : at <= end
                    guard inStretch else { continue }
                    raised.insert("\(name)/\(level)")
                    stretch.append(CaseEvent(at: at, actor: CaseEvent.system, change: .escalated(Escalation(
                        clock: name, level: level, dueAt: clock.dueAt(at: at), queue: state.queue))))
                }
            }
            out += stretch.sorted { $0.at < $1.at }
        }
        return out
    }
}
