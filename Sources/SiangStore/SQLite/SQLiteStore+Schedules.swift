import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func casesDueForSLACheck(now: Date, limit: Int) async throws(StoreError) -> [TrackingID] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT tracking_id FROM cases WHERE sla_check_at <= ? ORDER BY sla_check_at LIMIT ?",
                                arguments: [now.storedValue, limit]).compactMap { try? TrackingID(from: $0) }
        }
    }

    public func scheduleSLACheck(_ id: TrackingID, at: Date?) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE cases SET sla_check_at = ? WHERE tracking_id = ?", arguments: [at?.storedValue, id.description])
        }
    }

    /// Read on the calling thread (``quickRead(_:)``) with a prepared statement: every intake makes this
    /// read, a search of `cases_category_received` for a few dozen rows, and the hop to a reader queue,
    /// the statement's preparation and copied rows cost more than the read.
    public func recentOpenCases(category: String, since: Date, limit: Int) async throws(StoreError) -> [(id: TrackingID, text: String, receivedAt: Date)] {
        @Sendable func newest(_ db: Database) throws -> [(id: TrackingID, text: String, receivedAt: Date)] {
            let statement = try db.cachedStatement(sql: """
                SELECT tracking_id, text, received_at FROM cases
                WHERE category = ? AND received_at >= ? AND status IN ('received', 'triaged', 'in_progress', 'awaiting_info')
                ORDER BY received_at DESC LIMIT ?
                """)
            // A cursor's rows are read in place; `fetchAll` copied each row with its column names.
            var rows: [(id: TrackingID, text: String, receivedAt: Date)] = []
            let cursor = try Row.fetchCursor(statement, arguments: [category, since.storedValue, limit])
            while let row = try cursor.next() { rows.append((TrackingID(storedCanonical: row[0]), row[1], Date(stored: row[2] as Double))) }
            return rows
        }
        // On the calling thread only while cases_category_received is there: a bulk import into an
        // empty store (maybe by another process) drops it until its end (DeferredIndexSchema), and
        // then this read scans the table, which must not hold a cooperative thread.
        let quick = try await quickRead { db -> [(id: TrackingID, text: String, receivedAt: Date)]? in
            guard try !DeferredIndexSchema.anyDeferred(db) else { return nil }
            return try newest(db)
        }
        if let quick { return quick }
        return try await read { db in try newest(db) }
    }
}

extension SQLiteStore {
    public func channelState(_ key: String) async throws(StoreError) -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT value FROM channel_state WHERE key = ?", arguments: [key]) }
    }

    public func setChannelState(_ key: String, _ value: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "INSERT INTO channel_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }
}
