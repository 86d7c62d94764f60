import Foundation
import SiangCore
import SiangStore

/// Keeps each case's SLA urgency index (``SLAIndexEntry``) in step with its events, so queue pages
/// can sort and filter by SLA state in the database.
///
/// Clocks only move on events: an entry computed from a case's events stays right until the next
/// event. Staff actions write the new entry in the same transaction as their events; anything else
/// that appends (intake, escalations, a citizen's follow-up) leaves the case stale, and
/// ``refresh(limit:)`` catches up — the queue pages call it before they read.
public struct SLAIndexer: Sendable {
    let store: any CaseStore
    let sla: SLAService

    public init(store: any CaseStore, sla: SLAService) {
        self.store = store
        self.sla = sla
    }

    /// The entry for a case with these events; nil when they do not start with `received`.
    public func entry(events: [CaseEvent]) -> SLAIndexEntry? {
        guard let clock = SLAClock.resolution(events: events, policy: sla.policy, calendar: sla.calendar),
              let last = events.map(\.at).max() else { return nil }
        // Everything known has happened by the last event; ask just after it.
        let asOf = max(last, clock.transitions.last?.at ?? last)
        var firstDue: Date?
        if let first = SLAClock.firstResponse(events: events, policy: sla.policy, calendar: sla.calendar), first.phase(at: asOf) == .running {
            firstDue = first.breachAt(at: asOf)
        }
        let fraction = sla.policy.atRiskFraction
        switch clock.phase(at: asOf) {
        case .running:
            return SLAIndexEntry(phase: .running, resolutionDueAt: clock.breachAt(at: asOf), atRiskAt: clock.atRiskAt(fraction: fraction, at: asOf),
                                 firstResponseDueAt: firstDue, settledState: nil)
        case .paused:
            // Paused time does not count: the state and the due time (if resumed at the pause) hold
            // until the next event.
            let pausedAt = clock.transitions.last?.at ?? asOf
            let used = clock.usedSeconds(at: pausedAt)
            return SLAIndexEntry(phase: .paused, resolutionDueAt: clock.dueAt(at: pausedAt), atRiskAt: nil, firstResponseDueAt: firstDue,
                                 settledState: used >= clock.allowanceSeconds ? .breached : .paused)
        case .stopped:
            let stoppedAt = clock.stoppedAt(at: asOf) ?? asOf
            return SLAIndexEntry(phase: .stopped, resolutionDueAt: clock.dueAt(at: stoppedAt.addingTimeInterval(-0.001)), atRiskAt: nil,
                                 firstResponseDueAt: nil, settledState: clock.state(at: stoppedAt, atRiskFraction: fraction))
        }
    }

    /// Computes the entries of up to `limit` stale cases; returns how many it looked at (fewer than
    /// `limit` means it has caught up).
    @discardableResult
    public func refresh(limit: Int = 500) async throws(StoreError) -> Int {
        let stale = try await store.staleSLACases(limit: limit)
        guard !stale.isEmpty else { return 0 }
        try await store.updateSLAIndex(stale.map { SLAIndexUpdate(trackingID: $0.trackingID, eventCount: $0.eventCount, entry: entry(events: $0.events)) })
        return stale.count
    }

    /// Refreshes until no stale case is left (after an upgrade or a bulk import).
    public func catchUp(batch: Int = 2_000) async throws(StoreError) {
        while !Task.isCancelled {
            if try await refresh(limit: batch) < batch { return }
        }
    }
}
