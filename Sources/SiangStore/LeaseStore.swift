import Foundation

/// Expiring leader leases, so that background work that must run in one place at a time (the SLA
/// ticker, outbox delivery, the mailbox and hotline-folder pollers, the LINE inbox, scheduled exports,
/// the digest) runs in exactly one of several servers sharing a database, and moves to another when
/// that one dies (its lease runs out).
public protocol LeaseStore: Sendable {
    /// Takes the lease `name` for `holder` until `until`, or renews it: true when `holder` has it now
    /// (it was free, had run out by `now`, or was already theirs), false when another holder's lease
    /// still runs.
    func holdLease(_ name: String, holder: String, until: Date, now: Date) async throws(StoreError) -> Bool
    /// Gives the lease up at once (a server stopping), if `holder` has it.
    func releaseLease(_ name: String, holder: String) async throws(StoreError)
}
