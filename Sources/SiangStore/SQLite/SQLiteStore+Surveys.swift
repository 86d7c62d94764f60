import Foundation
import GRDB
import SiangCore

/// Survey definitions, invitations and answers in SQLite (schema in `Migrations+Surveys.swift`).
extension SQLiteStore {
    public func registerSurveyDefinition(_ definition: SurveyDefinition, at: Date) async throws(StoreError) {
        let json: String
        do { json = try self.json(definition) } catch { throw .unavailable("cannot encode survey \(definition.id)") }
        try await write { db in try Self.register(definition, json: json, at: at, db: db) }
    }

    static func register(_ definition: SurveyDefinition, json: String, at: Date, db: Database) throws {
        if let held = try String.fetchOne(db, sql: "SELECT question_set FROM survey_definitions WHERE survey_id = ? AND version = ?",
                                          arguments: [definition.id, definition.version]) {
            guard held == definition.questionSet else {
                throw StoreError.unavailable("survey \(definition.id) version \(definition.version) was asked with other questions; "
                    + "a changed question set needs a new version in surveys.definitions")
            }
            return
        }
        try db.execute(sql: """
            INSERT INTO survey_definitions (survey_id, version, question_set, definition, registered_at) VALUES (?, ?, ?, ?, ?)
            """, arguments: [definition.id, definition.version, definition.questionSet, json, at.storedValue])
    }

    public func surveyDefinition(id: String, version: Int) async throws(StoreError) -> SurveyDefinition? {
        let decoder = self.decoder
        return try await read { db in
            try String.fetchOne(db, sql: "SELECT definition FROM survey_definitions WHERE survey_id = ? AND version = ?",
                                arguments: [id, version]).map { try decoder.decode(SurveyDefinition.self, from: Data($0.utf8)) }
        }
    }

    // MARK: Invitations

    public func addSurveyInvitation(_ i: SurveyInvitation) async throws(StoreError) {
        try await write { db in try Self.insert(i, db: db) }
    }

    /// Inserts an invitation inside the caller's transaction.
    static func insert(_ i: SurveyInvitation, db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO survey_invitations (token, tracking_id, survey_id, version, route, channel, category, segment, queue,
                issued_at, expires_at, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [i.token, i.trackingID.description, i.surveyID, i.version, i.route.rawValue, i.channel.rawValue,
                                     i.category, i.segment?.rawValue, i.queue, i.issuedAt.storedValue, i.expiresAt.storedValue,
                                     i.answeredAt?.storedValue])
    }

    public func surveyInvitation(token: String) async throws(StoreError) -> SurveyInvitation? {
        try await read { db in try Self.invitation(token: token, db: db) }
    }

    static func invitation(token: String, db: Database) throws -> SurveyInvitation? {
        try Row.fetchOne(db, sql: "SELECT * FROM survey_invitations WHERE token = ?", arguments: [token]).flatMap(invitation(_:))
    }

    public func surveyInvitations(of id: TrackingID) async throws(StoreError) -> [SurveyInvitation] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM survey_invitations WHERE tracking_id = ? ORDER BY issued_at, token",
                             arguments: [id.description]).compactMap(Self.invitation(_:))
        }
    }

    public func surveyCallBacks(now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        try await surveyCallBacks(scope: SQLPredicate(), now: now, limit: limit)
    }

    public func surveyCallBacks(for viewer: StaffViewer, now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        try await surveyCallBacks(scope: Self.visibility(viewer), now: now, limit: limit)
    }

    private func surveyCallBacks(scope: SQLPredicate, now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.* FROM survey_invitations i JOIN cases c ON c.tracking_id = i.tracking_id
                WHERE i.route = 'callback' AND i.answered_at IS NULL AND i.expires_at > ? AND c.status IN ('resolved', 'closed')
                  AND NOT EXISTS (SELECT 1 FROM survey_answers a WHERE a.token = i.token AND a.completed_at IS NOT NULL) AND \(scope.sql)
                ORDER BY i.issued_at, i.token LIMIT ?
                """, arguments: [now.storedValue] + scope.arguments + [limit]).compactMap(Self.invitation(_:))
        }
    }

    static func invitation(_ row: Row) -> SurveyInvitation? {
        guard let id = try? TrackingID(from: row["tracking_id"] as String),
              let route = SurveyRoute(rawValue: row["route"]), let channel = Channel(rawValue: row["channel"]) else { return nil }
        return SurveyInvitation(
            token: row["token"], trackingID: id, surveyID: row["survey_id"], version: row["version"], route: route, channel: channel,
            category: row["category"], segment: (row["segment"] as String?).flatMap(Segment.init(rawValue:)), queue: row["queue"],
            issuedAt: Date(stored: row["issued_at"]), expiresAt: Date(stored: row["expires_at"]),
            answeredAt: (row["answered_at"] as Double?).map(Date.init(stored:)))
    }

    // MARK: Answers

    public func recordSurveyAnswer(_ answer: NewSurveyAnswer, events: [CaseEvent], outbox: [OutboxMessage],
                                   limit: AddressLimit?) async throws(StoreError) -> SurveyRecordOutcome {
        let responseJSON = try encodeResponse(answer.response)
        let rows = try encode(events)
        let decoder = self.decoder
        let outbox = cipher.seal(outbox)
        return try await write { db in
            let outcome = try Self.insert(answer, responseJSON: responseJSON, limit: limit, db: db)
            guard case .recorded = outcome else { return outcome }
            if let id = answer.trackingID, !rows.isEmpty {
                try Self.appendRows(rows, to: id, expectedEventCount: nil, outbox: outbox, db: db, decoder: decoder)
            } else {
                try Self.insertOutbox(outbox, at: answer.answeredAt, db: db)
            }
            return outcome
        }
    }

    public func recordSurveyAnswers(_ answers: [NewSurveyAnswer]) async throws(StoreError) -> [SurveyRecordOutcome] {
        let encoded = try answers.map { (a) throws(StoreError) in (a, try encodeResponse(a.response)) }
        return try await write { db in
            try encoded.map { try Self.insert($0.0, responseJSON: $0.1, limit: nil, db: db) }
        }
    }

    /// Inserts one answer inside the caller's transaction, enforcing the rules of the protocol.
    static func insert(_ a: NewSurveyAnswer, responseJSON: String, limit: AddressLimit?, db: Database) throws -> SurveyRecordOutcome {
        if let key = a.key, let id = try Int64.fetchOne(db, sql: "SELECT answer_id FROM survey_answer_keys WHERE key = ?", arguments: [key]) {
            return .repeated(answerID: id)
        }
        if let token = a.token {
            guard let invitation = try invitation(token: token, db: db) else { return .unknownToken }
            if let existing = try Row.fetchOne(db, sql: "SELECT completed_at FROM survey_answers WHERE token = ?", arguments: [token]) {
                return (existing["completed_at"] as Double?) == nil ? .partiallyAnswered : .alreadyAnswered
            }
            guard !invitation.isExpired(at: a.answeredAt) else { return .expired }
        }
        if let limit {
            let now = a.answeredAt.storedValue
            try db.execute(sql: "DELETE FROM survey_address_log WHERE at < ?", arguments: [now - 86_400])
            let day = try Int.fetchOne(db, sql: "SELECT count(*) FROM survey_address_log WHERE address_key = ? AND at > ?",
                                       arguments: [limit.addressKey, now - 86_400]) ?? 0
            let hour = try Int.fetchOne(db, sql: "SELECT count(*) FROM survey_address_log WHERE address_key = ? AND at > ?",
                                        arguments: [limit.addressKey, now - 3_600]) ?? 0
            guard day < limit.maxPerDay, hour < limit.maxPerHour else { return .rateLimited }
            try db.execute(sql: "INSERT INTO survey_address_log (address_key, at) VALUES (?, ?)", arguments: [limit.addressKey, now])
        }
        try db.execute(sql: """
            INSERT INTO survey_answers (token, survey_id, version, source, via, tracking_id, channel, category, segment, queue,
                service_point, answered_at, completed_at, overall, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [a.token, a.surveyID, a.version, a.source, a.via, a.trackingID?.description, a.channel?.rawValue,
                             a.category, a.segment?.rawValue, a.queue, a.servicePoint, a.answeredAt.storedValue,
                             a.complete ? a.answeredAt.storedValue : nil, a.response.overall, responseJSON])
        let id = db.lastInsertedRowID
        if let key = a.key {
            try db.execute(sql: "INSERT INTO survey_answer_keys (key, answer_id) VALUES (?, ?)", arguments: [key, id])
        }
        if let token = a.token, a.complete {
            try db.execute(sql: "UPDATE survey_invitations SET answered_at = ? WHERE token = ?", arguments: [a.answeredAt.storedValue, token])
        }
        return .recorded(answerID: id)
    }

    public func completeSurveyAnswer(token: String, with response: SurveyResponse, via: String, at: Date, events: [CaseEvent],
                                     outbox: [OutboxMessage]) async throws(StoreError) -> SurveyRecordOutcome {
        let rows = try encode(events)
        let decoder = self.decoder
        let outbox = cipher.seal(outbox)
        return try await write { db in
            guard let invitation = try Self.invitation(token: token, db: db) else { return .unknownToken }
            guard let row = try Row.fetchOne(db, sql: "SELECT id, response, completed_at FROM survey_answers WHERE token = ?",
                                             arguments: [token]) else { return .unknownToken }
            guard (row["completed_at"] as Double?) == nil else { return .alreadyAnswered }
            guard !invitation.isExpired(at: at) else { return .expired }
            let partial = try decoder.decode(SurveyResponse.self, from: Data((row["response"] as String).utf8))
            let merged = partial.completed(with: response)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: try encoder.encode(merged), as: UTF8.self)
            let id: Int64 = row["id"]
            try db.execute(sql: "UPDATE survey_answers SET response = ?, overall = ?, completed_at = ?, via = via || '+' || ? WHERE id = ?",
                           arguments: [json, merged.overall, at.storedValue, via, id])
            try db.execute(sql: "UPDATE survey_invitations SET answered_at = ? WHERE token = ?", arguments: [at.storedValue, token])
            if !rows.isEmpty {
                try Self.appendRows(rows, to: invitation.trackingID, expectedEventCount: nil, outbox: outbox, db: db, decoder: decoder)
            } else {
                try Self.insertOutbox(outbox, at: at, db: db)
            }
            return .recorded(answerID: id)
        }
    }

    public func surveyAnswer(token: String) async throws(StoreError) -> StoredSurveyAnswer? {
        let decoder = self.decoder
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM survey_answers WHERE token = ?", arguments: [token]).map { try Self.answer($0, decoder: decoder) }
        }
    }

    static func answer(_ row: Row, decoder: JSONDecoder) throws -> StoredSurveyAnswer {
        let response = try decoder.decode(SurveyResponse.self, from: Data((row["response"] as String).utf8))
        let completedAt = (row["completed_at"] as Double?).map(Date.init(stored:))
        let answer = NewSurveyAnswer(
            token: row["token"], surveyID: row["survey_id"], version: row["version"], source: row["source"], via: row["via"],
            trackingID: (row["tracking_id"] as String?).flatMap { try? TrackingID(from: $0) },
            channel: (row["channel"] as String?).flatMap(Channel.init(rawValue:)), category: row["category"],
            segment: (row["segment"] as String?).flatMap(Segment.init(rawValue:)), queue: row["queue"], servicePoint: row["service_point"],
            answeredAt: Date(stored: row["answered_at"]), response: response, complete: completedAt != nil)
        return StoredSurveyAnswer(id: row["id"], answer: answer, completedAt: completedAt)
    }

    func encodeResponse(_ response: SurveyResponse) throws(StoreError) -> String {
        do { return try json(response) } catch { throw .unavailable("cannot encode the survey answer") }
    }

    // MARK: Facts for the aggregations

    public func surveyFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyFact] {
        try await surveyFactColumns(from: from, to: to).facts
    }

    public func surveyFactColumns(from: Date, to: Date) async throws(StoreError) -> SurveyFactColumns {
        let decoder = self.decoder
        return try await read { db in try SurveyFactReader.columns(from: from.storedValue, to: to.storedValue, db: db, decoder: decoder) }
    }

    public func surveyInvitationFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyInvitationFact] {
        try await read { db in try SurveyInvitationFactReader.facts(from: from.storedValue, to: to.storedValue, db: db) }
    }
}
