import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func knownCallIDs(_ ids: [String]) async throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            var known = Set<String>()
            // SQLite limits bound parameters; ask in slices.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                known.formUnion(try String.fetchAll(db, sql: "SELECT call_id FROM hotline_calls WHERE call_id IN (\(marks))",
                                                    arguments: StatementArguments(slice)))
            }
            return known
        }
    }

    public func recordCalls(_ calls: [CallRecord]) async throws(StoreError) {
        guard !calls.isEmpty else { return }
        try await write { db in
            for c in calls {
                try db.execute(sql: """
                    INSERT INTO hotline_calls (call_id, started_at, ended_at, queue, agent, disposition, tracking_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(call_id) DO NOTHING
                    """, arguments: [c.callID, c.startedAt.storedValue, c.endedAt?.storedValue, c.queue, c.agent, c.disposition, c.trackingID?.description])
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
