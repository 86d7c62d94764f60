import Foundation
import GRDB
import Testing
import SiangCore
import SiangPipeline
import SiangTestSupport
@testable import SiangStore

/// The survey facts a report reads come out of ``SurveyFactReader`` exactly as GRDB rows decoded with
/// `JSONDecoder` gave them, whatever the answer holds and whichever way its JSON was read.
@Suite struct SurveyFactReaderTests {
    let start = Date(timeIntervalSince1970: 1_759_300_000)

    /// The facts as the store read them before ``SurveyFactReader``: every column through GRDB's `Row`,
    /// the response through `JSONDecoder`.
    func decodedFacts(_ store: SQLiteStore, from: Date, to: Date) async throws -> [SurveyFact] {
        let decoder = store.decoder
        return try await store.pool.read { db in
            var dimensions: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT survey_id, version, definition FROM survey_definitions") {
                let d = try decoder.decode(SurveyDefinition.self, from: Data((row["definition"] as String).utf8))
                dimensions["\(d.id)/\(d.version)"] = d.dimensionIDs
            }
            return try Row.fetchAll(db, sql: """
                SELECT survey_id, version, source, tracking_id, channel, category, segment, queue, service_point, answered_at, response
                FROM survey_answers WHERE answered_at >= ? AND answered_at < ? ORDER BY answered_at, id
                """, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970]).map { row in
                let r = try decoder.decode(SurveyResponse.self, from: Data((row["response"] as String).utf8))
                let dims = dimensions["\(row["survey_id"] as String)/\(row["version"] as Int)"] ?? []
                return SurveyFact(
                    answeredAt: Date(timeIntervalSince1970: row["answered_at"]), source: row["source"],
                    channel: (row["channel"] as String?).flatMap(Channel.init(rawValue:)), category: row["category"],
                    segment: (row["segment"] as String?).flatMap(Segment.init(rawValue:)), queue: row["queue"],
                    servicePoint: row["service_point"], overall: r.overall,
                    dimensions: r.ratings.filter { dims.contains($0.key) }, trust: r.trust, recommend: r.recommend, reasons: r.reasons,
                    trackingID: (row["tracking_id"] as String?).map(TrackingID.init(storedCanonical:)))
            }
        }
    }

    /// The invitation facts as the store read them before ``SurveyInvitationFactReader``.
    func decodedInvitationFacts(_ store: SQLiteStore, from: Date, to: Date) async throws -> [SurveyInvitationFact] {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.tracking_id, i.channel, i.category, i.segment, i.queue, i.issued_at,
                       COALESCE(i.answered_at, (SELECT MIN(a.answered_at) FROM survey_answers a WHERE a.token = i.token)) AS answered_at,
                       EXISTS (SELECT 1 FROM survey_answers a WHERE a.token = i.token) AS answered
                FROM survey_invitations i WHERE i.issued_at >= ? AND i.issued_at < ? ORDER BY i.issued_at
                """, arguments: [from.timeIntervalSince1970, to.timeIntervalSince1970]).map { row in
                SurveyInvitationFact(issuedAt: Date(timeIntervalSince1970: row["issued_at"]), channel: Channel(rawValue: row["channel"]),
                                     category: row["category"], segment: (row["segment"] as String?).flatMap(Segment.init(rawValue:)),
                                     queue: row["queue"], answered: row["answered"],
                                     answeredAt: (row["answered_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
                                     trackingID: (row["tracking_id"] as String?).map(TrackingID.init(storedCanonical:)))
            }
        }
    }

    /// A store holding answers with every field a fact reads: case surveys with and without reasons,
    /// comments (Thai, quoted, with a slash), choices, dimensions, trust and recommendation, service
    /// points, imports, anonymous answers, a partial LINE rating and one completed later, an answer of
    /// a questionnaire the store does not hold, and values outside the closed sets.
    func fixture() async throws -> SQLiteStore {
        let (store, _) = try temporaryStore()
        try await fill(store)
        // Values the closed sets do not know read as nil, as before.
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE survey_answers SET channel = 'fax', segment = 'alien' WHERE source = 'import:old'")
        }
        return store
    }

    /// The fixture's answers and invitations, written through the store protocol.
    func fill(_ store: any AgencyStore) async throws {
        let surveys = try SiangConfiguration.defaults().surveys
        for d in surveys.definitions { try await store.registerSurveyDefinition(d, at: start) }
        let caseSurvey = try #require(surveys.current(surveys.caseSurvey))
        let dims = caseSurvey.dimensionIDs
        #expect(!dims.isEmpty, "the shipped case survey has dimensions, so the fixture checks them")
        let a = TrackingID.sample(seed: 1), b = TrackingID.sample(seed: 2)
        var ratings = [SurveyQuestion.overall: 2, SurveyQuestion.trust: 3, SurveyQuestion.recommend: 1, "not_a_dimension": 4]
        for (n, d) in dims.enumerated() { ratings[d] = 1 + n % 5 }
        let answers = [
            NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "case", via: "web", trackingID: a,
                            channel: .web, category: "water", segment: .citizen, queue: "q-water", answeredAt: start,
                            response: SurveyResponse(ratings: ratings, choices: [SurveyQuestion.frequency: "first"],
                                                     reasons: ["delay", "other", "delay"], reasonText: "รอนาน", comment: "ช้ามาก ไม่มีใครโทรกลับ")),
            NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "case", via: "api", trackingID: b,
                            channel: .email, category: nil, segment: nil, queue: nil, answeredAt: start + 10,
                            response: SurveyResponse(ratings: [SurveyQuestion.overall: 5], comment: "ตอบ \"ดีมาก\"\nขอบคุณ")),
            NewSurveyAnswer(token: nil, surveyID: surveys.servicePointSurvey, version: 1, source: "service_point", via: "web",
                            servicePoint: "counter-1", answeredAt: start + 20,
                            response: SurveyResponse(ratings: [SurveyQuestion.overall: 4, SurveyQuestion.trust: 5],
                                                     choices: [SurveyQuestion.segment: "business"], comment: "a/b")),
            NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "import:paper-2567", via: "import",
                            channel: .hotline, category: "roads", segment: .business, queue: "q-roads", servicePoint: "counter-2",
                            answeredAt: start + 20, response: SurveyResponse(ratings: [SurveyQuestion.overall: 1], reasons: ["staff_manner"]),
                            key: "import:paper-2567:1"),
            NewSurveyAnswer(token: nil, surveyID: "retired-survey", version: 7, source: "import:old", via: "import", channel: .walkIn,
                            answeredAt: start + 30, response: SurveyResponse(ratings: ["speed": 2, SurveyQuestion.overall: 3])),
            NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "service_point", via: "web",
                            answeredAt: start + 40, response: SurveyResponse()),
        ]
        for outcome in try await store.recordSurveyAnswers(answers) {
            guard case .recorded = outcome else { Issue.record("not recorded: \(outcome)"); continue }
        }
        // A LINE rating (partial) completed on the survey page: the completion is written by another encoder.
        let c = TrackingID.sample(seed: 3)
        try await store.addSurveyInvitation(SurveyInvitation(
            token: "tok-unanswered-0123456789", trackingID: TrackingID.sample(seed: 5), surveyID: caseSurvey.id, version: caseSurvey.version,
            route: .email, channel: .email, category: nil, segment: nil, queue: nil, issuedAt: start + 5, expiresAt: start + 30 * 86_400))
        for (n, id) in [c, TrackingID.sample(seed: 4)].enumerated() {
            let token = "tok-\(n)-0123456789abcdef"
            try await store.addSurveyInvitation(SurveyInvitation(
                token: token, trackingID: id, surveyID: caseSurvey.id, version: caseSurvey.version, route: .line, channel: .line,
                category: "noise", segment: .citizen, queue: "q-noise", issuedAt: start, expiresAt: start + 30 * 86_400))
            let partial = NewSurveyAnswer(token: token, surveyID: caseSurvey.id, version: caseSurvey.version, source: "case", via: "line",
                                          trackingID: id, channel: .line, category: "noise", segment: .citizen, queue: "q-noise",
                                          answeredAt: start + 50 + Double(n), response: SurveyResponse(ratings: [SurveyQuestion.overall: 2]),
                                          complete: false)
            _ = try await store.recordSurveyAnswer(partial, events: [], outbox: [], limit: nil)
        }
        _ = try await store.completeSurveyAnswer(token: "tok-0-0123456789abcdef", with: SurveyResponse(
            ratings: [SurveyQuestion.trust: 2], reasons: ["no_update"], comment: "https://example.invalid/ที่นี่"), via: "web",
                                                  at: start + 60, events: [], outbox: [])
        // Answers stored after later ones: the facts come in time order, ties in the order stored.
        let late = [start + 20, start - 5, start + 86_400 * 1_000].map { at in
            NewSurveyAnswer(token: nil, surveyID: caseSurvey.id, version: caseSurvey.version, source: "import:late", via: "import",
                            answeredAt: at, response: SurveyResponse(ratings: [SurveyQuestion.overall: 3]))
        }
        _ = try await store.recordSurveyAnswers(late)
    }

    @Test func theReaderGivesTheFactsTheDecoderGave() async throws {
        let store = try await fixture()
        let facts = try await store.surveyFacts(from: .distantPast, to: .distantFuture)
        let expected = try await decodedFacts(store, from: .distantPast, to: .distantFuture)
        #expect(facts.count == 11)
        #expect(facts == expected)
        #expect(facts.map(\.answeredAt) == facts.map(\.answeredAt).sorted())
        // The fixture is not vacuous: the fields the metrics read are there.
        #expect(facts.contains { !$0.dimensions.isEmpty } && facts.contains { $0.reasons == ["delay", "other", "delay"] })
        #expect(facts.contains { $0.trackingID == nil && $0.servicePoint == "counter-1" && $0.trust == 5 })
        #expect(facts.contains { $0.source == "import:old" && $0.channel == nil && $0.segment == nil && $0.dimensions.isEmpty })
        #expect(facts.contains { $0.overall == 2 && $0.trust == 2 && $0.reasons == ["no_update"] }, "the completed LINE rating")
        // A window reads only its answers, from inclusive, to exclusive: a short one through the time
        // index, a long one in the table's order.
        for (from, to, count) in [(start + 10, start + 40, 5), (start - 5, start + 86_400 * 600, 10)] {
            let window = try await store.surveyFacts(from: from, to: to)
            #expect(window == expected.filter { $0.answeredAt >= from && $0.answeredAt < to })
            #expect(window.count == count)
            let scans = try await store.pool.read { db in
                try SurveyFactReader.readsMostAnswers(from: from.timeIntervalSince1970, to: to.timeIntervalSince1970, db: db)
            }
            #expect(scans == (count == 10))
        }
    }

    @Test func theInvitationReaderGivesTheFactsTheQueryGave() async throws {
        let store = try await fixture()
        let facts = try await store.surveyInvitationFacts(from: .distantPast, to: .distantFuture)
        #expect(facts == (try await decodedInvitationFacts(store, from: .distantPast, to: .distantFuture)))
        #expect(facts.count == 3)
        #expect(facts.filter(\.answered).count == 2, "the completed and the partial answer")
        #expect(facts.contains { $0.answered && $0.answeredAt == start + 60 } && facts.contains { !$0.answered && $0.answeredAt == nil })
        #expect(facts.contains { $0.answered && $0.answeredAt == start + 51 }, "a partial answer's time stands in for the invitation's")
        #expect(try await store.surveyInvitationFacts(from: start + 1, to: start + 6) == [facts[2]])
    }

    /// The PostgreSQL store, decoding its rows, gives the facts the SQLite readers give on the same fixture.
    @Test func thePostgresStoreGivesTheFactsTheReadersGive() async throws {
        let sqlite = try await fixture()
        let pg = try await PostgresStore(url: try TestPostgres.freshDatabaseURL(), cipher: .forTests, maxConnections: 4, connectTimeout: TestPostgres.connectTimeout)
        try await fill(pg)
        try await pg.write { c in
            try await c.exec("UPDATE survey_answers SET channel = 'fax', segment = 'alien' WHERE source = 'import:old'")
        }
        for (from, to) in [(Date.distantPast, Date.distantFuture), (start + 10, start + 40), (start - 5, start + 86_400 * 600)] {
            let facts = try await pg.surveyFacts(from: from, to: to)
            #expect(facts == (try await sqlite.surveyFacts(from: from, to: to)))
            #expect(try await pg.surveyInvitationFacts(from: from, to: to) == (try await sqlite.surveyInvitationFacts(from: from, to: to)))
        }
        #expect(try await pg.surveyFacts(from: .distantPast, to: .distantFuture).count == 11)
    }

    @Test func aDamagedAnswerFailsTheReadAsTheDecoderDid() async throws {
        let store = try await fixture()
        for damaged in ["{\"ratings\":{\"overall\":5}}", "{\"choices\":{},\"ratings\":{\"overall\":\"5\"},\"reasons\":[]}", "not json"] {
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE survey_answers SET response = ? WHERE id = 1", arguments: [damaged])
            }
            await #expect(throws: StoreError.self, "\(damaged)") { _ = try await store.surveyFacts(from: .distantPast, to: .distantFuture) }
        }
    }
}
