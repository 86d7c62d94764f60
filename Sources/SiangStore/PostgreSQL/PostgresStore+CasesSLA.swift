import Foundation
import PostgresNIO
import SiangCore

/// The escalation ticker's schedule and the cases set aside from SLA figures, on PostgreSQL: the twins
/// of `SQLiteStore+Schedules.swift` (SLA part) and `SQLiteStore+SLASetAside.swift`.
extension PostgresStore {
    public func casesDueForSLACheck(now: Date, limit: Int) async throws(StoreError) -> [TrackingID] {
        try await read { c in
            try await c.all("""
                SELECT tracking_id FROM cases WHERE sla_check_at <= \(now.storedValue) ORDER BY sla_check_at LIMIT \(limit)
                """, as: String.self).compactMap { try? TrackingID(from: $0) }
        }
    }

    public func scheduleSLACheck(_ id: TrackingID, at: Date?) async throws(StoreError) {
        try await write { c in
            try await c.exec("UPDATE cases SET sla_check_at = \(at?.storedValue) WHERE tracking_id = \(id.description)")
        }
    }

    public func setAsideFromSLA(_ id: TrackingID, reason: String, at: Date) async throws(StoreError) -> Bool {
        try await write { c in
            guard let caseID = try await c.one("SELECT id FROM cases WHERE tracking_id = \(id.description)", as: Int64.self) else {
                return false
            }
            try await c.exec("UPDATE cases SET sla_check_at = NULL WHERE id = \(caseID)")
            return try await c.count("""
                INSERT INTO sla_set_aside (case_id, at, reason) VALUES (\(caseID), \(at.storedValue), \(reason))
                ON CONFLICT (case_id) DO NOTHING RETURNING 1
                """) > 0
        }
    }

    public func slaSetAside(viewer: StaffViewer) async throws(StoreError) -> [SLASetAside] {
        try await read { c in
            try await c.rows("""
                SELECT c.tracking_id, s.at, s.reason FROM sla_set_aside s JOIN cases c ON c.id = s.case_id
                WHERE \(Self.visibility(viewer)) ORDER BY s.at, c.tracking_id COLLATE "C"
                """).compactMap { row in
                let (trackingID, at, reason) = try row.decode((String, Double, String).self)
                guard let id = try? TrackingID(from: trackingID) else { return nil }
                return SLASetAside(trackingID: id, at: Date(stored: at), reason: reason)
            }
        }
    }

    public func slaSetAsideCount() async throws(StoreError) -> Int {
        try await read { c in try await c.one("SELECT count(*) FROM sla_set_aside", as: Int.self) ?? 0 }
    }
}
