import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func knownCallIDs(_ ids: [String]) async throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            Set(try Self.strings(db: db, sql: "SELECT call_id FROM hotline_calls WHERE call_id IN", in: ids))
        }
    }

    public func recordCalls(_ calls: [CallRecord]) async throws(StoreError) {
        guard !calls.isEmpty else { return }
        try await write { db in try Self.insertCalls(calls, db: db) }
    }

    static func insertCalls(_ calls: [CallRecord], db: Database) throws {
        guard !calls.isEmpty else { return }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO hotline_calls (call_id, started_at, ended_at, queue, agent, disposition, tracking_id)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(call_id) DO NOTHING
            """)
        for c in calls {
            try insert.insertRow { b in
                b.bind(c.callID); b.bind(c.startedAt.storedValue); b.bind(c.endedAt?.storedValue); b.bind(c.queue); b.bind(c.agent)
                b.bind(c.disposition); b.bind(c.trackingID?.description)
            }
        }
    }

    public func callStatistics(from: Date, to: Date) async throws(StoreError) -> [CallCount] {
        try await read { db in
            // Bangkok is UTC+7 all year: shift by 7 hours to group by the local day.
            try Row.fetchAll(db, sql: """
                SELECT date(started_at + 25200, 'unixepoch') AS day, queue, disposition, count(*) AS calls
                FROM hotline_calls WHERE started_at >= ? AND started_at < ?
                GROUP BY day, queue, disposition ORDER BY day, queue, disposition
                """, arguments: [from.storedValue, to.storedValue]).map {
                CallCount(day: $0["day"], queue: $0["queue"], disposition: $0["disposition"], calls: $0["calls"])
            }
        }
    }
}
