import Foundation
import PostgresNIO
import SiangCore

/// The staff workspace's case reads and writes on PostgreSQL: the twins of SQLiteStore+StaffCases.
extension PostgresStore {
    public func staffRecord(_ id: TrackingID, viewer: StaffViewer) async throws(StoreError) -> CaseRecord? {
        var p = Self.visibility(viewer)
        p.add("c.tracking_id = ?", [.text(id.description)])
        let visible = p
        let seen = try await read { c in try await c.count(visible.query("SELECT 1 FROM cases c WHERE {where}")) }
        // The record itself is read as every other caller reads it; the case may have moved on in
        // between, as it may after any read.
        guard seen == 1 else { return nil }
        return try await record(id)
    }

    public func queue(_ query: QueueQuery, viewer: StaffViewer, now: Date) async throws(StoreError) -> QueuePage {
        var p = Self.visibility(viewer)
        switch query.scope {
        case .queue(let code): p.add("c.queue = ?", [.text(code)])
        case .assignedTo(let username): p.add("c.assignee = ?", [.text(username)])
        case .all: break
        }
        let statuses = query.statuses.isEmpty ? SQLiteStore.openStatuses : query.statuses
        p.add("c.status = ANY(?)", [.texts(statuses.map(\.rawValue))])
        if let category = query.category { p.add("c.category = ?", [.text(category)]) }
        if let channel = query.channel { p.add("c.channel = ?", [.text(channel.rawValue)]) }
        if let segment = query.segment { p.add("c.segment = ?", [.text(segment.rawValue)]) }
        if let assignee = query.assignee {
            if assignee.isEmpty { p.add("c.assignee IS NULL") } else { p.add("c.assignee = ?", [.text(assignee)]) }
        }
        if let from = query.receivedFrom { p.add("c.received_at >= ?", [.double(from.storedValue)]) }
        if let before = query.receivedBefore { p.add("c.received_at < ?", [.double(before.storedValue)]) }
        if let sla = query.sla { p.add(Self.slaCondition(sla, now: now)) }
        if let text = query.text { p.add(Self.searchCondition(text)) }
        let size = max(1, min(query.pageSize, 200))
        let offset = (max(1, query.page) - 1) * size
        // SQLite sorts NULL first; PostgreSQL must be told.
        let statement = p.query("""
            SELECT \(Self.queueColumns) FROM cases c WHERE {where}
            ORDER BY c.sla_phase, c.sla_due_at NULLS FIRST, c.id LIMIT ? OFFSET ?
            """, after: [.int(size + 1), .int(offset)])
        let rows = try await read { c in try await c.rows(statement).compactMap(Self.queueRow) }
        return QueuePage(rows: Array(rows.prefix(size)), hasMore: rows.count > size)
    }

    /// The columns of a queue row, read by position (``queueRow(_:)``).
    static let queueColumns = """
        c.tracking_id, c.kind, c.channel, c.status, c.category, c.segment, c.priority, c.queue, c.assignee,
        substr(c.subject, 1, 90), substr(c.text, 1, 120), c.received_at, c.updated_at,
        c.sla_phase, c.sla_due_at, c.sla_risk_at, c.sla_first_due_at, c.sla_state
        """

    static func queueRow(_ row: PostgresRow) throws -> QueueRow? {
        let (id, kind, channel, status, category, segment, priority, queue, assignee, subject, excerpt, receivedAt, updatedAt,
             phase, due, risk, firstDue, state) = try row.decode(
            (String, String, String, String, String?, String?, String, String?, String?, String?, String, Double, Double,
             Int, Double?, Double?, Double?, String?).self)
        guard let trackingID = try? TrackingID(from: id) else { return nil }
        // No index entry while it has not been computed.
        let sla = SLAIndexEntry.Phase(rawValue: phase).map {
            SLAIndexEntry(phase: $0, resolutionDueAt: due.map(Date.init(stored:)), atRiskAt: risk.map(Date.init(stored:)),
                          firstResponseDueAt: firstDue.map(Date.init(stored:)), settledState: state.flatMap(SLAState.init(rawValue:)))
        }
        return QueueRow(
            trackingID: trackingID, kind: Kind(rawValue: kind) ?? .complaint, channel: SiangCore.Channel(rawValue: channel) ?? .other,
            status: Status(rawValue: status) ?? .received, category: category, segment: segment.flatMap(Segment.init(rawValue:)),
            priority: Priority(rawValue: priority) ?? .normal, queue: queue, assignee: assignee,
            subject: subject, excerpt: excerpt, receivedAt: Date(stored: receivedAt), updatedAt: Date(stored: updatedAt), sla: sla)
    }

    /// Cases whose resolution clock is in `state` at `now` (as `SQLiteStore.slaCondition`).
    static func slaCondition(_ state: SLAState, now: Date) -> PostgresPredicate {
        var p = PostgresPredicate()
        let t = PostgresPredicate.Value.double(now.storedValue)
        switch state {
        case .onTrack: p.add("c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at > ?", [t, t])
        case .atRisk: p.add("c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at <= ?", [t, t])
        case .breached: p.add("(c.sla_phase = 0 AND c.sla_due_at < ?) OR (c.sla_phase = 1 AND c.sla_state = 'breached')", [t])
        case .paused: p.add("c.sla_phase = 1 AND c.sla_state = 'paused'")
        case .met, .missed: p.add("c.sla_phase = 2 AND c.sla_state = ?", [.text(state.rawValue)])
        }
        return p
    }

    /// Every word of `text` (up to eight) in the subject or text, Thai substrings and short words
    /// too, case-insensitive; or the whole of `text` as the case's external reference. The trigram
    /// indexes of migration v3-search serve each `ILIKE` of three characters or more; a shorter word
    /// is checked on the rows the page walks.
    static func searchCondition(_ text: String) -> PostgresPredicate {
        var words = PostgresPredicate()
        for word in text.split(whereSeparator: \.isWhitespace).map(String.init).prefix(8) {
            let pattern = "%" + likeEscaped(word) + "%"
            words.add("c.text ILIKE ? ESCAPE '\\' OR c.subject ILIKE ? ESCAPE '\\'", [.text(pattern), .text(pattern)])
        }
        var p = PostgresPredicate()
        p.add("c.external_ref = ? OR (\(words.sql))", [.text(text.trimmingWhitespace)] + words.values)
        return p
    }

    /// `word` with LIKE's own characters (`%`, `_` and the escape `\`) taken literally.
    static func likeEscaped(_ word: String) -> String {
        word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    public func notices(of id: TrackingID) async throws(StoreError) -> [NoticeRecord] {
        let cipher = self.cipher
        return try await read { c in
            try await c.rows("""
                SELECT id, kind, channel, created_at, delivered_at, attempts, last_error FROM outbox
                WHERE tracking_id = \(id.description) AND kind IN ('acknowledgement', 'status_notice', 'public_reply') ORDER BY id
                """).map { row in
                let (id, kind, channel, createdAt, deliveredAt, attempts, lastError) =
                    try row.decode((Int64, String, String?, Double, Double?, Int, String?).self)
                return NoticeRecord(id: id, kind: kind, channel: channel.flatMap(SiangCore.Channel.init(rawValue:)),
                                    createdAt: Date(stored: createdAt), deliveredAt: deliveredAt.map(Date.init(stored:)),
                                    attempts: attempts, lastError: try cipher.opened(lastError, "a delivery error"))
            }
        }
    }

    public func applyStaffChange(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int, outbox: [OutboxMessage],
                                 sla: SLAIndexEntry?) async throws(StoreError) {
        let rows = try encode(events)
        // Call-back notices wait for a person, not a deliverer.
        let held = outbox.filter { $0.channel.map(CallbackItem.channels.contains) ?? false }.map(\.dedupeKey)
        let outbox = cipher.seal(outbox)
        try await write { c in
            let caseID = try await appendRows(rows, to: id, expectedEventCount: expectedEventCount, outbox: outbox, connection: c)
            if !held.isEmpty {
                try await c.exec("""
                    UPDATE outbox SET next_attempt_at = \(SQLiteStore.neverAttempt) WHERE dedupe_key = ANY(\(held)) AND delivered_at IS NULL
                    """)
            }
            if let sla {
                try await writeSLA(sla, caseID: caseID, eventCount: expectedEventCount + rows.count, connection: c)
            }
        }
    }
}
