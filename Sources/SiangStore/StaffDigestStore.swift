import Foundation

/// What the daily digest says about one queue.
public struct QueueDigestFigures: Sendable, Equatable {
    /// Open cases whose resolution clock is past its due time.
    public var breached: Int
    /// Open cases past the at-risk point but not yet due.
    public var atRisk: Int
    /// Dissatisfied answers (overall 1 or 2) given since the previous digest.
    public var newDissatisfied: Int
    /// Dissatisfied answers on a case on which no staff member has recorded anything since.
    public var openRecoveries: Int

    public init(breached: Int = 0, atRisk: Int = 0, newDissatisfied: Int = 0, openRecoveries: Int = 0) {
        self.breached = breached
        self.atRisk = atRisk
        self.newDissatisfied = newDissatisfied
        self.openRecoveries = openRecoveries
    }

    public var isEmpty: Bool { self == QueueDigestFigures() }
}

/// The figures of the daily digest to staff, by queue code.
public protocol StaffDigestStore: Sendable {
    /// Breached and at-risk open cases at `now` (from the SLA index), dissatisfied answers in
    /// `[since, now)` and open service recoveries, per queue; queues with nothing are left out.
    func digestFigures(now: Date, since: Date) async throws(StoreError) -> [String: QueueDigestFigures]
}
