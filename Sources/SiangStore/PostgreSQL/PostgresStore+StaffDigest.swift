import Foundation
import PostgresNIO
import SiangCore

/// The daily digest's per-queue figures on PostgreSQL (the twin of SQLiteStore+StaffDigest).
extension PostgresStore {
    public func digestFigures(now: Date, since: Date) async throws(StoreError) -> [String: QueueDigestFigures] {
        let t = now.storedValue
        return try await read { c in
            var figures: [String: QueueDigestFigures] = [:]
            func add(_ query: PostgresQuery, _ set: (inout QueueDigestFigures, Int) -> Void) async throws {
                for row in try await c.rows(query) {
                    let (queue, n) = try row.decode((String?, Int).self)
                    guard let queue else { continue }
                    set(&figures[queue, default: QueueDigestFigures()], n)
                }
            }
            // sla_phase 0: the resolution clock is running (an open case that is not paused).
            try await add("SELECT queue, count(*) FROM cases WHERE sla_phase = 0 AND sla_due_at <= \(t) GROUP BY queue") { $0.breached = $1 }
            try await add("""
                SELECT queue, count(*) FROM cases WHERE sla_phase = 0 AND sla_risk_at <= \(t) AND sla_due_at > \(t) GROUP BY queue
                """) { $0.atRisk = $1 }
            try await add("""
                SELECT queue, count(*) FROM survey_answers
                WHERE overall IN (1, 2) AND answered_at >= \(since.storedValue) AND answered_at < \(t) GROUP BY queue
                """) { $0.newDissatisfied = $1 }
            try await add("""
                SELECT a.queue, count(*) FROM survey_answers a JOIN cases c ON c.tracking_id = a.tracking_id
                WHERE a.overall IN (1, 2) AND a.answered_at < \(t)
                  AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.at > a.answered_at AND e.actor LIKE 'staff:%')
                GROUP BY a.queue
                """) { $0.openRecoveries = $1 }
            return figures.filter { !$0.value.isEmpty }
        }
    }
}
