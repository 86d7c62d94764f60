import Foundation
import PostgresNIO
import SiangCore

/// Survey definitions, invitations and answers in PostgreSQL: the twin of `SQLiteStore+Surveys.swift`
/// (same outcomes, same order, same idempotency), on the tables of schema v1.
extension PostgresStore {
    public func registerSurveyDefinition(_ definition: SurveyDefinition, at: Date) async throws(StoreError) {
        let json: String
        do { json = try self.json(definition) } catch { throw .unavailable("cannot encode survey \(definition.id)") }
        try await write { c in
            if let held = try await c.one("""
                SELECT question_set FROM survey_definitions WHERE survey_id = \(definition.id) AND version = \(definition.version)
                """, as: String.self) {
                guard held == definition.questionSet else {
                    throw StoreError.unavailable("survey \(definition.id) version \(definition.version) was asked with other questions; "
                        + "a changed question set needs a new version in surveys.definitions")
                }
                return
            }
            try await c.exec("""
                INSERT INTO survey_definitions (survey_id, version, question_set, definition, registered_at)
                VALUES (\(definition.id), \(definition.version), \(definition.questionSet), \(json), \(at.storedValue))
                """)
        }
    }

    public func surveyDefinition(id: String, version: Int) async throws(StoreError) -> SurveyDefinition? {
        let decoder = self.decoder
        return try await read { c in
            try await c.one("SELECT definition FROM survey_definitions WHERE survey_id = \(id) AND version = \(version)", as: String.self)
                .map { try decoder.decode(SurveyDefinition.self, from: Data($0.utf8)) }
        }
    }

    // MARK: Invitations

    public func addSurveyInvitation(_ i: SurveyInvitation) async throws(StoreError) {
        try await write { c in try await insert(i, connection: c) }
    }

    /// Inserts one invitation inside the caller's transaction (a new one, or one carried by the history import).
    func insert(_ i: SurveyInvitation, connection c: PostgresConnection) async throws {
        try await c.exec("""
            INSERT INTO survey_invitations (token, tracking_id, survey_id, version, route, channel, category, segment, queue,
                issued_at, expires_at, answered_at)
            VALUES (\(i.token), \(i.trackingID.description), \(i.surveyID), \(i.version), \(i.route.rawValue), \(i.channel.rawValue),
                \(i.category), \(i.segment?.rawValue), \(i.queue), \(i.issuedAt.storedValue), \(i.expiresAt.storedValue),
                \(i.answeredAt?.storedValue))
            """)
    }

    public func surveyInvitation(token: String) async throws(StoreError) -> SurveyInvitation? {
        try await read { c in try await Self.invitation(token: token, connection: c) }
    }

    public func surveyInvitations(of id: TrackingID) async throws(StoreError) -> [SurveyInvitation] {
        try await read { c in
            try await c.rows("""
                SELECT \(unescaped: Self.invitationColumns) FROM survey_invitations i
                WHERE i.tracking_id = \(id.description) ORDER BY i.issued_at, i.token COLLATE "C"
                """).compactMap(Self.invitation(_:))
        }
    }

    public func surveyCallBacks(now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        try await surveyCallBacks(scope: PostgresPredicate(), now: now, limit: limit)
    }

    public func surveyCallBacks(for viewer: StaffViewer, now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        try await surveyCallBacks(scope: Self.visibility(viewer), now: now, limit: limit)
    }

    private func surveyCallBacks(scope: PostgresPredicate, now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        try await read { c in
            try await c.rows("""
                SELECT \(unescaped: Self.invitationColumns) FROM survey_invitations i JOIN cases c ON c.tracking_id = i.tracking_id
                WHERE i.route = 'callback' AND i.answered_at IS NULL AND i.expires_at > \(now.storedValue)
                  AND c.status IN ('resolved', 'closed')
                  AND NOT EXISTS (SELECT 1 FROM survey_answers a WHERE a.token = i.token AND a.completed_at IS NOT NULL)
                  AND \(scope)
                ORDER BY i.issued_at, i.token COLLATE "C" LIMIT \(limit)
                """).compactMap(Self.invitation(_:))
        }
    }

    /// The columns ``invitation(_:)`` decodes, in its order.
    private static let invitationColumns = """
        i.token, i.tracking_id, i.survey_id, i.version, i.route, i.channel, i.category, i.segment, i.queue, i.issued_at, i.expires_at, i.answered_at
        """

    private static func invitation(token: String, connection c: PostgresConnection) async throws -> SurveyInvitation? {
        try await c.rows("SELECT \(unescaped: invitationColumns) FROM survey_invitations i WHERE i.token = \(token)")
            .first.flatMap(invitation(_:))
    }

    /// An invitation row; nil (skipped, as the SQLite store does) when its case id, route or channel is not one this build knows.
    private static func invitation(_ row: PostgresRow) throws -> SurveyInvitation? {
        let (token, trackingID, surveyID, version, route, channel, category, segment, queue, issuedAt, expiresAt, answeredAt) =
            try row.decode((String, String, String, Int, String, String, String?, String?, String?, Double, Double, Double?).self)
        guard let id = try? TrackingID(from: trackingID), let route = SurveyRoute(rawValue: route),
              let channel = SiangCore.Channel(rawValue: channel) else { return nil }
        return SurveyInvitation(
            token: token, trackingID: id, surveyID: surveyID, version: version, route: route, channel: channel, category: category,
            segment: segment.flatMap(Segment.init(rawValue:)), queue: queue, issuedAt: Date(stored: issuedAt),
            expiresAt: Date(stored: expiresAt), answeredAt: answeredAt.map(Date.init(stored:)))
    }

    // MARK: Answers

    public func recordSurveyAnswer(_ answer: NewSurveyAnswer, events: [CaseEvent], outbox: [OutboxMessage],
                                   limit: AddressLimit?) async throws(StoreError) -> SurveyRecordOutcome {
        let responseJSON = try encodeSurveyResponse(answer.response)
        let rows = try encode(events)
        let outbox = cipher.seal(outbox)
        return try await write { c in
            let outcome = try await insert(answer, responseJSON: responseJSON, limit: limit, connection: c)
            guard case .recorded = outcome else { return outcome }
            if let id = answer.trackingID, !rows.isEmpty {
                try await appendRows(rows, to: id, expectedEventCount: nil, outbox: outbox, connection: c)
            } else {
                try await insertOutbox(outbox, at: answer.answeredAt, connection: c)
            }
            return outcome
        }
    }

    public func recordSurveyAnswers(_ answers: [NewSurveyAnswer]) async throws(StoreError) -> [SurveyRecordOutcome] {
        let encoded = try answers.map { (a) throws(StoreError) in (a, try encodeSurveyResponse(a.response)) }
        return try await write { c in
            var outcomes: [SurveyRecordOutcome] = []
            for (answer, json) in encoded {
                outcomes.append(try await insert(answer, responseJSON: json, limit: nil, connection: c))
            }
            return outcomes
        }
    }

    /// Inserts one answer inside the caller's transaction, enforcing the rules of the protocol in the
    /// SQLite store's order: a repeated key first, then the invitation, then the address limit.
    func insert(_ a: NewSurveyAnswer, responseJSON: String, limit: AddressLimit?,
                        connection c: PostgresConnection) async throws -> SurveyRecordOutcome {
        if let key = a.key, let id = try await c.one("SELECT answer_id FROM survey_answer_keys WHERE key = \(key)", as: Int64.self) {
            return .repeated(answerID: id)
        }
        if let token = a.token {
            guard let invitation = try await Self.invitation(token: token, connection: c) else { return .unknownToken }
            if let existing = try await c.rows("SELECT completed_at FROM survey_answers WHERE token = \(token)").first {
                return try existing.decode(Double?.self) == nil ? .partiallyAnswered : .alreadyAnswered
            }
            guard !invitation.isExpired(at: a.answeredAt) else { return .expired }
        }
        if let limit {
            let now = a.answeredAt.storedValue
            try await c.exec("DELETE FROM survey_address_log WHERE at < \(now - 86_400)")
            let day = try await c.one("""
                SELECT count(*) FROM survey_address_log WHERE address_key = \(limit.addressKey) AND at > \(now - 86_400)
                """, as: Int.self) ?? 0
            let hour = try await c.one("""
                SELECT count(*) FROM survey_address_log WHERE address_key = \(limit.addressKey) AND at > \(now - 3_600)
                """, as: Int.self) ?? 0
            guard day < limit.maxPerDay, hour < limit.maxPerHour else { return .rateLimited }
            try await c.exec("INSERT INTO survey_address_log (address_key, at) VALUES (\(limit.addressKey), \(now))")
        }
        guard let id = try await c.one("""
            INSERT INTO survey_answers (token, survey_id, version, source, via, tracking_id, channel, category, segment, queue,
                service_point, answered_at, completed_at, overall, response)
            VALUES (\(a.token), \(a.surveyID), \(a.version), \(a.source), \(a.via), \(a.trackingID?.description), \(a.channel?.rawValue),
                \(a.category), \(a.segment?.rawValue), \(a.queue), \(a.servicePoint), \(a.answeredAt.storedValue),
                \(a.complete ? a.answeredAt.storedValue : nil), \(a.response.overall), \(responseJSON))
            RETURNING id
            """, as: Int64.self) else { throw StoreError.unavailable("the survey answer was not stored") }
        if let key = a.key {
            try await c.exec("INSERT INTO survey_answer_keys (key, answer_id) VALUES (\(key), \(id))")
        }
        if let token = a.token, a.complete {
            try await c.exec("UPDATE survey_invitations SET answered_at = \(a.answeredAt.storedValue) WHERE token = \(token)")
        }
        return .recorded(answerID: id)
    }

    public func completeSurveyAnswer(token: String, with response: SurveyResponse, via: String, at: Date, events: [CaseEvent],
                                     outbox: [OutboxMessage]) async throws(StoreError) -> SurveyRecordOutcome {
        let rows = try encode(events)
        let decoder = self.decoder
        let outbox = cipher.seal(outbox)
        return try await write { c in
            guard let invitation = try await Self.invitation(token: token, connection: c) else { return .unknownToken }
            guard let row = try await c.rows("""
                SELECT id, response, completed_at FROM survey_answers WHERE token = \(token) FOR UPDATE
                """).first else { return .unknownToken }
            let (id, stored, completedAt) = try row.decode((Int64, String, Double?).self)
            guard completedAt == nil else { return .alreadyAnswered }
            guard !invitation.isExpired(at: at) else { return .expired }
            let merged = try decoder.decode(SurveyResponse.self, from: Data(stored.utf8)).completed(with: response)
            // Sorted keys only, as the SQLite store writes a completed answer.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: try encoder.encode(merged), as: UTF8.self)
            try await c.exec("""
                UPDATE survey_answers SET response = \(json), overall = \(merged.overall), completed_at = \(at.storedValue),
                    via = via || '+' || \(via) WHERE id = \(id)
                """)
            try await c.exec("UPDATE survey_invitations SET answered_at = \(at.storedValue) WHERE token = \(token)")
            if !rows.isEmpty {
                try await appendRows(rows, to: invitation.trackingID, expectedEventCount: nil, outbox: outbox, connection: c)
            } else {
                try await insertOutbox(outbox, at: at, connection: c)
            }
            return .recorded(answerID: id)
        }
    }

    public func surveyAnswer(token: String) async throws(StoreError) -> StoredSurveyAnswer? {
        let decoder = self.decoder
        return try await read { c in
            guard let row = try await c.rows("""
                SELECT id, token, survey_id, version, source, via, tracking_id, channel, category, segment, queue, service_point,
                    answered_at, completed_at, response
                FROM survey_answers WHERE token = \(token)
                """).first else { return nil }
            let (id, token, surveyID, version, source, via, trackingID, channel, category, segment, queue, servicePoint,
                 answeredAt, completedAt, json) = try row.decode(
                    (Int64, String?, String, Int, String, String, String?, String?, String?, String?, String?, String?,
                     Double, Double?, String).self)
            let answer = NewSurveyAnswer(
                token: token, surveyID: surveyID, version: version, source: source, via: via,
                trackingID: trackingID.flatMap { try? TrackingID(from: $0) }, channel: channel.flatMap(SiangCore.Channel.init(rawValue:)),
                category: category, segment: segment.flatMap(Segment.init(rawValue:)), queue: queue, servicePoint: servicePoint,
                answeredAt: Date(stored: answeredAt), response: try decoder.decode(SurveyResponse.self, from: Data(json.utf8)),
                complete: completedAt != nil)
            return StoredSurveyAnswer(id: id, answer: answer, completedAt: completedAt.map(Date.init(stored:)))
        }
    }

    func encodeSurveyResponse(_ response: SurveyResponse) throws(StoreError) -> String {
        do { return try json(response) } catch { throw .unavailable("cannot encode the survey answer") }
    }

    // MARK: Facts for the aggregations

    /// Answers in `[from, to)` in time order (ties by id), with the dimensions their questionnaire
    /// version names, as `SurveyFactReader` reads them from SQLite.
    public func surveyFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyFact] {
        let decoder = self.decoder
        return try await read { c in
            var dimensions: [String: Set<String>] = [:]
            for definition in try await c.all("SELECT definition FROM survey_definitions", as: String.self) {
                let d = try decoder.decode(SurveyDefinition.self, from: Data(definition.utf8))
                dimensions["\(d.version) \(d.id)"] = Set(d.dimensionIDs)
            }
            var facts: [SurveyFact] = []
            for row in try await c.rows("""
                SELECT survey_id, version, source, tracking_id, channel, category, segment, queue, service_point, answered_at, response
                FROM survey_answers WHERE answered_at >= \(from.storedValue) AND answered_at < \(to.storedValue)
                ORDER BY answered_at, id
                """) {
                let (surveyID, version, source, trackingID, channel, category, segment, queue, servicePoint, answeredAt, json) =
                    try row.decode((String, Int, String, String?, String?, String?, String?, String?, String?, Double, String).self)
                let r = try decoder.decode(SurveyResponse.self, from: Data(json.utf8))
                let asked = dimensions["\(version) \(surveyID)"] ?? []
                facts.append(SurveyFact(
                    answeredAt: Date(stored: answeredAt), source: source, channel: channel.flatMap(SiangCore.Channel.init(rawValue:)),
                    category: category, segment: segment.flatMap(Segment.init(rawValue:)), queue: queue, servicePoint: servicePoint,
                    overall: r.overall, dimensions: r.ratings.filter { asked.contains($0.key) }, trust: r.trust,
                    recommend: r.recommend, reasons: r.reasons, trackingID: trackingID.map(TrackingID.init(storedCanonical:))))
            }
            return facts
        }
    }

    public func surveyInvitationFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyInvitationFact] {
        try await read { c in
            try await c.rows("""
                SELECT i.tracking_id, i.channel, i.category, i.segment, i.queue, i.issued_at, COALESCE(i.answered_at, a.answered_at),
                       a.id IS NOT NULL
                FROM survey_invitations i LEFT JOIN survey_answers a ON a.token = i.token
                WHERE i.issued_at >= \(from.storedValue) AND i.issued_at < \(to.storedValue) ORDER BY i.issued_at, i.token COLLATE "C"
                """).map { row in
                let (trackingID, channel, category, segment, queue, issuedAt, answeredAt, answered) =
                    try row.decode((String, String, String?, String?, String?, Double, Double?, Bool).self)
                return SurveyInvitationFact(
                    issuedAt: Date(stored: issuedAt), channel: SiangCore.Channel(rawValue: channel), category: category,
                    segment: segment.flatMap(Segment.init(rawValue:)), queue: queue, answered: answered,
                    answeredAt: answeredAt.map(Date.init(stored:)), trackingID: TrackingID(storedCanonical: trackingID))
            }
        }
    }
}
