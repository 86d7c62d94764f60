import Foundation
import SiangCore

/// Where a case's resolution clock stands at a lookup: what the tracking page and the track answer
/// show of the SLA (DESIGN.md 5.3).
public struct ResolutionStanding: Sendable, Equatable {
    /// Nil once the clock has stopped.
    public var dueAt: Date?
    public var state: SLAState
    public init(dueAt: Date?, state: SLAState) {
        self.dueAt = dueAt
        self.state = state
    }
}

extension SLAService {
    /// The resolution clock of a tracked case at `now`, from the kept inputs alone (no events read):
    /// the same due time and state as ``summary(events:at:)`` gives from the events.
    public func resolution(of tracked: TrackedCase, at now: Date) -> ResolutionStanding? {
        guard let clock = tracked.resolutionClock(policy: policy, calendar: calendar) else { return nil }
        return ResolutionStanding(dueAt: clock.dueAt(at: now), state: clock.state(at: now, atRiskFraction: policy.atRiskFraction))
    }
}
