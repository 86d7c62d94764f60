import Foundation
import GRDB
import SiangCore

/// Conditions of a query built piece by piece, with their arguments in order.
struct SQLPredicate {
    var clauses: [String] = []
    var values: [DatabaseValue] = []

    mutating func add(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) {
        clauses.append(sql)
        values += arguments.map { $0?.databaseValue ?? .null }
    }

    mutating func add(_ other: SQLPredicate) {
        clauses += other.clauses
        values += other.values
    }

    var sql: String { clauses.isEmpty ? "1" : clauses.map { "(\($0))" }.joined(separator: " AND ") }
    var arguments: StatementArguments { StatementArguments(values) }

    /// `?, ?, ?` for a list, nothing for an empty one: SQLite reads `x IN ()` as false and `x NOT IN ()`
    /// as true, as sets are. (`x IN (NULL)` would be NULL, and under `NOT` a NULL hides the row.)
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

extension SQLiteStore {
    static let openStatuses: [Status] = Status.allCases.filter(\.isOpen)
    /// "Never" for the dispatcher: call-back notices wait for a person, not a deliverer.
    static let neverAttempt = Double(Int32.max) * 100

    /// The rows of `cases c` that `viewer` may see (DESIGN.md section 1), as a condition.
    static func visibility(_ viewer: StaffViewer) -> SQLPredicate {
        var p = SQLPredicate()
        let restrictedCategories = viewer.restrictedCategories.sorted()
        let restricted = "COALESCE(c.category, '') IN (\(SQLPredicate.placeholders(restrictedCategories.count))) OR COALESCE(c.queue, '') = ?"
        let restrictedArgs: [(any DatabaseValueConvertible)?] = restrictedCategories + [viewer.integrityQueue]
        let own = viewer.ownQueues.sorted()
        let ownSQL = "c.queue IN (\(SQLPredicate.placeholders(own.count))) OR c.assignee = ?"
        let ownArgs: [(any DatabaseValueConvertible)?] = own + [viewer.username]
        switch viewer.role {
        case .analyst:
            p.add("0")
        case .admin:
            p.add("NOT (\(restricted))", restrictedArgs)
        case .agent, .supervisor:
            p.add("NOT (\(restricted))", restrictedArgs)
            p.add(ownSQL, ownArgs)
        case .integrity:
            p.add("\(restricted) OR \(ownSQL)", restrictedArgs + ownArgs)
        }
        return p
    }

    /// The rows counted in aggregates for `viewer`: what they may see, and for the analyst (who sees
    /// no case) every case that is not restricted.
    static func aggregateScope(_ viewer: StaffViewer) -> SQLPredicate {
        guard viewer.role == .analyst else { return visibility(viewer) }
        var admin = viewer
        admin.role = .admin
        return visibility(admin)
    }

    public func staffRecord(_ id: TrackingID, viewer: StaffViewer) async throws(StoreError) -> CaseRecord? {
        let decoder = self.decoder
        var p = Self.visibility(viewer)
        p.add("c.tracking_id = ?", [id.description])
        let predicate = p
        return try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT c.* FROM cases c WHERE \(predicate.sql)", arguments: predicate.arguments) else {
                return nil
            }
            return try Self.caseRecord(row, id: id, decoder: decoder)
        }
    }

    /// The viewer's rows as separate branches that each follow one urgency index (their own queues
    /// one by one, the cases given to them, the restricted cases), so "everything I may see" is a
    /// merge of short ordered index ranges instead of a sort of every visible case.
    static func visibilityBranches(_ viewer: StaffViewer) -> [SQLPredicate] {
        let restrictedCategories = viewer.restrictedCategories.sorted()
        let restricted = "COALESCE(c.category, '') IN (\(SQLPredicate.placeholders(restrictedCategories.count))) OR COALESCE(c.queue, '') = ?"
        let restrictedArgs: [(any DatabaseValueConvertible)?] = restrictedCategories + [viewer.integrityQueue]
        func branch(_ sql: String, _ args: [(any DatabaseValueConvertible)?], open: Bool) -> SQLPredicate {
            var p = SQLPredicate()
            if open { p.add("NOT (\(restricted))", restrictedArgs) }
            p.add(sql, args)
            return p
        }
        switch viewer.role {
        case .agent, .supervisor:
            return viewer.ownQueues.sorted().map { branch("c.queue = ?", [$0], open: true) }
                + [branch("c.assignee = ?", [viewer.username], open: true)]
        case .integrity:
            return [branch("c.queue = ?", [viewer.integrityQueue], open: false),
                    branch("COALESCE(c.category, '') IN (\(SQLPredicate.placeholders(restrictedCategories.count)))", restrictedCategories, open: false)]
                + viewer.ownQueues.subtracting([viewer.integrityQueue]).sorted().map { branch("c.queue = ?", [$0], open: false) }
                + [branch("c.assignee = ?", [viewer.username], open: false)]
        case .admin, .analyst:
            return [visibility(viewer)]
        }
    }

    public func queue(_ query: QueueQuery, viewer: StaffViewer, now: Date) async throws(StoreError) -> QueuePage {
        var filters = SQLPredicate()
        switch query.scope {
        case .queue(let code): filters.add("c.queue = ?", [code])
        case .assignedTo(let username): filters.add("c.assignee = ?", [username])
        case .all: break
        }
        let statuses = Set(query.statuses.isEmpty ? Self.openStatuses : query.statuses)
        let openOnly = statuses == Set(Self.openStatuses)
        if openOnly {
            filters.add(OpenQueueSchema.openStatusCondition)
        } else if statuses != Set(Status.allCases) {
            let listed = statuses.map(\.rawValue).sorted()
            filters.add("c.status IN (\(SQLPredicate.placeholders(listed.count)))", listed)
        }
        if let category = query.category { filters.add("c.category = ?", [category]) }
        if let channel = query.channel { filters.add("c.channel = ?", [channel.rawValue]) }
        if let segment = query.segment { filters.add("c.segment = ?", [segment.rawValue]) }
        if let assignee = query.assignee {
            if assignee.isEmpty { filters.add("c.assignee IS NULL") } else { filters.add("c.assignee = ?", [assignee]) }
        }
        if let from = query.receivedFrom { filters.add("c.received_at >= ?", [from.storedValue]) }
        if let before = query.receivedBefore { filters.add("c.received_at < ?", [before.storedValue]) }
        if let sla = query.sla { filters.add(Self.slaCondition(sla, now: now)) }
        let size = max(1, min(query.pageSize, 200))
        let offset = (max(1, query.page) - 1) * size
        let branches = query.scope == .all ? Self.visibilityBranches(viewer) : [Self.visibility(viewer)]
        let baseFilters = filters
        let text = query.text
        let rows = try await read { db in
            var filters = baseFilters
            var searchesIndex = false
            if let text {
                let search = try Self.searchCondition(text, db: db)
                filters.add(search.condition)
                searchesIndex = search.usesIndex
            }
            let sql: String
            var arguments = StatementArguments()
            if branches.count == 1 {
                var p = branches[0]
                p.add(filters)
                // The open cases of every queue: walk them in urgency order (OpenQueueSchema), unless
                // a rare word's few matches from the search index are the shorter way. The planner,
                // without statistics, would read every open case by status and sort them. Breached
                // cases are two ranges of the urgency order, which SQLite reads as such (MULTI-INDEX
                // OR) when left to plan; a walk would read every open case when none is breached.
                // Those at risk come from the clocks whose risk time has passed (riskIndex). Not
                // while a bulk import has the indexes dropped. (The analyst sees no case: a
                // condition of constant false leaves no term to match the index by, and SQLite
                // refuses the hint.)
                var hint = ""
                if openOnly && query.scope == .all && viewer.role != .analyst && !searchesIndex, try !DeferredIndexSchema.anyDeferred(db) {
                    switch query.sla {
                    case .breached: break
                    case .atRisk: hint = " INDEXED BY \(OpenQueueSchema.riskIndex)"
                    default: hint = " INDEXED BY \(OpenQueueSchema.index)"
                    }
                }
                sql = "SELECT \(Self.queueColumns) FROM cases c\(hint) WHERE \(p.sql) ORDER BY c.sla_phase, c.sla_due_at, c.id LIMIT ? OFFSET ?"
                arguments = p.arguments + [size + 1, offset]
            } else {
                // Each branch in urgency order up to the page's end, merged (UNION drops a case two
                // branches share).
                var parts: [String] = []
                for branch in branches {
                    var p = branch
                    p.add(filters)
                    parts.append("SELECT * FROM (SELECT \(Self.queueColumns) FROM cases c WHERE \(p.sql) ORDER BY c.sla_phase, c.sla_due_at, c.id LIMIT ?)")
                    arguments += p.arguments + [offset + size + 1]
                }
                sql = parts.joined(separator: " UNION ") + " ORDER BY sla_phase, sla_due_at, row_id LIMIT ? OFFSET ?"
                arguments += [size + 1, offset]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.queueRow)
        }
        return QueuePage(rows: Array(rows.prefix(size)), hasMore: rows.count > size)
    }

    /// The columns of a queue row, read by position (``queueRow(_:)``): a page reads thousands of
    /// values, and lookups by name cost more than the query.
    static let queueColumns = """
        c.tracking_id, c.kind, c.channel, c.status, c.category, c.segment, c.priority, c.queue, c.assignee,
        substr(c.subject, 1, 90) AS subject, substr(c.text, 1, 120) AS excerpt, c.received_at, c.updated_at,
        c.sla_phase, c.sla_due_at, c.sla_risk_at, c.sla_first_due_at, c.sla_state, c.id AS row_id
        """

    static func queueRow(_ row: Row) -> QueueRow? {
        guard let id = try? TrackingID(from: row[0] as String) else { return nil }
        return QueueRow(
            trackingID: id,
            kind: Kind(rawValue: row[1]) ?? .complaint, channel: Channel(rawValue: row[2]) ?? .other,
            status: Status(rawValue: row[3]) ?? .received, category: row[4],
            segment: (row[5] as String?).flatMap(Segment.init(rawValue:)),
            priority: Priority(rawValue: row[6]) ?? .normal, queue: row[7], assignee: row[8],
            subject: row[9], excerpt: row[10], receivedAt: Date(stored: row[11]),
            updatedAt: Date(stored: row[12]), sla: slaEntry(row, from: 13))
    }

    /// The SLA index entry in the five columns from `first` on (phase, due, at risk, first-response
    /// due, settled state); nil while it has not been computed.
    static func slaEntry(_ row: Row, from first: Int) -> SLAIndexEntry? {
        guard let phase = SLAIndexEntry.Phase(rawValue: row[first]) else { return nil }
        return SLAIndexEntry(
            phase: phase, resolutionDueAt: (row[first + 1] as Double?).map(Date.init(stored:)),
            atRiskAt: (row[first + 2] as Double?).map(Date.init(stored:)),
            firstResponseDueAt: (row[first + 3] as Double?).map(Date.init(stored:)),
            settledState: (row[first + 4] as String?).flatMap(SLAState.init(rawValue:)))
    }

    /// Cases whose resolution clock is in `state` at `now`, written so the urgency indexes can range
    /// over the due times.
    static func slaCondition(_ state: SLAState, now: Date) -> SQLPredicate {
        var p = SQLPredicate()
        let t = now.storedValue
        switch state {
        case .onTrack: p.add("c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at > ?", [t, t])
        case .atRisk: p.add("c.sla_phase = 0 AND c.sla_due_at >= ? AND c.sla_risk_at <= ?", [t, t])
        case .breached: p.add("(c.sla_phase = 0 AND c.sla_due_at < ?) OR (c.sla_phase = 1 AND c.sla_state = 'breached')", [t])
        case .paused: p.add("c.sla_phase = 1 AND c.sla_state = 'paused'")
        case .met, .missed: p.add("c.sla_phase = 2 AND c.sla_state = ?", [state.rawValue])
        }
        return p
    }

    /// Words found in this many cases or more are common: walking the queue in urgency order meets
    /// matches soon, while listing every match from the index would cost more than the page.
    static let commonWordMatches = 2_000

    /// Every word of `text` in the subject or text (Thai substrings too, case-insensitive), or the
    /// whole of `text` as the case's external reference (a hotline call ID, an imported case's
    /// `ref`), which staff copy from the earlier system.
    /// `usesIndex` when a rare word is looked up in the trigram index (then its matches are few).
    static func searchCondition(_ text: String, db: Database) throws -> (condition: SQLPredicate, usesIndex: Bool) {
        let (words, usesIndex) = try wordsCondition(text, db: db)
        var p = SQLPredicate()
        let arguments: [(any DatabaseValueConvertible)?] = [text.trimmingWhitespace] + words.values.map { $0 }
        p.add("c.external_ref = ? OR (\(words.sql))", arguments)
        return (p, usesIndex)
    }

    /// Every word of `text` in the subject or text. A rare word of three characters or more is
    /// looked up in the trigram index; a common one, and a shorter one (common in Thai: "ไฟ"), is
    /// matched on the rows the page walks anyway.
    static func wordsCondition(_ text: String, db: Database) throws -> (condition: SQLPredicate, usesIndex: Bool) {
        var p = SQLPredicate()
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init).prefix(8)
        var rare: [String] = []
        var scanned: [String] = []
        for word in words {
            guard word.unicodeScalars.count >= 3 else { scanned.append(word); continue }
            let phrase = "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let matches = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT rowid FROM case_search WHERE case_search MATCH ? LIMIT ?)",
                                           arguments: [phrase, commonWordMatches]) ?? 0
            if matches < commonWordMatches { rare.append(phrase) } else { scanned.append(word) }
        }
        if !rare.isEmpty {
            p.add("c.id IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)", [rare.joined(separator: " AND ")])
        }
        for word in scanned {
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            p.add("c.text LIKE ? ESCAPE '\\' OR COALESCE(c.subject, '') LIKE ? ESCAPE '\\'", ["%\(escaped)%", "%\(escaped)%"])
        }
        return (p, !rare.isEmpty)
    }

    public func notices(of id: TrackingID) async throws(StoreError) -> [NoticeRecord] {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, kind, channel, created_at, delivered_at, attempts, last_error FROM outbox
                WHERE tracking_id = ? AND kind IN ('acknowledgement', 'status_notice', 'public_reply') ORDER BY id
                """, arguments: [id.description]).map { row in
                NoticeRecord(id: row["id"], kind: row["kind"], channel: (row["channel"] as String?).flatMap(Channel.init(rawValue:)),
                             createdAt: Date(stored: row["created_at"]), deliveredAt: (row["delivered_at"] as Double?).map(Date.init(stored:)),
                             attempts: row["attempts"], lastError: try cipher.opened(row["last_error"], "a delivery error"))
            }
        }
    }

    public func applyStaffChange(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int, outbox: [OutboxMessage],
                                 sla: SLAIndexEntry?) async throws(StoreError) {
        let rows = try encode(events)
        let decoder = self.decoder
        let held = outbox.filter { $0.channel.map(CallbackItem.channels.contains) ?? false }.map(\.dedupeKey)
        let outbox = cipher.seal(outbox)
        try await write { db in
            let caseID = try Self.appendRows(rows, to: id, expectedEventCount: expectedEventCount, outbox: outbox, db: db, decoder: decoder)
            for key in held {
                try db.execute(sql: "UPDATE outbox SET next_attempt_at = ? WHERE dedupe_key = ? AND delivered_at IS NULL",
                               arguments: [Self.neverAttempt, key])
            }
            if let sla {
                try Self.writeSLA(sla, caseID: caseID, eventCount: expectedEventCount + rows.count, db: db)
            }
        }
    }

    static func writeSLA(_ e: SLAIndexEntry?, caseID: Int64, eventCount: Int, db: Database) throws {
        try db.execute(sql: """
            UPDATE cases SET sla_phase = ?, sla_due_at = ?, sla_risk_at = ?, sla_first_due_at = ?, sla_state = ?, sla_event_count = ?
            WHERE id = ? AND event_count = ?
            """, arguments: [e?.phase.rawValue ?? SLAIndexEntry.Phase.stopped.rawValue, e?.resolutionDueAt?.storedValue,
                             e?.atRiskAt?.storedValue, e?.firstResponseDueAt?.storedValue, e?.settledState?.rawValue,
                             eventCount, caseID, eventCount])
    }
}
