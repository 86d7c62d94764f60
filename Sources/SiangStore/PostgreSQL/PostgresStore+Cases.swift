import Foundation
import NIOCore
import PostgresNIO
import SiangCore

/// New cases, their reads and their appends on PostgreSQL: the twin of `SQLiteStore+Cases.swift`.
/// Group commit is a SQLite fsync saving; here each create is its own transaction, READ COMMITTED: a
/// new case only inserts rows of its own, and the one thing it reads, its channel key, is guarded by
/// that key's primary key. Two requests with one key racing: the second's insert waits for the first,
/// fails on the key once the first commits, and its retry finds the key and answers the first's receipt.
extension PostgresStore {
    public func create(_ newCase: NewCase) async throws(StoreError) -> CreateOutcome {
        let p = try prepare(newCase)
        return try await write(isolation: .readCommitted, retryingOn: Self.isRacedChannelKey) { c in try await insert(p, connection: c) }
    }

    static func isRacedChannelKey(_ error: any Error) -> Bool {
        isUniqueViolation(error, constraint: "channel_keys_pkey")
    }

    /// Stores many new cases in one transaction, with the calls they record; a colliding tracking ID
    /// fails the whole batch with ``StoreError/trackingIDTaken``.
    public func createMany(_ newCases: [NewCase], recordingCalls calls: @escaping @Sendable ([CreateOutcome]) -> [CallRecord])
        async throws(StoreError) -> [CreateOutcome] {
        let prepared = try newCases.map { (n) throws(StoreError) in try prepare(n) }
        return try await write(isolation: .readCommitted, retryingOn: Self.isRacedChannelKey) { c in
            var outcomes: [CreateOutcome] = []
            for p in prepared { outcomes.append(try await insert(p, connection: c)) }
            try await insertCalls(calls(outcomes), connection: c)
            return outcomes
        }
    }

    /// The SQLite store's prepared case (every value encoded, dates checked), reused as it is.
    func prepare(_ newCase: NewCase) throws(StoreError) -> SQLiteStore.PreparedCase {
        guard let state = CaseState.fold(newCase.events),
              let fact = CaseFact(trackingID: newCase.trackingID, events: newCase.events),
              let tracked = TrackedCase(trackingID: newCase.trackingID, events: newCase.events) else {
            throw .unavailable("a new case must start with a received event")
        }
        try StoredDate.check(newCase.receipt.receivedAt, "receivedAt")
        for due in [newCase.receipt.sla?.firstResponseDueAt, newCase.receipt.sla?.resolutionDueAt].compactMap({ $0 }) {
            try StoredDate.check(due, "SLA due time")
        }
        let rows = try encode(newCase.events)
        var newCase = newCase
        newCase.intake.attachments = cipher.seal(newCase.intake.attachments)
        do {
            return SQLiteStore.PreparedCase(
                newCase: newCase, state: state, receiptJSON: StoredJSON.receipt(newCase.receipt), eventRows: rows,
                locationJSON: try newCase.intake.location.map { try json($0) },
                warningsJSON: newCase.intake.warnings.isEmpty ? nil : try json(newCase.intake.warnings),
                fact: fact, factTimeline: CaseFactTimeline.encode(fact), trackedView: TrackedCaseBytes.encode(tracked),
                contact: cipher.seal(newCase.intake.contact), outbox: cipher.seal(newCase.outbox))
        } catch {
            throw .unavailable("cannot encode the case: \(error)")
        }
    }

    /// Inserts a prepared case inside the caller's transaction; a channel key seen before gives the
    /// first receipt (same request) or ``StoreError/keyReusedForDifferentRequest``. Returns also the row id.
    @discardableResult
    func insert(_ p: SQLiteStore.PreparedCase, checkChannelKey: Bool = true, connection c: PostgresConnection) async throws -> CreateOutcome {
        try await insertCase(p, checkChannelKey: checkChannelKey, connection: c).outcome
    }

    func insertCase(_ p: SQLiteStore.PreparedCase, checkChannelKey: Bool = true,
                    connection c: PostgresConnection) async throws -> (outcome: CreateOutcome, caseID: Int64?) {
        let intake = p.newCase.intake
        let s = p.state
        if checkChannelKey, let key = intake.channelMessageKey,
           let row = try await c.rows("""
               SELECT fingerprint, receipt FROM channel_keys WHERE channel = \(intake.channel.rawValue) AND key = \(key)
               """).first {
            let (fingerprint, receipt) = try row.decode((String, String).self)
            guard fingerprint == p.newCase.fingerprint else { throw StoreError.keyReusedForDifferentRequest }
            return (.existing(try decoder.decode(CaseReceipt.self, from: Data(receipt.utf8))), nil)
        }
        let checkAt: Double? = s.status.isOpen ? s.receivedAt.storedValue : nil
        guard let caseID = try await c.one("""
            INSERT INTO cases (tracking_id, kind, channel, status, category, segment, priority, queue, assignee,
                subject, text, location, external_ref, warnings, received_at, updated_at, resolved_at, first_response_at, event_count, sla_check_at)
            VALUES (\(p.newCase.trackingID.description), \(s.kind.rawValue), \(s.channel.rawValue), \(s.status.rawValue), \(s.category),
                    \(s.segment?.rawValue), \(s.priority.rawValue), \(s.queue), \(s.assignee), \(intake.subject), \(intake.text),
                    \(p.locationJSON), \(intake.externalRef), \(p.warningsJSON), \(s.receivedAt.storedValue), \(s.updatedAt.storedValue),
                    \(s.resolvedAt?.storedValue), \(s.firstResponseAt?.storedValue), \(p.eventRows.count), \(checkAt))
            RETURNING id
            """, as: Int64.self) else { throw StoreError.unavailable("the case was not stored") }
        try await writeFact(p.fact, caseID: caseID, replacing: false, connection: c)
        try await writeTracking(p.trackedView, of: p.newCase.trackingID, connection: c)
        for (seq, e) in p.eventRows.enumerated() {
            try await c.exec("""
                INSERT INTO case_events (case_id, seq, at, actor, type, data)
                VALUES (\(caseID), \(seq), \(e.at), \(e.actor), \(e.type), \(e.data))
                """)
        }
        if let k = p.contact {
            try await c.exec("""
                INSERT INTO case_contacts (case_id, name, phone, email, line_user_id, consent, phone_key, email_key, line_user_key)
                VALUES (\(caseID), \(k.name), \(k.phone), \(k.email), \(k.lineUserID), \(intake.consent ? 1 : 0),
                        \(k.phoneKey), \(k.emailKey), \(k.lineUserKey))
                """)
        }
        try await insertAttachments(intake.attachments, caseID: caseID, connection: c)
        if let key = intake.channelMessageKey {
            try await c.exec("""
                INSERT INTO channel_keys (channel, key, case_id, fingerprint, receipt)
                VALUES (\(intake.channel.rawValue), \(key), \(caseID), \(p.newCase.fingerprint), \(p.receiptJSON))
                """)
        }
        try await insertOutbox(p.outbox, at: s.receivedAt, connection: c)
        return (.created(p.newCase.receipt), caseID)
    }

    func insertAttachments(_ attachments: [AttachmentRef], caseID: Int64, connection c: PostgresConnection) async throws {
        for a in attachments {
            try await c.exec("""
                INSERT INTO attachments (case_id, sha256, filename, content_type, size)
                VALUES (\(caseID), \(a.sha256), \(a.filename), \(a.contentType), \(a.size))
                """)
        }
    }

    /// The hotline calls a batch records; a call id seen before is kept as first stored.
    func insertCalls(_ calls: [CallRecord], connection c: PostgresConnection) async throws {
        for call in calls {
            try await c.exec("""
                INSERT INTO hotline_calls (call_id, started_at, ended_at, queue, agent, disposition, tracking_id)
                VALUES (\(call.callID), \(call.startedAt.storedValue), \(call.endedAt?.storedValue), \(call.queue), \(call.agent),
                        \(call.disposition), \(call.trackingID?.description))
                ON CONFLICT (call_id) DO NOTHING
                """)
        }
    }

    public func record(_ id: TrackingID) async throws(StoreError) -> CaseRecord? {
        try await read { c in
            guard let row = try await c.rows("""
                SELECT kind, channel, status, category, segment, priority, queue, assignee, received_at, updated_at,
                    resolved_at, first_response_at, subject, text, location, external_ref, warnings, event_count
                FROM cases WHERE tracking_id = \(id.description)
                """).first else { return nil }
            return try caseRecord(row, id: id)
        }
    }

    /// A case record from the 18 columns `record(_:)` selects, in its order.
    func caseRecord(_ row: PostgresRow, id: TrackingID) throws -> CaseRecord {
        let r = row.makeRandomAccess()
        func text(_ i: Int) throws -> String? { try r[i].decode(String?.self) }
        func instant(_ i: Int) throws -> Date? { try r[i].decode(Double?.self).map(Date.init(stored:)) }
        let state = CaseState(
            kind: Kind(rawValue: try text(0) ?? "") ?? .complaint,
            channel: SiangCore.Channel(rawValue: try text(1) ?? "") ?? .other,
            status: Status(rawValue: try text(2) ?? "") ?? .received,
            category: try text(3), segment: try text(4).flatMap(Segment.init(rawValue:)),
            priority: Priority(rawValue: try text(5) ?? "") ?? .normal,
            queue: try text(6), assignee: try text(7),
            receivedAt: try instant(8) ?? Date(stored: 0), updatedAt: try instant(9) ?? Date(stored: 0),
            resolvedAt: try instant(10), firstResponseAt: try instant(11))
        let location = try text(14).map { try decoder.decode(Location.self, from: Data($0.utf8)) }
        let warnings = try text(16).map { try decoder.decode([String].self, from: Data($0.utf8)) } ?? []
        return CaseRecord(trackingID: id, state: state, subject: try text(12), text: try text(13) ?? "", location: location,
                          externalRef: try text(15), warnings: warnings, eventCount: try r[17].decode(Int.self))
    }

    public func events(of id: TrackingID) async throws(StoreError) -> [CaseEvent] {
        try await read { c in
            try await c.rows("""
                SELECT e.at, e.actor, e.data FROM case_events e JOIN cases c ON c.id = e.case_id
                WHERE c.tracking_id = \(id.description) ORDER BY e.seq
                """).map { row in
                let (at, actor, data) = try row.decode((Double, String, String).self)
                return CaseEvent(at: Date(stored: at), actor: actor, change: try SQLiteStore.change(data, decoder: decoder))
            }
        }
    }

    public func contact(of id: TrackingID) async throws(StoreError) -> Contact? {
        let cipher = self.cipher
        return try await read { c in
            try await c.rows("""
                SELECT k.name, k.phone, k.email, k.line_user_id FROM case_contacts k JOIN cases c ON c.id = k.case_id
                WHERE c.tracking_id = \(id.description)
                """).first.map { row in
                let (name, phone, email, line) = try row.decode((String?, String?, String?, String?).self)
                return Contact(name: try cipher.opened(name, "a contact"), phone: try cipher.opened(phone, "a contact"),
                               email: try cipher.opened(email, "a contact"), lineUserID: try cipher.opened(line, "a contact"))
            }
        }
    }

    public func attachments(of id: TrackingID) async throws(StoreError) -> [AttachmentRef] {
        let cipher = self.cipher
        return try await read { c in
            try await c.rows("""
                SELECT a.sha256, a.filename, a.content_type, a.size FROM attachments a JOIN cases c ON c.id = a.case_id
                WHERE c.tracking_id = \(id.description) ORDER BY a.id
                """).map { row in
                let (sha, filename, type, size) = try row.decode((String, String, String, Int).self)
                return AttachmentRef(sha256: sha, filename: try cipher.opened(filename, "an attachment name") ?? "", contentType: type, size: size)
            }
        }
    }

    public func append(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int?, outbox: [OutboxMessage]) async throws(StoreError) {
        let rows = try encode(events)
        let outbox = cipher.seal(outbox)
        try await write { c in
            try await appendRows(rows, to: id, expectedEventCount: expectedEventCount, outbox: outbox, connection: c)
        }
    }

    public func appendMessage(_ events: [CaseEvent], to id: TrackingID, attachments: [AttachmentRef], channel: SiangCore.Channel,
                              key: String?, outbox: [OutboxMessage]) async throws(StoreError) -> Bool {
        let rows = try encode(events)
        let (outbox, attachments) = (cipher.seal(outbox), cipher.seal(attachments))
        return try await write { c in
            try await addFollowUp(rows, to: id, attachments: attachments, channel: channel, key: key, outbox: outbox, connection: c)
        }
    }

    public func caseID(channel: SiangCore.Channel, key: String) async throws(StoreError) -> TrackingID? {
        try await read { c in
            try await c.one("""
                SELECT c.tracking_id FROM channel_keys k JOIN cases c ON c.id = k.case_id
                WHERE k.channel = \(channel.rawValue) AND k.key = \(key)
                """, as: String.self).flatMap { try? TrackingID(from: $0) }
        }
    }

    public func recentOpenCases(category: String, since: Date, limit: Int) async throws(StoreError) -> [(id: TrackingID, text: String, receivedAt: Date)] {
        let rows = try await read { c in
            try await c.rows("""
                SELECT tracking_id, text, received_at FROM cases
                WHERE category = \(category) AND received_at >= \(since.storedValue)
                    AND status IN ('received', 'triaged', 'in_progress', 'awaiting_info')
                ORDER BY received_at DESC LIMIT \(limit)
                """).map { try $0.decode((String, String, Double).self) }
        }
        return rows.map { (TrackingID(storedCanonical: $0.0), $0.1, Date(stored: $0.2)) }
    }
}
