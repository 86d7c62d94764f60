import Foundation
import GRDB

extension SQLiteStore: StaffDigestStore {
    public func digestFigures(now: Date, since: Date) async throws(StoreError) -> [String: QueueDigestFigures] {
        try await read { db in
            var figures: [String: QueueDigestFigures] = [:]
            func add(_ sql: String, _ arguments: StatementArguments, _ set: (inout QueueDigestFigures, Int) -> Void) throws {
                for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                    guard let queue = row["queue"] as String? else { continue }
                    set(&figures[queue, default: QueueDigestFigures()], row["n"])
                }
            }
            // sla_phase 0: the resolution clock is running (an open case that is not paused).
            try add("SELECT queue, count(*) AS n FROM cases WHERE sla_phase = 0 AND sla_due_at <= ? GROUP BY queue",
                    [now.storedValue]) { $0.breached = $1 }
            try add("SELECT queue, count(*) AS n FROM cases WHERE sla_phase = 0 AND sla_risk_at <= ? AND sla_due_at > ? GROUP BY queue",
                    [now.storedValue, now.storedValue]) { $0.atRisk = $1 }
            try add("SELECT queue, count(*) AS n FROM survey_answers WHERE overall IN (1, 2) AND answered_at >= ? AND answered_at < ? GROUP BY queue",
                    [since.storedValue, now.storedValue]) { $0.newDissatisfied = $1 }
            try add("""
                SELECT a.queue, count(*) AS n FROM survey_answers a JOIN cases c ON c.tracking_id = a.tracking_id
                WHERE a.overall IN (1, 2) AND a.answered_at < ?
                  AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.at > a.answered_at AND e.actor LIKE 'staff:%')
                GROUP BY a.queue
                """, [now.storedValue]) { $0.openRecoveries = $1 }
            return figures.filter { !$0.value.isEmpty }
        }
    }
}
