import Foundation
import GRDB
import SiangCore

/// The supervisor dashboard's figures and the call-back list, each over the cases the viewer may
/// see (the analyst's aggregates over every case that is not restricted).
extension SQLiteStore {
    public func dashboard(viewer: StaffViewer, now: Date, monthStart: Date, monthEnd: Date, oldest: Int) async throws(StoreError) -> StaffDashboard {
        let scope = Self.aggregateScope(viewer)
        let listScope = Self.visibility(viewer)
        let open = Self.openStatuses.map(\.rawValue)
        let t = now.storedValue
        let limit = min(now, monthEnd).storedValue
        return try await read { db in
            // Open cases (running or paused clocks) by queue and SLA state.
            let loads = try Row.fetchAll(db, sql: """
                SELECT c.queue AS queue,
                    sum(c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at > ?) AS on_track,
                    sum(c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at <= ?) AS at_risk,
                    sum((c.sla_phase = 0 AND c.sla_due_at < ?) OR (c.sla_phase = 1 AND c.sla_state = 'breached')) AS breached,
                    sum(c.sla_phase = 1 AND c.sla_state = 'paused') AS paused
                FROM cases c WHERE c.sla_phase IN (0, 1) AND \(scope.sql)
                GROUP BY c.queue ORDER BY c.queue
                """, arguments: [t, t, t, t, t] + scope.arguments).map { row in
                StaffDashboard.QueueLoad(queue: row["queue"], onTrack: row["on_track"] ?? 0, atRisk: row["at_risk"] ?? 0,
                                         breached: row["breached"] ?? 0, paused: row["paused"] ?? 0)
            }
            // Resolution clocks whose due time fell this month and that ran over it (still running or
            // paused past it, or stopped late).
            let breaches = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM cases c
                WHERE c.sla_phase IN (0, 1, 2) AND c.sla_due_at >= ? AND c.sla_due_at < ?
                  AND ((c.sla_phase = 0) OR c.sla_state IN ('breached', 'missed')) AND \(scope.sql)
                """, arguments: [monthStart.storedValue, limit] + scope.arguments) ?? 0
            // The oldest open cases: one ordered index range per open status, merged.
            var oldestRows: [QueueRow] = []
            if viewer.seesCases {
                for status in open {
                    oldestRows += try Row.fetchAll(db, sql: """
                        SELECT \(Self.queueColumns) FROM cases c WHERE c.status = ? AND \(listScope.sql)
                        ORDER BY c.received_at, c.id LIMIT ?
                        """, arguments: [status] + listScope.arguments + [oldest]).compactMap(Self.queueRow)
                }
            }
            oldestRows.sort { ($0.receivedAt, $0.trackingID.description) < ($1.receivedAt, $1.trackingID.description) }
            // This month's intake by channel and category: the month's range of the received index, whatever
            // the role's filter (which would otherwise pick a queue index and count the whole queue).
            let month: StatementArguments = [monthStart.storedValue, monthEnd.storedValue]
            // Not while a bulk import has the index dropped (DeferredIndexSchema): naming it would fail.
            let byReceived = try DeferredIndexSchema.anyDeferred(db) ? "" : "INDEXED BY cases_received"
            let byChannel = try Row.fetchAll(db, sql: """
                SELECT c.channel AS channel, count(*) AS n FROM cases c \(byReceived) WHERE c.received_at >= ? AND c.received_at < ? AND \(scope.sql)
                GROUP BY c.channel ORDER BY n DESC, c.channel
                """, arguments: month + scope.arguments).compactMap { row -> (channel: Channel, count: Int)? in
                Channel(rawValue: row["channel"]).map { ($0, row["n"]) }
            }
            let byCategory = try Row.fetchAll(db, sql: """
                SELECT c.category AS category, count(*) AS n FROM cases c \(byReceived) WHERE c.received_at >= ? AND c.received_at < ? AND \(scope.sql)
                GROUP BY c.category ORDER BY n DESC, c.category
                """, arguments: month + scope.arguments).map { row -> (category: String?, count: Int) in (row["category"], row["n"]) }
            // Escalations of the last 30 days on open cases: the month's events first (CROSS JOIN keeps that
            // order), never every case of the role's queues.
            var escalations: [StaffDashboard.Escalated] = []
            if viewer.seesCases {
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = StoredDate.decoding
                escalations = try Row.fetchAll(db, sql: """
                    SELECT c.tracking_id, c.queue, e.at, e.data FROM case_events e INDEXED BY \(EventIndexSchema.escalationsByTime) CROSS JOIN cases c ON c.id = e.case_id
                    WHERE e.at >= ? AND e.type = 'escalated' AND c.status IN (\(SQLPredicate.placeholders(open.count))) AND \(listScope.sql)
                    ORDER BY e.at DESC LIMIT 50
                    """, arguments: [now.addingTimeInterval(-30 * 86_400).storedValue] + StatementArguments(open) + listScope.arguments).compactMap { row in
                    guard let id = try? TrackingID(from: row["tracking_id"]),
                          case .escalated(let x)? = try? decoder.decode(CaseChange.self, from: Data((row["data"] as String).utf8)) else { return nil }
                    return StaffDashboard.Escalated(trackingID: id, at: Date(stored: row["at"]), level: x.level, clock: x.clock, queue: row["queue"])
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
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.id, o.tracking_id, o.kind, o.channel, o.payload, o.created_at, k.name, k.phone
                FROM outbox o CROSS JOIN cases c ON c.tracking_id = o.tracking_id LEFT JOIN case_contacts k ON k.case_id = c.id
                WHERE o.delivered_at IS NULL AND o.channel IN (\(SQLPredicate.placeholders(channels.count)))
                  AND o.kind IN ('status_notice', 'public_reply') AND \(scope.sql)
                ORDER BY o.created_at, o.id LIMIT ?
                """, arguments: StatementArguments(channels) + scope.arguments + [limit]).compactMap { row in
                guard let id = try? TrackingID(from: row["tracking_id"]), let channel = Channel(rawValue: row["channel"]) else { return nil }
                return CallbackItem(outboxID: row["id"], trackingID: id, kind: row["kind"], channel: channel,
                                    text: CallbackItem.text(ofPayload: try cipher.open(outboxPayload: row["payload"])),
                                    createdAt: Date(stored: row["created_at"]),
                                    name: try cipher.opened(row["name"], "a contact"), phone: try cipher.opened(row["phone"], "a contact"))
            }
        }
    }

    public func completeCallback(outboxID: Int64, viewer: StaffViewer, at: Date) async throws(StoreError) -> Bool {
        let scope = Self.visibility(viewer)
        let channels = CallbackItem.channels.map(\.rawValue).sorted()
        return try await write { db in
            let visible = try Bool.fetchOne(db, sql: """
                SELECT 1 FROM outbox o CROSS JOIN cases c ON c.tracking_id = o.tracking_id
                WHERE o.id = ? AND o.delivered_at IS NULL AND o.channel IN (\(SQLPredicate.placeholders(channels.count))) AND \(scope.sql)
                """, arguments: [outboxID] + StatementArguments(channels) + scope.arguments) ?? false
            guard visible else { return false }
            try db.execute(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                           arguments: [at.storedValue, outboxID])
            return true
        }
    }
}
