import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func create(_ newCase: NewCase) async throws(StoreError) -> CreateOutcome {
        try await groupCommit.submit(try prepare(newCase)).get()
    }

    /// Stores many new cases in one transaction (imports, seeding); returns each one's outcome.
    /// A colliding tracking ID fails the whole batch with ``StoreError/trackingIDTaken``.
    public func createMany(_ newCases: [NewCase], recordingCalls calls: @escaping @Sendable ([CreateOutcome]) -> [CallRecord])
        async throws(StoreError) -> [CreateOutcome] {
        let prepared = try newCases.map { (c) throws(StoreError) in try prepare(c) }
        let decoder = self.decoder
        return try await write { db in
            // One query finds the batch's channel keys that were seen before, instead of one per case.
            var mayExist = try Self.storedChannelKeys(of: prepared.map(\.newCase.intake), db: db)
            let staged = try DeferredIndexSchema.stagingBulkImport(db)
            let outcomes = try prepared.map { p in
                let key = p.newCase.intake.channelMessageKey.map { ChannelKey(channel: p.newCase.intake.channel, key: $0) }
                let check = key.map { !mayExist.insert($0).inserted } ?? false
                return try Self.insert(p, db: db, decoder: decoder, checkChannelKey: check, staged: staged)
            }
            try Self.insertCalls(calls(outcomes), db: db)
            return outcomes
        }
    }

    struct ChannelKey: Hashable {
        var channel: Channel
        var key: String
    }

    /// Which of these intakes' channel keys are stored already.
    static func storedChannelKeys(of intakes: [Intake], db: Database) throws -> Set<ChannelKey> {
        var found = Set<ChannelKey>()
        let byChannel = Dictionary(grouping: intakes.compactMap { i in i.channelMessageKey.map { ChannelKey(channel: i.channel, key: $0) } },
                                   by: \.channel)
        for (channel, keys) in byChannel {
            for key in try strings(db: db, sql: "SELECT key FROM channel_keys WHERE channel = ? AND key IN", leading: [channel.rawValue],
                                   in: keys.map(\.key)) {
                found.insert(ChannelKey(channel: channel, key: key))
            }
        }
        return found
    }

    /// A new case with everything encoded, ready to be written inside a transaction.
    struct PreparedCase: Sendable {
        var newCase: NewCase
        var state: CaseState
        var receiptJSON: String
        var eventRows: [(data: String, type: String, actor: String, at: Double)]
        var locationJSON: String?
        var warningsJSON: String?
        /// The case's report fact, written with it (``CaseFactRows``).
        var fact: CaseFact
        var factTimeline: [UInt8]
        /// The case's tracked view (``TrackedCaseBytes``), written with it.
        var trackedView: [UInt8]
        /// The personal data, sealed (``PersonalDataCipher``); `newCase`'s attachment names are sealed too.
        var contact: SealedContact?
        var outbox: SealedOutbox
    }

    func prepare(_ newCase: NewCase) throws(StoreError) -> PreparedCase {
        guard let state = CaseState.fold(newCase.events),
              let fact = CaseFact(trackingID: newCase.trackingID, events: newCase.events),
              let tracked = TrackedCase(trackingID: newCase.trackingID, events: newCase.events) else {
            throw .unavailable("a new case must start with a received event")
        }
        try StoredDate.check(newCase.receipt.receivedAt, "receivedAt")
        try StoredDate.check(newCase.events)
        for due in [newCase.receipt.sla?.firstResponseDueAt, newCase.receipt.sla?.resolutionDueAt].compactMap({ $0 }) {
            try StoredDate.check(due, "SLA due time")
        }
        var newCase = newCase
        newCase.intake.attachments = cipher.seal(newCase.intake.attachments)
        do {
            return PreparedCase(
                newCase: newCase, state: state, receiptJSON: StoredJSON.receipt(newCase.receipt),
                eventRows: try encodeRows(newCase.events),
                locationJSON: try newCase.intake.location.map { try json($0) },
                warningsJSON: newCase.intake.warnings.isEmpty ? nil : try json(newCase.intake.warnings),
                fact: fact, factTimeline: CaseFactTimeline.encode(fact), trackedView: TrackedCaseBytes.encode(tracked),
                contact: cipher.seal(newCase.intake.contact), outbox: cipher.seal(newCase.outbox))
        } catch {
            throw .unavailable("cannot encode the case: \(error)")
        }
    }

    /// Inserts a prepared case; `checkChannelKey: false` is for callers that know its channel key is
    /// not stored yet. `staged` is for a bulk import into an empty store (``DeferredIndexSchema``):
    /// the search index, the tracked view and the report fact are put in place at its end.
    static func insert(_ p: PreparedCase, db: Database, decoder: JSONDecoder, checkChannelKey: Bool = true,
                       staged: Bool = false) throws -> CreateOutcome {
        let intake = p.newCase.intake
        let state = p.state
        if checkChannelKey, let key = intake.channelMessageKey,
           let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT fingerprint, receipt FROM channel_keys WHERE channel = ? AND key = ?"),
                                      arguments: [intake.channel.rawValue, key]) {
            guard (row["fingerprint"] as String) == p.newCase.fingerprint else { throw StoreError.keyReusedForDifferentRequest }
            return .existing(try decoder.decode(CaseReceipt.self, from: Data((row["receipt"] as String).utf8)))
        }
        try db.cachedStatement(sql: """
            INSERT INTO cases (tracking_id, kind, channel, status, category, segment, priority, queue, assignee,
                subject, text, location, external_ref, warnings, received_at, updated_at, resolved_at, first_response_at, event_count, sla_check_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).insertRow { b in
                b.bind(p.newCase.trackingID.description); b.bind(state.kind.rawValue); b.bind(state.channel.rawValue)
                b.bind(state.status.rawValue); b.bind(state.category); b.bind(state.segment?.rawValue); b.bind(state.priority.rawValue)
                b.bind(state.queue); b.bind(state.assignee); b.bind(intake.subject); b.bind(intake.text); b.bind(p.locationJSON)
                b.bind(intake.externalRef); b.bind(p.warningsJSON); b.bind(state.receivedAt.storedValue); b.bind(state.updatedAt.storedValue)
                b.bind(state.resolvedAt?.storedValue); b.bind(state.firstResponseAt?.storedValue); b.bind(p.eventRows.count)
                b.bind(state.status.isOpen ? state.receivedAt.storedValue : nil)
            }
        let caseID = db.lastInsertedRowID
        if !staged { try SearchIndexSchema.index(caseID: caseID, subject: intake.subject, text: intake.text, db: db) }
        try CaseFactRows.write(p.fact, timeline: p.factTimeline, caseID: caseID, replacing: false, staged: staged, db: db)
        try writeTracking(p.trackedView, of: p.newCase.trackingID, staged: staged, db: db)
        let eventInsert = try db.cachedStatement(sql: "INSERT INTO case_events (case_id, seq, at, actor, type, data) VALUES (?, ?, ?, ?, ?, ?)")
        for (seq, e) in p.eventRows.enumerated() {
            try eventInsert.insertRow { b in
                b.bind(caseID); b.bind(seq); b.bind(e.at); b.bind(e.actor); b.bind(e.type); b.bind(e.data)
            }
        }
        if let c = p.contact {
            try db.cachedStatement(sql: """
                INSERT INTO case_contacts (case_id, name, phone, email, line_user_id, consent, phone_key, email_key, line_user_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).insertRow { b in
                    b.bind(caseID); b.bind(c.name); b.bind(c.phone); b.bind(c.email); b.bind(c.lineUserID); b.bind(intake.consent)
                    b.bind(c.phoneKey); b.bind(c.emailKey); b.bind(c.lineUserKey)
                }
        }
        for a in intake.attachments {
            try db.cachedStatement(sql: "INSERT INTO attachments (case_id, sha256, filename, content_type, size) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [caseID, a.sha256, a.filename, a.contentType, a.size])
        }
        if let key = intake.channelMessageKey {
            try db.cachedStatement(sql: "INSERT INTO channel_keys (channel, key, case_id, fingerprint, receipt) VALUES (?, ?, ?, ?, ?)")
                .insertRow { b in
                    b.bind(intake.channel.rawValue); b.bind(key); b.bind(caseID); b.bind(p.newCase.fingerprint); b.bind(p.receiptJSON)
                }
        }
        try insertOutbox(p.outbox, at: state.receivedAt, db: db)
        return .created(p.newCase.receipt)
    }

    public func record(_ id: TrackingID) async throws(StoreError) -> CaseRecord? {
        let decoder = self.decoder
        return try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM cases WHERE tracking_id = ?", arguments: [id.description]) else {
                return nil
            }
            return try Self.caseRecord(row, id: id, decoder: decoder)
        }
    }

    static func caseRecord(_ row: Row, id: TrackingID, decoder: JSONDecoder) throws -> CaseRecord {
        let state = CaseState(
            kind: Kind(rawValue: row["kind"]) ?? .complaint,
            channel: Channel(rawValue: row["channel"]) ?? .other,
            status: Status(rawValue: row["status"]) ?? .received,
            category: row["category"],
            segment: (row["segment"] as String?).flatMap(Segment.init(rawValue:)),
            priority: Priority(rawValue: row["priority"]) ?? .normal,
            queue: row["queue"], assignee: row["assignee"],
            receivedAt: Date(stored: row["received_at"]), updatedAt: Date(stored: row["updated_at"]),
            resolvedAt: (row["resolved_at"] as Double?).map(Date.init(stored:)),
            firstResponseAt: (row["first_response_at"] as Double?).map(Date.init(stored:)))
        let location = try (row["location"] as String?).map { try decoder.decode(Location.self, from: Data($0.utf8)) }
        let warnings = try (row["warnings"] as String?).map { try decoder.decode([String].self, from: Data($0.utf8)) } ?? []
        return CaseRecord(trackingID: id, state: state, subject: row["subject"], text: row["text"], location: location,
                          externalRef: row["external_ref"], warnings: warnings, eventCount: row["event_count"])
    }

    public func events(of id: TrackingID) async throws(StoreError) -> [CaseEvent] {
        let decoder = self.decoder
        return try await quickRead { db in
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT e.at, e.actor, e.data FROM case_events e JOIN cases c ON c.id = e.case_id
                WHERE c.tracking_id = ? ORDER BY e.seq
                """), arguments: [id.description])
            return try rows.map { row in
                CaseEvent(at: Date(stored: row["at"]), actor: row["actor"], change: try Self.change(row["data"], decoder: decoder))
            }
        }
    }

    public func contact(of id: TrackingID) async throws(StoreError) -> Contact? {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT k.name, k.phone, k.email, k.line_user_id FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE c.tracking_id = ?
                """, arguments: [id.description]).map { row in
                Contact(name: try cipher.opened(row["name"], "a contact"), phone: try cipher.opened(row["phone"], "a contact"),
                        email: try cipher.opened(row["email"], "a contact"), lineUserID: try cipher.opened(row["line_user_id"], "a contact"))
            }
        }
    }

    public func attachments(of id: TrackingID) async throws(StoreError) -> [AttachmentRef] {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.* FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.tracking_id = ? ORDER BY a.id
                """, arguments: [id.description]).map { row in
                AttachmentRef(sha256: row["sha256"], filename: try cipher.opened(row["filename"], "an attachment name") ?? "",
                              contentType: row["content_type"], size: row["size"])
            }
        }
    }

    public func append(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int?, outbox: [OutboxMessage]) async throws(StoreError) {
        let rows = try encode(events)
        let outbox = cipher.seal(outbox)
        let decoder = self.decoder
        try await write { db in
            try Self.appendRows(rows, to: id, expectedEventCount: expectedEventCount, outbox: outbox, db: db, decoder: decoder)
        }
    }

    public func appendMessage(_ events: [CaseEvent], to id: TrackingID, attachments: [AttachmentRef], channel: Channel,
                              key: String?, outbox: [OutboxMessage]) async throws(StoreError) -> Bool {
        let rows = try encode(events)
        let decoder = self.decoder
        let (outbox, attachments) = (cipher.seal(outbox), cipher.seal(attachments))
        return try await write { db in
            try Self.addFollowUp(rows, to: id, attachments: attachments, channel: channel, key: key, outbox: outbox, db: db, decoder: decoder)
        }
    }

    public func caseID(channel: Channel, key: String) async throws(StoreError) -> TrackingID? {
        try await read { db in
            try String.fetchOne(db, sql: """
                SELECT c.tracking_id FROM channel_keys k JOIN cases c ON c.id = k.case_id WHERE k.channel = ? AND k.key = ?
                """, arguments: [channel.rawValue, key]).flatMap { try? TrackingID(from: $0) }
        }
    }

    /// A stored change: read by hand when it has a shape the store writes, by the decoder otherwise.
    static func change(_ data: String, decoder: JSONDecoder) throws -> CaseChange {
        if let change = StoredJSON.readChange(data) { return change }
        return try decoder.decode(CaseChange.self, from: Data(data.utf8))
    }

    func encode(_ events: [CaseEvent]) throws(StoreError) -> [(data: String, type: String, actor: String, at: Double)] {
        try StoredDate.check(events)
        do { return try encodeRows(events) } catch {
            throw .unavailable("cannot encode events: \(error)")
        }
    }

    func encodeRows(_ events: [CaseEvent]) throws -> [(data: String, type: String, actor: String, at: Double)] {
        try events.map { (try StoredJSON.change($0.change) ?? json($0.change), $0.change.type, $0.actor, $0.at.storedValue) }
    }

    /// Appends encoded events to a case inside the caller's transaction and refreshes its cached
    /// state and its report fact from the whole log; returns the case's row id.
    @discardableResult
    static func appendRows(_ rows: [(data: String, type: String, actor: String, at: Double)], to id: TrackingID, expectedEventCount: Int?,
                           outbox: SealedOutbox, db: Database, decoder: JSONDecoder) throws -> Int64 {
        guard let caseRow = try Row.fetchOne(db, sql: "SELECT id, event_count FROM cases WHERE tracking_id = ?", arguments: [id.description]) else {
            throw StoreError.notFound
        }
        let caseID: Int64 = caseRow["id"]
        let count: Int = caseRow["event_count"]
        if let expectedEventCount, expectedEventCount != count { throw StoreError.concurrentChange }
        for (i, e) in rows.enumerated() {
            try db.execute(sql: "INSERT INTO case_events (case_id, seq, at, actor, type, data) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [caseID, count + i, e.at, e.actor, e.type, e.data])
        }
        // Refresh the cached state from the whole log, the single source of truth.
        let all = try Row.fetchAll(db, sql: "SELECT at, actor, data FROM case_events WHERE case_id = ? ORDER BY seq", arguments: [caseID])
            .map { CaseEvent(at: Date(stored: $0["at"]), actor: $0["actor"], change: try Self.change($0["data"], decoder: decoder)) }
        guard let s = CaseState.fold(all), let fact = CaseFact(trackingID: id, events: all),
              let tracked = TrackedCase(trackingID: id, events: all) else {
            throw StoreError.unavailable("case \(id) has no received event")
        }
        try CaseFactRows.write(fact, timeline: CaseFactTimeline.encode(fact), caseID: caseID, replacing: true, db: db)
        try writeTracking(TrackedCaseBytes.encode(tracked), of: id, db: db)
        try db.execute(sql: """
            UPDATE cases SET kind = ?, status = ?, category = ?, segment = ?, priority = ?, queue = ?, assignee = ?,
                updated_at = ?, resolved_at = ?, first_response_at = ?, event_count = ?, sla_check_at = ? WHERE id = ?
            """, arguments: [s.kind.rawValue, s.status.rawValue, s.category, s.segment?.rawValue, s.priority.rawValue,
                             s.queue, s.assignee, s.updatedAt.storedValue, s.resolvedAt?.storedValue,
                             s.firstResponseAt?.storedValue, all.count,
                             // Any change may move a clock: look again at once.
                             s.status.isOpen ? s.updatedAt.storedValue : nil, caseID])
        try insertOutbox(outbox, at: s.updatedAt, db: db)
        return caseID
    }
}
