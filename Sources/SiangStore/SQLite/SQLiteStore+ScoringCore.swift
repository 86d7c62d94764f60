import Foundation
import GRDB
import SiangCore

extension SQLiteStore: ScoringCoreExportStore {
    public func enqueueScoringCoreExport(_ message: OutboxMessage, at: Date) async throws(StoreError) -> QueuedScoringCoreExport {
        let (sealed, cipher) = (cipher.seal([message]), cipher)
        return try await write { db in
            try Self.insertOutbox(sealed, at: at, db: db)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE dedupe_key = ?", arguments: [message.dedupeKey]) else {
                throw StoreError.unavailable("the queued scoring-core export could not be read back")
            }
            return try Self.queuedExport(row, cipher: cipher)
        }
    }

    public func scheduledScoringCoreExport(month: String) async throws(StoreError) -> Date? {
        try await read { db in
            try Double.fetchOne(db, sql: "SELECT queued_at FROM scoring_core_schedule WHERE month = ?", arguments: [month]).map(Date.init(stored:))
        }
    }

    public func enqueueScheduledScoringCoreExport(month: String, _ message: OutboxMessage, at: Date) async throws(StoreError) -> Bool {
        let sealed = cipher.seal([message])
        return try await write { db in
            try db.execute(sql: """
                INSERT INTO scoring_core_schedule (month, outbox_dedupe_key, queued_at) VALUES (?, ?, ?) ON CONFLICT(month) DO NOTHING
                """, arguments: [month, message.dedupeKey, at.storedValue])
            guard db.changesCount == 1 else { return false }
            try Self.insertOutbox(sealed, at: at, db: db)
            return true
        }
    }

    static func queuedExport(_ row: Row, cipher: PersonalDataCipher) throws(StoreError) -> QueuedScoringCoreExport {
        let delivered = (row["delivered_at"] as Double?).map(Date.init(stored:))
        // markFailed(nextAttemptAt: nil) parks a message given up on in the far future.
        let givenUp = delivered == nil && (row["next_attempt_at"] as Double) >= Double(Int32.max) * 100
        return QueuedScoringCoreExport(row: try outboxMessage(row, cipher: cipher), deliveredAt: delivered, givenUp: givenUp,
                                       lastError: try cipher.opened(row["last_error"], "a delivery error"))
    }
}
