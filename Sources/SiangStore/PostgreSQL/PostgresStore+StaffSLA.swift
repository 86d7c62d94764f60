import Foundation
import PostgresNIO
import SiangCore

/// The SLA urgency index kept on each case (`sla_*` columns) on PostgreSQL: the twin of
/// SQLiteStore+StaffSLA, found stale through the partial index `cases_sla_stale`.
extension PostgresStore {
    public func staleSLACases(limit: Int) async throws(StoreError) -> [StaleSLACase] {
        let decoder = self.decoder
        return try await read { c in
            let heads = try await c.rows("""
                SELECT id, tracking_id, event_count FROM cases WHERE sla_event_count IS DISTINCT FROM event_count ORDER BY id LIMIT \(limit)
                """).map { try $0.decode((Int64, String, Int).self) }
            guard !heads.isEmpty else { return [] }
            var events: [Int64: [CaseEvent]] = [:]
            var unreadable = Set<Int64>()
            for row in try await c.rows("""
                SELECT case_id, at, actor, data FROM case_events WHERE case_id = ANY(\(heads.map(\.0))) ORDER BY case_id, seq
                """) {
                let (caseID, at, actor, data) = try row.decode((Int64, Double, String, String).self)
                // A case with an event that does not decode gets no index entry (it sorts last) instead of
                // failing every queue page; the SLA ticker sets it aside for an admin.
                guard let change = try? SQLiteStore.change(data, decoder: decoder) else { unreadable.insert(caseID); continue }
                events[caseID, default: []].append(CaseEvent(at: Date(stored: at), actor: actor, change: change))
            }
            for caseID in unreadable { events[caseID] = [] }
            return heads.compactMap { caseID, trackingID, count in
                guard let id = try? TrackingID(from: trackingID) else { return nil }
                // Only the events the count covers: an append after this read leaves the row stale.
                return StaleSLACase(trackingID: id, eventCount: count, events: Array((events[caseID] ?? []).prefix(count)))
            }
        }
    }

    public func updateSLAIndex(_ entries: [SLAIndexUpdate]) async throws(StoreError) {
        guard !entries.isEmpty else { return }
        try await write { c in
            for u in entries {
                guard let caseID = try await c.one("SELECT id FROM cases WHERE tracking_id = \(u.trackingID.description)", as: Int64.self) else {
                    continue
                }
                try await writeSLA(u.entry, caseID: caseID, eventCount: u.eventCount, connection: c)
            }
        }
    }

    public func slaIndexBacklog() async throws(StoreError) -> Int {
        try await read { c in
            try await c.one("SELECT count(*) FROM cases WHERE sla_event_count IS DISTINCT FROM event_count", as: Int.self) ?? 0
        }
    }
}
