import Foundation
import GRDB

/// The hash-chained audit log in SQLite (schema in `Migrations+AuditChain.swift`). Every entry goes in
/// through ``appendAudit(at:actor:action:trackingID:improvementID:db:)`` inside the writer's
/// transaction: SQLite's one writer keeps the links in order.
extension SQLiteStore: AuditChainStore {
    static func appendAudit(at: Date, actor: String, action: String, trackingID: String?, improvementID: Int64?, db: Database) throws {
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_head WHERE singleton = 1")) ?? AuditChain.genesis
        let hash = AuditChain.link(previous: previous, at: at.storedValue, actor: actor, action: action, trackingID: trackingID,
                                   improvementID: improvementID)
        try db.cachedStatement(sql: "INSERT INTO audit_log (at, actor, action, tracking_id, improvement_id, hash) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [at.storedValue, actor, action, trackingID, improvementID, hash])
        try db.cachedStatement(sql: """
            INSERT INTO audit_head (singleton, entry_id, hash) VALUES (1, ?, ?)
            ON CONFLICT (singleton) DO UPDATE SET entry_id = excluded.entry_id, hash = excluded.hash
            """).execute(arguments: [db.lastInsertedRowID, hash])
    }

    public func auditChainRows(after id: Int64, limit: Int) async throws(StoreError) -> [AuditChainRow] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, at, actor, action, tracking_id, improvement_id, hash FROM audit_log WHERE id > ? ORDER BY id LIMIT ?
                """, arguments: [id, limit]).map(Self.auditChainRow)
        }
    }

    public func auditCheckpoints() async throws(StoreError) -> [AuditCheckpoint] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT entry_id, hash, at FROM audit_checkpoints ORDER BY id").map {
                AuditCheckpoint(entryID: $0["entry_id"], hash: $0["hash"], at: Date(stored: $0["at"]))
            }
        }
    }

    public func checkpointAudit(at: Date) async throws(StoreError) -> AuditCheckpoint? {
        try await write { db in
            guard let head = try Row.fetchOne(db, sql: "SELECT entry_id, hash FROM audit_head WHERE singleton = 1") else { return nil }
            let checkpoint = AuditCheckpoint(entryID: head["entry_id"], hash: head["hash"], at: at)
            if let last = try Row.fetchOne(db, sql: "SELECT entry_id, hash, at FROM audit_checkpoints ORDER BY id DESC LIMIT 1"),
               last["entry_id"] == checkpoint.entryID, last["hash"] == checkpoint.hash {
                return AuditCheckpoint(entryID: last["entry_id"], hash: last["hash"], at: Date(stored: last["at"]))
            }
            try db.execute(sql: "INSERT INTO audit_checkpoints (entry_id, hash, at) VALUES (?, ?, ?)",
                           arguments: [checkpoint.entryID, checkpoint.hash, at.storedValue])
            return checkpoint
        }
    }

    /// An audit row of `SELECT id, at, actor, action, tracking_id, improvement_id[, hash]`.
    static func auditChainRow(_ row: Row) -> AuditChainRow {
        AuditChainRow(id: row["id"], at: row["at"], actor: row["actor"], action: row["action"], trackingID: row["tracking_id"],
                      improvementID: row["improvement_id"], hash: row.hasColumn("hash") ? row["hash"] : nil)
    }
}
