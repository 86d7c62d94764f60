import Foundation
import PostgresNIO

/// The hash-chained audit log on PostgreSQL, the twin of `SQLiteStore+AuditChain.swift`. Several
/// servers append at once, so each append reads the head row `FOR UPDATE`: under SERIALIZABLE a head
/// moved by a transaction this one cannot see is a serialization failure, and the write is retried
/// from the start with the new head, so no two entries ever link to the same one.
extension PostgresStore: AuditChainStore {
    static func appendAudit(at: Date, actor: String, action: String, trackingID: String?, improvementID: Int64?,
                            connection c: PostgresConnection) async throws {
        // A mode that conflicts with itself only: appends queue here. When this is the transaction's
        // first statement (recordAudit) the snapshot is taken after the lock, so the head read below is
        // the newest and nothing is retried; later in a transaction, FOR UPDATE below still keeps the
        // chain whole, by a retry.
        try await c.exec("LOCK TABLE audit_head IN SHARE ROW EXCLUSIVE MODE")
        let previous = try await c.rows("SELECT hash FROM audit_head WHERE singleton = 1 FOR UPDATE").first?.decode(String.self)
            ?? AuditChain.genesis
        let hash = AuditChain.link(previous: previous, at: at.storedValue, actor: actor, action: action, trackingID: trackingID,
                                   improvementID: improvementID)
        guard let id = try await c.one("""
            INSERT INTO audit_log (at, actor, action, tracking_id, improvement_id, hash)
            VALUES (\(at.storedValue), \(actor), \(action), \(trackingID), \(improvementID), \(hash)) RETURNING id
            """, as: Int64.self) else { throw StoreError.unavailable("the audit entry was not stored") }
        try await c.exec("""
            INSERT INTO audit_head (singleton, entry_id, hash) VALUES (1, \(id), \(hash))
            ON CONFLICT (singleton) DO UPDATE SET entry_id = excluded.entry_id, hash = excluded.hash
            """)
    }

    public func auditChainRows(after id: Int64, limit: Int) async throws(StoreError) -> [AuditChainRow] {
        try await read { c in
            try await c.rows("""
                SELECT id, at, actor, action, tracking_id, improvement_id, hash FROM audit_log WHERE id > \(id) ORDER BY id LIMIT \(limit)
                """).map(Self.auditChainRow)
        }
    }

    public func auditCheckpoints() async throws(StoreError) -> [AuditCheckpoint] {
        try await read { c in
            try await c.rows("SELECT entry_id, hash, at FROM audit_checkpoints ORDER BY id").map { row in
                let (entryID, hash, at) = try row.decode((Int64, String, Double).self)
                return AuditCheckpoint(entryID: entryID, hash: hash, at: Date(stored: at))
            }
        }
    }

    public func checkpointAudit(at: Date) async throws(StoreError) -> AuditCheckpoint? {
        try await write { c in
            guard let head = try await c.rows("SELECT entry_id, hash FROM audit_head WHERE singleton = 1 FOR UPDATE").first else { return nil }
            let (entryID, hash) = try head.decode((Int64, String).self)
            if let last = try await c.rows("SELECT entry_id, hash, at FROM audit_checkpoints ORDER BY id DESC LIMIT 1").first {
                let (lastID, lastHash, lastAt) = try last.decode((Int64, String, Double).self)
                if lastID == entryID, lastHash == hash { return AuditCheckpoint(entryID: lastID, hash: lastHash, at: Date(stored: lastAt)) }
            }
            try await c.exec("INSERT INTO audit_checkpoints (entry_id, hash, at) VALUES (\(entryID), \(hash), \(at.storedValue))")
            return AuditCheckpoint(entryID: entryID, hash: hash, at: at)
        }
    }

    /// Links the entries a database held before `v4-audit-chain`, in id order, inside that migration's
    /// transaction, then records where the chain stood.
    @Sendable static func linkAuditEntriesWrittenBefore(_ c: PostgresConnection) async throws {
        var previous = AuditChain.genesis
        var after: Int64 = 0
        var last: Int64?
        while true {
            let rows = try await c.rows("""
                SELECT id, at, actor, action, tracking_id, improvement_id, NULL::text FROM audit_log WHERE id > \(after) ORDER BY id LIMIT 10000
                """).map(auditChainRow)
            guard let tail = rows.last else { break }
            for row in rows {
                previous = row.expectedHash(after: previous)
                try await c.exec("UPDATE audit_log SET hash = \(previous) WHERE id = \(row.id)")
            }
            after = tail.id
            last = tail.id
        }
        guard let last else { return }
        try await c.exec("INSERT INTO audit_head (singleton, entry_id, hash) VALUES (1, \(last), \(previous))")
        try await c.exec("INSERT INTO audit_checkpoints (entry_id, hash, at) VALUES (\(last), \(previous), \(Date().storedValue))")
    }

    /// An audit row of `SELECT id, at, actor, action, tracking_id, improvement_id, hash`.
    static func auditChainRow(_ row: PostgresRow) throws -> AuditChainRow {
        let (id, at, actor, action, trackingID, improvementID, hash) =
            try row.decode((Int64, Double, String, String, String?, Int64?, String?).self)
        return AuditChainRow(id: id, at: at, actor: actor, action: action, trackingID: trackingID, improvementID: improvementID, hash: hash)
    }
}
