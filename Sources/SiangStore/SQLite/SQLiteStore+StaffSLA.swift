import Foundation
import GRDB
import SiangCore

/// The SLA urgency index kept on each case (`sla_*` columns): found stale through a partial index
/// over the cases whose event count moved since their entry was written.
extension SQLiteStore {
    public func staleSLACases(limit: Int) async throws(StoreError) -> [StaleSLACase] {
        let decoder = self.decoder
        return try await read { db in
            let heads = try Row.fetchAll(db, sql: """
                SELECT id, tracking_id, event_count FROM cases WHERE sla_event_count IS NOT event_count LIMIT ?
                """, arguments: [limit])
            guard !heads.isEmpty else { return [] }
            let ids: [Int64] = heads.map { $0["id"] }
            var events: [Int64: [CaseEvent]] = [:]
            var unreadable = Set<Int64>()
            let rows = try Row.fetchCursor(db, sql: """
                SELECT case_id, at, actor, data FROM case_events WHERE case_id IN (\(SQLPredicate.placeholders(ids.count)))
                ORDER BY case_id, seq
                """, arguments: StatementArguments(ids))
            while let row = try rows.next() {
                let caseID: Int64 = row["case_id"]
                // A case with an event that does not decode gets no index entry (it sorts last) instead of
                // failing every queue page; the SLA ticker sets it aside for an admin.
                guard let change = try? Self.change(row["data"], decoder: decoder) else { unreadable.insert(caseID); continue }
                events[caseID, default: []].append(CaseEvent(at: Date(stored: row["at"]), actor: row["actor"], change: change))
            }
            for caseID in unreadable { events[caseID] = [] }
            return heads.compactMap { head in
                guard let id = try? TrackingID(from: head["tracking_id"]) else { return nil }
                // Only the events the count covers: an append after this read leaves the row stale.
                let count: Int = head["event_count"]
                return StaleSLACase(trackingID: id, eventCount: count, events: Array((events[head["id"]] ?? []).prefix(count)))
            }
        }
    }

    public func updateSLAIndex(_ entries: [SLAIndexUpdate]) async throws(StoreError) {
        guard !entries.isEmpty else { return }
        try await write { db in
            for u in entries {
                guard let caseID = try Int64.fetchOne(db, sql: "SELECT id FROM cases WHERE tracking_id = ?", arguments: [u.trackingID.description]) else {
                    continue
                }
                try Self.writeSLA(u.entry, caseID: caseID, eventCount: u.eventCount, db: db)
            }
        }
    }

    public func slaIndexBacklog() async throws(StoreError) -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM cases WHERE sla_event_count IS NOT event_count") ?? 0
        }
    }
}
