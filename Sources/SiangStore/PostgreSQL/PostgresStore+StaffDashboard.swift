import Foundation
import PostgresNIO
import SiangCore

/// The supervisor dashboard's figures and the call-back list on PostgreSQL: the twins of
/// SQLiteStore+StaffDashboard, each over the cases the viewer may see.
extension PostgresStore {
    public func dashboard(viewer: StaffViewer, now: Date, monthStart: Date, monthEnd: Date, oldest: Int) async throws(StoreError) -> StaffDashboard {
        let scope = Self.aggregateScope(viewer)
        let listScope = Self.visibility(viewer)
        let open = SQLiteStore.openStatuses.map(\.rawValue)
        let t = PostgresPredicate.Value.double(now.storedValue)
        let limit = min(now, monthEnd).storedValue
        let month: [PostgresPredicate.Value] = [.double(monthStart.storedValue), .double(monthEnd.storedValue)]
        let decoder = self.decoder
        return try await read { c in
            // Open cases (running or paused clocks) by queue and SLA state; SQLite sorts the NULL queue first.
            let loads = try await c.rows(scope.query("""
                SELECT c.queue,
                    count(*) FILTER (WHERE c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at > ?),
                    count(*) FILTER (WHERE c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at <= ?),
                    count(*) FILTER (WHERE (c.sla_phase = 0 AND c.sla_due_at < ?) OR (c.sla_phase = 1 AND c.sla_state = 'breached')),
                    count(*) FILTER (WHERE c.sla_phase = 1 AND c.sla_state = 'paused')
                FROM cases c WHERE c.sla_phase IN (0, 1) AND {where}
                GROUP BY c.queue ORDER BY c.queue COLLATE "C" NULLS FIRST
                """, before: [t, t, t, t, t])).map { row in
                let (queue, onTrack, atRisk, breached, paused) = try row.decode((String?, Int, Int, Int, Int).self)
                return StaffDashboard.QueueLoad(queue: queue, onTrack: onTrack, atRisk: atRisk, breached: breached, paused: paused)
            }
            // Resolution clocks whose due time fell this month and that ran over it.
            let breaches = try await c.one(scope.query("""
                SELECT count(*) FROM cases c
                WHERE c.sla_phase IN (0, 1, 2) AND c.sla_due_at >= ? AND c.sla_due_at < ?
                  AND ((c.sla_phase = 0) OR c.sla_state IN ('breached', 'missed')) AND {where}
                """, before: [.double(monthStart.storedValue), .double(limit)]), as: Int.self) ?? 0
            // The oldest open cases: the oldest of each open status, merged as the SQLite store does.
            var oldestRows: [QueueRow] = []
            if viewer.seesCases {
                for status in open {
                    oldestRows += try await c.rows(listScope.query("""
                        SELECT \(Self.queueColumns) FROM cases c WHERE c.status = ? AND {where}
                        ORDER BY c.received_at, c.id LIMIT ?
                        """, before: [.text(status)], after: [.int(oldest)])).compactMap(Self.queueRow)
                }
            }
            oldestRows.sort { ($0.receivedAt, $0.trackingID.description) < ($1.receivedAt, $1.trackingID.description) }
            // This month's intake by channel and by category.
            let byChannel = try await c.rows(scope.query("""
                SELECT c.channel, count(*) AS n FROM cases c WHERE c.received_at >= ? AND c.received_at < ? AND {where}
                GROUP BY c.channel ORDER BY n DESC, c.channel COLLATE "C"
                """, before: month)).compactMap { row -> (channel: SiangCore.Channel, count: Int)? in
                let (channel, n) = try row.decode((String, Int).self)
                return SiangCore.Channel(rawValue: channel).map { ($0, n) }
            }
            let byCategory = try await c.rows(scope.query("""
                SELECT c.category, count(*) AS n FROM cases c WHERE c.received_at >= ? AND c.received_at < ? AND {where}
                GROUP BY c.category ORDER BY n DESC, c.category COLLATE "C" NULLS FIRST
                """, before: month)).map { row -> (category: String?, count: Int) in
                let (category, n) = try row.decode((String?, Int).self)
                return (category, n)
            }
            // Escalations of the last 30 days on open cases, newest first.
            var escalations: [StaffDashboard.Escalated] = []
            if viewer.seesCases {
                escalations = try await c.rows(listScope.query("""
                    SELECT c.tracking_id, c.queue, e.at, e.data FROM case_events e JOIN cases c ON c.id = e.case_id
                    WHERE e.at >= ? AND e.type = 'escalated' AND c.status = ANY(?) AND {where}
                    ORDER BY e.at DESC LIMIT 50
                    """, before: [.double(now.addingTimeInterval(-30 * 86_400).storedValue), .texts(open)])).compactMap { row in
                    let (trackingID, queue, at, data) = try row.decode((String, String?, Double, String).self)
                    guard let id = try? TrackingID(from: trackingID),
                          case .escalated(let x)? = try? SQLiteStore.change(data, decoder: decoder) else { return nil }
                    return StaffDashboard.Escalated(trackingID: id, at: Date(stored: at), level: x.level, clock: x.clock, queue: queue)
                }
            }
            return StaffDashboard(openByQueue: loads, breachesThisMonth: breaches, oldestOpen: Array(oldestRows.prefix(oldest)),
                                  byChannel: byChannel, byCategory: byCategory, escalations: escalations)
        }
    }

    public func callbacks(viewer: StaffViewer, limit: Int) async throws(StoreError) -> [CallbackItem] {
        let scope = Self.visibility(viewer)
        let channels = CallbackItem.channels.map(\.rawValue).sorted()
        let cipher = self.cipher
        return try await read { c in
            try await c.rows(scope.query("""
                SELECT o.id, o.tracking_id, o.kind, o.channel, o.payload, o.created_at, k.name, k.phone
                FROM outbox o JOIN cases c ON c.tracking_id = o.tracking_id LEFT JOIN case_contacts k ON k.case_id = c.id
                WHERE o.delivered_at IS NULL AND o.channel = ANY(?)
                  AND o.kind IN ('status_notice', 'public_reply') AND {where}
                ORDER BY o.created_at, o.id LIMIT ?
                """, before: [.texts(channels)], after: [.int(limit)])).compactMap { row in
                let (outboxID, trackingID, kind, channel, payload, createdAt, name, phone) =
                    try row.decode((Int64, String, String, String, String, Double, String?, String?).self)
                guard let id = try? TrackingID(from: trackingID), let channel = SiangCore.Channel(rawValue: channel) else { return nil }
                return CallbackItem(outboxID: outboxID, trackingID: id, kind: kind, channel: channel,
                                    text: CallbackItem.text(ofPayload: try cipher.open(outboxPayload: payload)), createdAt: Date(stored: createdAt),
                                    name: try cipher.opened(name, "a contact"), phone: try cipher.opened(phone, "a contact"))
            }
        }
    }

    public func completeCallback(outboxID: Int64, viewer: StaffViewer, at: Date) async throws(StoreError) -> Bool {
        let scope = Self.visibility(viewer)
        let channels = CallbackItem.channels.map(\.rawValue).sorted()
        let visible = scope.query("""
            SELECT 1 FROM outbox o JOIN cases c ON c.tracking_id = o.tracking_id
            WHERE o.id = ? AND o.delivered_at IS NULL AND o.channel = ANY(?) AND {where}
            """, before: [.int(Int(outboxID)), .texts(channels)])
        return try await write { c in
            guard try await c.count(visible) == 1 else { return false }
            try await c.exec("UPDATE outbox SET delivered_at = \(at.storedValue), attempts = attempts + 1, last_error = NULL WHERE id = \(outboxID)")
            return true
        }
    }
}
