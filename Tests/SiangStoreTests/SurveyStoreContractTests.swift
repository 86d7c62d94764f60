import Foundation
import SiangCore
import SiangPipeline
import Testing
@testable import SiangStore

/// The survey store's contract (``SurveyStore``) on SQLite and PostgreSQL: definitions, invitations,
/// call-backs, answers with their refusals and limits, and the facts the reports read, each figure
/// worked out by hand from the few rows a test writes.
@Suite struct SurveyStoreContractTests {
    let t0 = Date(timeIntervalSince1970: 1_759_300_000)

    // MARK: Fixture

    /// A case holding `events` (the first a `received`): through `create` on SQLite; on PostgreSQL,
    /// whose case writes are another slice, as a bare row whose events go through the shared
    /// `appendRows`, which refreshes the case's state as `create` does.
    func seedCase(_ store: any AgencyStore, _ id: TrackingID, _ events: [CaseEvent]) async throws {
        if let sqlite = store as? SQLiteStore {
            let intake = Intake(kind: .complaint, text: "ไฟฟ้าดับ", channel: .hotline, receivedAt: events[0].at)
            let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: nil, receivedAt: events[0].at, sla: nil)
            _ = try await sqlite.create(NewCase(trackingID: id, intake: intake, events: events, outbox: [], fingerprint: "f-\(id)",
                                                receipt: receipt))
        } else {
            let pg = try #require(store as? PostgresStore)
            let rows = try pg.encode(events)
            let at = events[0].at.storedValue
            try await pg.write { c in
                try await c.exec("""
                    INSERT INTO cases (tracking_id, kind, channel, status, priority, text, received_at, updated_at, event_count)
                    VALUES (\(id.description), 'complaint', 'hotline', 'received', 'normal', 'ไฟฟ้าดับ', \(at), \(at), 0)
                    """)
                try await pg.appendRows(rows, to: id, expectedEventCount: 0, outbox: .none, connection: c)
            }
        }
    }

    /// A hotline case in `queue` (category `category`), resolved an hour after it came in unless `resolved` is false.
    func seedHotlineCase(_ store: any AgencyStore, seed: UInt64, category: String? = "power", queue: String, assignee: String? = nil,
                         resolved: Bool = true) async throws -> TrackingID {
        let id = TrackingID.sample(seed: seed)
        var events = [CaseEvent(at: t0, actor: CaseEvent.citizen, change: .received(ReceivedChange(
                          kind: .complaint, channel: .hotline, category: category, segment: nil, priority: .normal))),
                      CaseEvent(at: t0 + 60, actor: "staff:a", change: .queueChanged(queue))]
        if let assignee { events.append(CaseEvent(at: t0 + 120, actor: "staff:a", change: .assigned(assignee))) }
        if resolved {
            events.append(CaseEvent(at: t0 + 3_600, actor: "staff:a", change: .statusChanged(StatusChange(from: .received, to: .resolved))))
        }
        try await seedCase(store, id, events)
        return id
    }

    func invitation(_ token: String, _ id: TrackingID, route: SurveyRoute = .email, issuedAt: Date? = nil,
                    days: Double = 30) -> SurveyInvitation {
        let issued = issuedAt ?? t0 + 3_600
        return SurveyInvitation(token: token, trackingID: id, surveyID: "case", version: 1, route: route, channel: .hotline,
                                category: "power", segment: .citizen, queue: "q-power", issuedAt: issued, expiresAt: issued + days * 86_400)
    }

    func answer(_ token: String?, _ id: TrackingID? = nil, at: Date, overall: Int = 4, complete: Bool = true, key: String? = nil,
                source: String = "case", via: String = "web") -> NewSurveyAnswer {
        NewSurveyAnswer(token: token, surveyID: "case", version: 1, source: source, via: via, trackingID: id, channel: .hotline,
                        category: "power", segment: .citizen, queue: "q-power", answeredAt: at,
                        response: SurveyResponse(ratings: [SurveyQuestion.overall: overall]), complete: complete, key: key)
    }

    // MARK: Definitions

    @Test(arguments: StoreKind.allCases) func aDefinitionKeepsItsFirstQuestions(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let surveys = try SiangConfiguration.defaults().surveys
        let d = try #require(surveys.current(surveys.caseSurvey))
        #expect(try await store.surveyDefinition(id: d.id, version: d.version) == nil)
        try await store.registerSurveyDefinition(d, at: t0)
        try await store.registerSurveyDefinition(d, at: t0 + 60)
        #expect(try await store.surveyDefinition(id: d.id, version: d.version) == d)
        #expect(try await store.surveyDefinition(id: d.id, version: d.version + 1) == nil)
        var changed = d
        changed.questions.removeLast()
        await #expect(throws: StoreError.self) { try await store.registerSurveyDefinition(changed, at: t0 + 120) }
        #expect(try await store.surveyDefinition(id: d.id, version: d.version) == d, "the refused wording did not replace the first")
        changed.version += 1
        try await store.registerSurveyDefinition(changed, at: t0 + 180)
        #expect(try await store.surveyDefinition(id: d.id, version: changed.version) == changed)
    }

    // MARK: Invitations and call-backs

    @Test(arguments: StoreKind.allCases) func invitationsAreReadByTokenAndByCaseOldestFirst(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let a = TrackingID.sample(seed: 1), b = TrackingID.sample(seed: 2)
        let late = invitation("tok-b-later-0123456789", a, issuedAt: t0 + 7_200)
        let tieB = invitation("tok-b-0123456789abcdef", a, issuedAt: t0 + 3_600)
        let tieA = invitation("tok-a-0123456789abcdef", a, issuedAt: t0 + 3_600)
        for i in [late, tieB, tieA, invitation("tok-other-0123456789", b)] { try await store.addSurveyInvitation(i) }
        #expect(try await store.surveyInvitation(token: tieB.token) == tieB)
        #expect(try await store.surveyInvitation(token: "tok-unknown") == nil)
        #expect(try await store.surveyInvitations(of: a) == [tieA, tieB, late])
        #expect(try await store.surveyInvitations(of: TrackingID.sample(seed: 3)).isEmpty)
        await #expect(throws: StoreError.self, "a token is issued once") { try await store.addSurveyInvitation(tieA) }
    }

    @Test(arguments: StoreKind.allCases) func callBacksAreTheOpenCallInvitationsOfResolvedCasesTheViewerMaySee(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let water = try await seedHotlineCase(store, seed: 1, queue: "q-water")
        let roads = try await seedHotlineCase(store, seed: 2, queue: "q-roads", assignee: "somchai")
        let bribe = try await seedHotlineCase(store, seed: 3, category: "corruption", queue: "q-roads")
        let open = try await seedHotlineCase(store, seed: 4, queue: "q-water", resolved: false)
        let answered = try await seedHotlineCase(store, seed: 5, queue: "q-water")
        let expired = try await seedHotlineCase(store, seed: 6, queue: "q-water")
        let emailed = try await seedHotlineCase(store, seed: 7, queue: "q-water")
        let issued = t0 + 3_600
        let calls = [invitation("tok-water-0123456789", water, route: .callback, issuedAt: issued + 3),
                     invitation("tok-roads-0123456789", roads, route: .callback, issuedAt: issued + 1),
                     invitation("tok-bribe-0123456789", bribe, route: .callback, issuedAt: issued + 2)]
        for i in calls { try await store.addSurveyInvitation(i) }
        try await store.addSurveyInvitation(invitation("tok-open-0123456789", open, route: .callback, issuedAt: issued))
        try await store.addSurveyInvitation(invitation("tok-answered-0123456789", answered, route: .callback, issuedAt: issued))
        try await store.addSurveyInvitation(invitation("tok-expired-0123456789", expired, route: .callback, issuedAt: issued - 86_400 * 40))
        try await store.addSurveyInvitation(invitation("tok-email-0123456789", emailed, route: .email, issuedAt: issued))
        #expect(try await store.recordSurveyAnswer(answer("tok-answered-0123456789", answered, at: issued + 60), events: [], outbox: [],
                                                   limit: nil) == .recorded(answerID: 1))
        let now = issued + 86_400
        // Oldest first: roads (+1), bribe (+2), water (+3).
        #expect(try await store.surveyCallBacks(now: now, limit: 10).map(\.token) == [calls[1].token, calls[2].token, calls[0].token])
        #expect(try await store.surveyCallBacks(now: now, limit: 2) == [calls[1], calls[2]])
        #expect(try await store.surveyCallBacks(now: issued + 3 + 30 * 86_400, limit: 10).isEmpty, "expired at now")
        func viewer(_ role: StaffRole, queues: Set<String> = [], username: String = "malee") -> StaffViewer {
            StaffViewer(username: username, role: role, memberQueues: queues, supervisedQueues: [], restrictedCategories: ["corruption"],
                        integrityQueue: "q-integrity")
        }
        #expect(try await store.surveyCallBacks(for: viewer(.agent, queues: ["q-water"]), now: now, limit: 10) == [calls[0]])
        #expect(try await store.surveyCallBacks(for: viewer(.agent, queues: ["q-roads"]), now: now, limit: 10) == [calls[1]],
                "an agent of the queue does not see its restricted case")
        #expect(try await store.surveyCallBacks(for: viewer(.agent, username: "somchai"), now: now, limit: 10) == [calls[1]],
                "the assignee sees the case outside their queues")
        #expect(try await store.surveyCallBacks(for: viewer(.admin), now: now, limit: 10) == [calls[1], calls[0]])
        #expect(try await store.surveyCallBacks(for: viewer(.integrity), now: now, limit: 10) == [calls[2]])
        #expect(try await store.surveyCallBacks(for: viewer(.analyst), now: now, limit: 10).isEmpty)
    }

    // MARK: Answers

    @Test(arguments: StoreKind.allCases) func anAnswerToAnInvitationIsRefusedWhenUnknownExpiredOrGiven(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = TrackingID.sample(seed: 1)
        let fresh = invitation("tok-fresh-0123456789", id), old = invitation("tok-old-0123456789", id, issuedAt: t0 - 86_400 * 40)
        try await store.addSurveyInvitation(fresh)
        try await store.addSurveyInvitation(old)
        #expect(try await store.recordSurveyAnswer(answer("tok-unknown", at: t0 + 7_200), events: [], outbox: [], limit: nil) == .unknownToken)
        #expect(try await store.recordSurveyAnswer(answer(old.token, at: t0 + 7_200), events: [], outbox: [], limit: nil) == .expired)
        #expect(try await store.surveyAnswer(token: old.token) == nil)
        #expect(try await store.recordSurveyAnswer(answer(fresh.token, at: t0 + 7_200, overall: 5), events: [], outbox: [], limit: nil)
                == .recorded(answerID: 1))
        #expect(try await store.surveyInvitation(token: fresh.token)?.answeredAt == t0 + 7_200)
        #expect(try await store.recordSurveyAnswer(answer(fresh.token, at: t0 + 7_300, overall: 1), events: [], outbox: [], limit: nil)
                == .alreadyAnswered)
        let stored = try #require(try await store.surveyAnswer(token: fresh.token))
        #expect(stored.id == 1 && stored.completedAt == t0 + 7_200 && stored.answer.response.overall == 5)
        #expect(stored.answer == answer(fresh.token, at: t0 + 7_200, overall: 5), "read back as given, without its key")
        #expect(try await store.surveyAnswer(token: "tok-unknown") == nil)
    }

    @Test(arguments: StoreKind.allCases) func aRepeatedKeyWritesNothingAndNamesTheFirstAnswer(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let first = answer(nil, at: t0, overall: 2, key: "import:paper:1", source: "import:paper", via: "import")
        #expect(try await store.recordSurveyAnswer(first, events: [], outbox: [], limit: nil) == .recorded(answerID: 1))
        var again = first
        again.response = SurveyResponse(ratings: [SurveyQuestion.overall: 5])
        #expect(try await store.recordSurveyAnswer(again, events: [], outbox: [], limit: nil) == .repeated(answerID: 1))
        #expect(try await store.recordSurveyAnswers([again, answer(nil, at: t0 + 1, key: "import:paper:2")])
                == [.repeated(answerID: 1), .recorded(answerID: 2)])
        let facts = try await store.surveyFacts(from: .distantPast, to: .distantFuture)
        #expect(facts.map(\.overall) == [2, 4], "the repeated answers wrote nothing")
    }

    @Test(arguments: StoreKind.allCases) func aBulkImportGivesAnOutcomePerAnswerInOneTransaction(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = TrackingID.sample(seed: 1)
        try await store.addSurveyInvitation(invitation("tok-bulk-0123456789", id))
        let outcomes = try await store.recordSurveyAnswers([
            answer(nil, at: t0 + 10, key: "k-1"),
            answer("tok-bulk-0123456789", id, at: t0 + 7_200),
            answer("tok-bulk-0123456789", id, at: t0 + 7_300),
            answer("tok-nowhere", at: t0 + 20),
            answer(nil, at: t0 + 30, key: "k-1"),
            answer(nil, at: t0 + 40),
        ])
        #expect(outcomes == [.recorded(answerID: 1), .recorded(answerID: 2), .alreadyAnswered, .unknownToken, .repeated(answerID: 1),
                             .recorded(answerID: 3)])
        #expect(try await store.surveyInvitation(token: "tok-bulk-0123456789")?.answeredAt == t0 + 7_200)
        #expect(try await store.surveyFacts(from: .distantPast, to: .distantFuture).map(\.answeredAt) == [t0 + 10, t0 + 40, t0 + 7_200])
        #expect(try await store.recordSurveyAnswers([]) == [])
    }

    @Test(arguments: StoreKind.allCases) func anAddressIsLimitedPerHourAndPerDay(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let limit = AddressLimit(addressKey: "addr-1", maxPerHour: 2, maxPerDay: 3)
        let other = AddressLimit(addressKey: "addr-2", maxPerHour: 2, maxPerDay: 3)
        func record(_ at: Date, _ limit: AddressLimit) async throws -> SurveyRecordOutcome {
            try await store.recordSurveyAnswer(answer(nil, at: at, source: "service_point"), events: [], outbox: [], limit: limit)
        }
        #expect(try await record(t0, limit) == .recorded(answerID: 1))
        #expect(try await record(t0 + 10, limit) == .recorded(answerID: 2))
        #expect(try await record(t0 + 20, limit) == .rateLimited, "two in the hour")
        #expect(try await record(t0 + 20, other) == .recorded(answerID: 3), "another address has its own count")
        // An hour after the first: one in the last hour (t0 + 10), two in the day.
        #expect(try await record(t0 + 3_601, limit) == .recorded(answerID: 4))
        #expect(try await record(t0 + 7_300, limit) == .rateLimited, "three in the day")
        // A day after the second: only t0 + 3 601 is left in the day.
        #expect(try await record(t0 + 86_410, limit) == .recorded(answerID: 5))
        #expect(try await store.surveyFacts(from: .distantPast, to: .distantFuture).count == 5, "a refused answer is not written")
    }

    @Test(arguments: StoreKind.allCases) func anAnswerWithEventsIsWrittenWithItsCaseOrNotAtAll(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = try await seedHotlineCase(store, seed: 1, queue: "q-power")
        try await store.addSurveyInvitation(invitation("tok-case-0123456789", id))
        let note = [CaseEvent(at: t0 + 7_200, actor: "citizen", change: .internalNote("ตอบแบบสอบถามแล้ว"))]
        // Events for a case the store does not hold: refused, and the answer is not kept either.
        let stranger = TrackingID.sample(seed: 9)
        try await store.addSurveyInvitation(invitation("tok-stranger-0123456789", stranger))
        await #expect(throws: StoreError.notFound) {
            _ = try await store.recordSurveyAnswer(answer("tok-stranger-0123456789", stranger, at: t0 + 7_200), events: note, outbox: [],
                                                   limit: nil)
        }
        #expect(try await store.surveyAnswer(token: "tok-stranger-0123456789") == nil)
        #expect(try await store.surveyInvitation(token: "tok-stranger-0123456789")?.answeredAt == nil)
        // The id is the store's own (SQLite may give the rolled-back insert's id again, a PostgreSQL sequence does not).
        let outcome = try await store.recordSurveyAnswer(answer("tok-case-0123456789", id, at: t0 + 7_200), events: note, outbox: [],
                                                         limit: nil)
        guard case .recorded = outcome else { Issue.record("not recorded: \(outcome)"); return }
        #expect(try await store.surveyAnswer(token: "tok-case-0123456789")?.completedAt == t0 + 7_200)
    }

    @Test(arguments: StoreKind.allCases) func aPartialAnswerIsCompletedOnce(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = TrackingID.sample(seed: 1)
        try await store.addSurveyInvitation(invitation("tok-line-0123456789", id, route: .line))
        try await store.addSurveyInvitation(invitation("tok-none-0123456789", id, route: .line))
        #expect(try await store.completeSurveyAnswer(token: "tok-line-0123456789", with: SurveyResponse(), via: "web", at: t0 + 7_200,
                                                     events: [], outbox: []) == .unknownToken, "no partial answer yet")
        #expect(try await store.recordSurveyAnswer(answer("tok-line-0123456789", id, at: t0 + 7_200, overall: 2, complete: false, via: "line"),
                                                   events: [], outbox: [], limit: nil) == .recorded(answerID: 1))
        #expect(try await store.surveyInvitation(token: "tok-line-0123456789")?.answeredAt == nil, "a partial answer leaves it open")
        #expect(try await store.recordSurveyAnswer(answer("tok-line-0123456789", id, at: t0 + 7_250), events: [], outbox: [], limit: nil)
                == .partiallyAnswered)
        let rest = SurveyResponse(ratings: [SurveyQuestion.overall: 5, SurveyQuestion.trust: 3], reasons: ["delay"], comment: "ขอบคุณ")
        #expect(try await store.completeSurveyAnswer(token: "tok-line-0123456789", with: rest, via: "web", at: t0 + 7_300,
                                                     events: [], outbox: []) == .recorded(answerID: 1))
        let stored = try #require(try await store.surveyAnswer(token: "tok-line-0123456789"))
        #expect(stored.completedAt == t0 + 7_300 && stored.answer.via == "line+web" && stored.answer.answeredAt == t0 + 7_200)
        #expect(stored.answer.response.overall == 2, "what the partial answer held is kept")
        #expect(stored.answer.response.trust == 3 && stored.answer.response.reasons == ["delay"])
        #expect(try await store.surveyInvitation(token: "tok-line-0123456789")?.answeredAt == t0 + 7_300)
        #expect(try await store.completeSurveyAnswer(token: "tok-line-0123456789", with: rest, via: "web", at: t0 + 7_400,
                                                     events: [], outbox: []) == .alreadyAnswered)
        #expect(try await store.completeSurveyAnswer(token: "tok-unknown", with: rest, via: "web", at: t0 + 7_400,
                                                     events: [], outbox: []) == .unknownToken)
        #expect(try await store.recordSurveyAnswer(answer("tok-none-0123456789", id, at: t0 + 7_200, complete: false), events: [],
                                                   outbox: [], limit: nil) == .recorded(answerID: 2))
        #expect(try await store.completeSurveyAnswer(token: "tok-none-0123456789", with: rest, via: "web", at: t0 + 3_600 + 31 * 86_400,
                                                     events: [], outbox: []) == .expired)
    }

    // MARK: Facts

    @Test(arguments: StoreKind.allCases) func factsAreTheAnswersOfTheWindowInTimeOrder(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let surveys = try SiangConfiguration.defaults().surveys
        let d = try #require(surveys.current(surveys.caseSurvey))
        try await store.registerSurveyDefinition(d, at: t0)
        let dimension = try #require(d.dimensionIDs.first)
        let id = TrackingID.sample(seed: 1)
        func given(_ at: Date, _ ratings: [String: Int], reasons: [String] = [], survey: String? = nil) -> NewSurveyAnswer {
            NewSurveyAnswer(token: nil, surveyID: survey ?? d.id, version: d.version, source: "case", via: "web", trackingID: id,
                            channel: .line, category: "power", segment: .business, queue: "q-power", answeredAt: at,
                            response: SurveyResponse(ratings: ratings, reasons: reasons))
        }
        _ = try await store.recordSurveyAnswers([
            given(t0 + 100, [SurveyQuestion.overall: 3]),
            given(t0, [SurveyQuestion.overall: 5, dimension: 4, "not_asked": 2, SurveyQuestion.trust: 1], reasons: ["delay", "other"]),
            given(t0 + 100, [SurveyQuestion.overall: 1, dimension: 2], survey: "unregistered"),
            given(t0 + 200, [SurveyQuestion.overall: 2]),
        ])
        let all = try await store.surveyFacts(from: t0, to: t0 + 200)
        #expect(all.map(\.overall) == [5, 3, 1], "time order, ties in the order stored; `to` excluded")
        #expect(all[0] == SurveyFact(answeredAt: t0, source: "case", channel: .line, category: "power", segment: .business,
                                     queue: "q-power", overall: 5, dimensions: [dimension: 4], trust: 1, reasons: ["delay", "other"],
                                     trackingID: id))
        #expect(all[2].dimensions.isEmpty, "a questionnaire the store does not hold names no dimension")
        #expect(try await store.surveyFacts(from: t0 + 1, to: t0 + 201).map(\.overall) == [3, 1, 2])
        #expect(try await store.surveyFacts(from: t0 + 300, to: t0 + 400).isEmpty)
        #expect(try await store.surveyFactColumns(from: t0, to: t0 + 200).facts == all)
    }

    @Test(arguments: StoreKind.allCases) func invitationFactsSayWhetherAndWhenEachWasAnswered(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let a = TrackingID.sample(seed: 1), b = TrackingID.sample(seed: 2), c = TrackingID.sample(seed: 3)
        try await store.addSurveyInvitation(invitation("tok-a-0123456789", a, issuedAt: t0))
        try await store.addSurveyInvitation(invitation("tok-b-0123456789", b, issuedAt: t0 + 10))
        try await store.addSurveyInvitation(invitation("tok-c-0123456789", c, issuedAt: t0 + 20))
        _ = try await store.recordSurveyAnswer(answer("tok-a-0123456789", a, at: t0 + 500), events: [], outbox: [], limit: nil)
        _ = try await store.recordSurveyAnswer(answer("tok-b-0123456789", b, at: t0 + 600, complete: false), events: [], outbox: [], limit: nil)
        let facts = try await store.surveyInvitationFacts(from: t0, to: t0 + 20)
        #expect(facts == [
            SurveyInvitationFact(issuedAt: t0, channel: .hotline, category: "power", segment: .citizen, queue: "q-power", answered: true,
                                 answeredAt: t0 + 500, trackingID: a),
            SurveyInvitationFact(issuedAt: t0 + 10, channel: .hotline, category: "power", segment: .citizen, queue: "q-power",
                                 answered: true, answeredAt: t0 + 600, trackingID: b),
        ], "a partial answer counts, its time standing in; `to` excluded")
        #expect(try await store.surveyInvitationFacts(from: t0 + 20, to: t0 + 21).map(\.answered) == [false])
    }
}
