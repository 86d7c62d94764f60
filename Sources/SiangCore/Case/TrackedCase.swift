import Foundation

/// Everything a tracking lookup answers, in one value the store keeps beside each case and rewrites
/// in the transaction of every event: the public view, and the inputs of the resolution SLA clock
/// (its state depends on the instant of the lookup, so the inputs are kept, never the state).
///
/// Built from the events with ``init(trackingID:events:)``, it answers exactly what the events
/// answer: ``view`` is ``PublicCaseView/init(trackingID:events:)`` and
/// ``resolutionClock(policy:calendar:)`` is ``SLAClock/resolution(events:policy:calendar:)``.
public struct TrackedCase: Sendable, Equatable {
    public var view: PublicCaseView
    /// With ``PublicCaseView/category``, picks the resolution allowance from the agency's policy at
    /// lookup time (as the event path does, so a changed policy applies at once).
    public var priority: Priority
    /// For each entry of ``PublicCaseView/timeline``, whether a status change made it (the clock's
    /// transitions) rather than the received event or a public reply shown under the status of the
    /// moment.
    public var changesStatus: [Bool]

    public init(view: PublicCaseView, priority: Priority, changesStatus: [Bool]) {
        self.view = view
        self.priority = priority
        self.changesStatus = changesStatus
    }

    /// The tracked view of a case from its event log; nil when the first event is not `received`.
    public init?(trackingID: TrackingID, events: [CaseEvent]) {
        guard let view = PublicCaseView(trackingID: trackingID, events: events), let state = CaseState.fold(events) else { return nil }
        self.view = view
        priority = state.priority
        changesStatus = events.compactMap { e in
            switch e.change {
            case .statusChanged: true
            case .received, .publicReply: false
            default: nil
            }
        }
    }

    /// The resolution clock the events would build: started at the received instant, moved by each
    /// status change, with the allowance `policy` gives the case's current category and priority.
    public func resolutionClock(policy: SLAPolicy, calendar: BusinessCalendar) -> SLAClock? {
        guard let start = view.timeline.first, changesStatus.first == false else { return nil }
        let changes = zip(view.timeline, changesStatus).dropFirst().compactMap { entry, isChange in
            isChange ? SLAClock.Transition(at: entry.at, phase: SLAClock.resolutionPhase(of: entry.status)) : nil
        }
        return SLAClock(startedAt: start.at, changes: changes,
                        allowanceMinutes: policy.resolutionAllowanceMinutes(category: view.category, priority: priority),
                        calendar: calendar)
    }
}
