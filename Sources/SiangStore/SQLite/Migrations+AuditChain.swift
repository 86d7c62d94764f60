import Foundation
import GRDB

/// The audit log as a hash chain (``AuditChain``): each entry's hash, the head the next entry links
/// to (one row, so a store that moves to PostgreSQL carries its head along), and the checkpoints. The
/// entries written before this migration are linked by it, in id order, in the same transaction; a
/// checkpoint then records where the chain stood.
enum AuditChainSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-audit-chain") { db in
            try db.execute(sql: """
                ALTER TABLE audit_log ADD COLUMN hash TEXT;
                CREATE TABLE audit_head (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    entry_id INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE audit_checkpoints (
                    id INTEGER PRIMARY KEY,
                    entry_id INTEGER NOT NULL,
                    hash TEXT NOT NULL,
                    at REAL NOT NULL
                );
                """)
            try linkEntriesWrittenBefore(db)
        }
    }

    static func linkEntriesWrittenBefore(_ db: Database) throws {
        var previous = AuditChain.genesis
        var after: Int64 = 0
        var last: Int64?
        while true {
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, at, actor, action, tracking_id, improvement_id FROM audit_log WHERE id > ? ORDER BY id LIMIT 10000
                """, arguments: [after]).map(SQLiteStore.auditChainRow)
            guard let tail = rows.last else { break }
            for row in rows {
                previous = row.expectedHash(after: previous)
                try db.execute(sql: "UPDATE audit_log SET hash = ? WHERE id = ?", arguments: [previous, row.id])
            }
            after = tail.id
            last = tail.id
        }
        guard let last else { return }
        try db.execute(sql: "INSERT INTO audit_head (singleton, entry_id, hash) VALUES (1, ?, ?)", arguments: [last, previous])
        try db.execute(sql: "INSERT INTO audit_checkpoints (entry_id, hash, at) VALUES (?, ?, ?)",
                       arguments: [last, previous, Date().storedValue])
    }
}
