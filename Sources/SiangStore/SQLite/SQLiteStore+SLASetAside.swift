import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func setAsideFromSLA(_ id: TrackingID, reason: String, at: Date) async throws(StoreError) -> Bool {
        try await write { db in
            guard let caseID = try Int64.fetchOne(db, sql: "SELECT id FROM cases WHERE tracking_id = ?", arguments: [id.description]) else {
                return false
            }
            try db.execute(sql: "UPDATE cases SET sla_check_at = NULL WHERE id = ?", arguments: [caseID])
            try db.execute(sql: "INSERT OR IGNORE INTO sla_set_aside (case_id, at, reason) VALUES (?, ?, ?)",
                           arguments: [caseID, at.storedValue, reason])
            return db.changesCount > 0
        }
    }

    public func slaSetAside(viewer: StaffViewer) async throws(StoreError) -> [SLASetAside] {
        let scope = Self.visibility(viewer)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.tracking_id, s.at, s.reason FROM sla_set_aside s JOIN cases c ON c.id = s.case_id
                WHERE \(scope.sql) ORDER BY s.at, c.tracking_id
                """, arguments: scope.arguments).compactMap { row in
                guard let id = try? TrackingID(from: row["tracking_id"] as String) else { return nil }
                return SLASetAside(trackingID: id, at: Date(stored: row["at"]), reason: row["reason"])
            }
        }
    }

    public func slaSetAsideCount() async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sla_set_aside") ?? 0 }
    }
}
