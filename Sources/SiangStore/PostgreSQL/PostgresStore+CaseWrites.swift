import Foundation
import PostgresNIO
import SiangCore

/// The writes every path that changes a case shares (staff changes, citizens' follow-ups, survey
/// answers, the SLA index), as the SQLite store's `appendRows`, `insertOutbox`, `writeSLA` and
/// `CaseFactRows.write` do, inside the caller's transaction.
extension PostgresStore {
    typealias EventRow = (data: String, type: String, actor: String, at: Double)

    /// Events as stored rows; a date the store cannot keep is refused before anything is written.
    func encode(_ events: [CaseEvent]) throws(StoreError) -> [EventRow] {
        try StoredDate.check(events)
        do {
            return try events.map { (try StoredJSON.change($0.change) ?? json($0.change), $0.change.type, $0.actor, $0.at.storedValue) }
        } catch {
            throw .unavailable("cannot encode events: \(error)")
        }
    }

    /// Appends encoded events to a case and refreshes its cached state and its report fact from the
    /// whole log; returns the case's row id. The case row is locked first, so two writers of one case
    /// queue rather than both reading the same event count.
    @discardableResult
    func appendRows(_ rows: [EventRow], to id: TrackingID, expectedEventCount: Int?, outbox: SealedOutbox,
                    connection c: PostgresConnection) async throws -> Int64 {
        guard let row = try await c.rows("SELECT id, event_count FROM cases WHERE tracking_id = \(id.description) FOR UPDATE").first else {
            throw StoreError.notFound
        }
        let (caseID, count) = try row.decode((Int64, Int).self)
        if let expectedEventCount, expectedEventCount != count { throw StoreError.concurrentChange }
        for (i, e) in rows.enumerated() {
            try await c.exec("""
                INSERT INTO case_events (case_id, seq, at, actor, type, data)
                VALUES (\(caseID), \(count + i), \(e.at), \(e.actor), \(e.type), \(e.data))
                """)
        }
        // Refresh the cached state from the whole log, the single source of truth.
        var all: [CaseEvent] = []
        for r in try await c.rows("SELECT at, actor, data FROM case_events WHERE case_id = \(caseID) ORDER BY seq") {
            let (at, actor, data) = try r.decode((Double, String, String).self)
            all.append(CaseEvent(at: Date(stored: at), actor: actor, change: try SQLiteStore.change(data, decoder: decoder)))
        }
        guard let s = CaseState.fold(all), let fact = CaseFact(trackingID: id, events: all),
              let tracked = TrackedCase(trackingID: id, events: all) else {
            throw StoreError.unavailable("case \(id) has no received event")
        }
        try await writeFact(fact, caseID: caseID, replacing: true, connection: c)
        try await writeTracking(TrackedCaseBytes.encode(tracked), of: id, connection: c)
        // Any change may move a clock: look again at once.
        let checkAt: Double? = s.status.isOpen ? s.updatedAt.storedValue : nil
        try await c.exec("""
            UPDATE cases SET kind = \(s.kind.rawValue), status = \(s.status.rawValue), category = \(s.category),
                segment = \(s.segment?.rawValue), priority = \(s.priority.rawValue), queue = \(s.queue), assignee = \(s.assignee),
                updated_at = \(s.updatedAt.storedValue), resolved_at = \(s.resolvedAt?.storedValue),
                first_response_at = \(s.firstResponseAt?.storedValue), event_count = \(all.count), sla_check_at = \(checkAt)
            WHERE id = \(caseID)
            """)
        try await insertOutbox(outbox, at: s.updatedAt, connection: c)
        return caseID
    }

    /// Queues outbox rows; a dedupe key seen before is skipped.
    func insertOutbox(_ sealed: SealedOutbox, at: Date, connection c: PostgresConnection) async throws {
        for m in sealed.messages {
            try await c.exec("""
                INSERT INTO outbox (kind, channel, tracking_id, payload, dedupe_key, created_at, next_attempt_at)
                VALUES (\(m.kind), \(m.channel?.rawValue), \(m.trackingID?.description), \(m.payload), \(m.dedupeKey),
                        \(at.storedValue), \(at.storedValue))
                ON CONFLICT (dedupe_key) DO NOTHING
                """)
        }
    }

    /// Stores a case's report fact, replacing the one stored before (its key, the received time and
    /// case id, never changes).
    func writeFact(_ fact: CaseFact, caseID: Int64, replacing: Bool, connection c: PostgresConnection) async throws {
        var timeline = ByteBuffer()
        timeline.writeBytes(CaseFactTimeline.encode(fact))
        let conflict: PostgresQuery = replacing ? """
            ON CONFLICT (received_at, case_id) DO UPDATE SET tracking_id = excluded.tracking_id, kind = excluded.kind,
                channel = excluded.channel, category = excluded.category, segment = excluded.segment, queue = excluded.queue,
                priority = excluded.priority, first_response_at = excluded.first_response_at, statuses = excluded.statuses
            """ : ""
        try await c.exec("""
            INSERT INTO report_case_facts (received_at, case_id, tracking_id, kind, channel, category, segment, queue, priority,
                first_response_at, statuses)
            VALUES (\(fact.receivedAt.storedValue), \(caseID), \(fact.trackingID.description), \(fact.kind.rawValue),
                    \(fact.channel.rawValue), \(fact.category), \(fact.segment?.rawValue), \(fact.queue), \(fact.priority.rawValue),
                    \(fact.firstResponseAt?.storedValue), \(timeline)) \(unescaped: conflict.sql)
            """)
    }

    /// Stores a case's SLA index entry, if the case still has `eventCount` events (else the entry is stale).
    func writeSLA(_ e: SLAIndexEntry?, caseID: Int64, eventCount: Int, connection c: PostgresConnection) async throws {
        try await c.exec("""
            UPDATE cases SET sla_phase = \(e?.phase.rawValue ?? SLAIndexEntry.Phase.stopped.rawValue),
                sla_due_at = \(e?.resolutionDueAt?.storedValue), sla_risk_at = \(e?.atRiskAt?.storedValue),
                sla_first_due_at = \(e?.firstResponseDueAt?.storedValue), sla_state = \(e?.settledState?.rawValue),
                sla_event_count = \(eventCount)
            WHERE id = \(caseID) AND event_count = \(eventCount)
            """)
    }
}
