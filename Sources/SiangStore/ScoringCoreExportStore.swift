import Foundation

/// Persistence of scoring-core pushes (DESIGN.md 5.9, docs/scoring-core.md): the export goes out through the
/// outbox like every side effect, keyed by the SHA-256 of its bytes; the monthly schedule of `siang serve`
/// claims each month with a row of its own, in the transaction that queues the export, so several servers
/// or a restart never queue one month twice.
public protocol ScoringCoreExportStore: Sendable {
    /// Queues `message` (its dedupe key is the document's hash) unless a row with that key exists, and
    /// returns the row as stored: the new one, or the earlier one with its attempts and delivery time.
    func enqueueScoringCoreExport(_ message: OutboxMessage, at: Date) async throws(StoreError) -> QueuedScoringCoreExport
    /// When the monthly export covering `month` (`2026-01`) was queued; nil when it has not been.
    func scheduledScoringCoreExport(month: String) async throws(StoreError) -> Date?
    /// Claims `month` and queues `message` in one transaction; false (and nothing queued) when the month
    /// was claimed before, by this process or another.
    func enqueueScheduledScoringCoreExport(month: String, _ message: OutboxMessage, at: Date) async throws(StoreError) -> Bool
}

/// A scoring-core export's outbox row.
public struct QueuedScoringCoreExport: Sendable, Equatable {
    public var row: StoredOutboxMessage
    /// Set once the scoring core acknowledged it (a 2xx); it is never sent again.
    public var deliveredAt: Date?
    /// Set when a delivery was given up on (a refusal no retry can change, or too many attempts).
    public var givenUp: Bool
    public var lastError: String?

    public init(row: StoredOutboxMessage, deliveredAt: Date?, givenUp: Bool, lastError: String?) {
        self.row = row
        self.deliveredAt = deliveredAt
        self.givenUp = givenUp
        self.lastError = lastError
    }
}
