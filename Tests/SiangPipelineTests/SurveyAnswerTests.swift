import Foundation
import Testing
import SiangCore
import SiangPipeline
import SiangStore

@Suite struct SurveyAnswerTests {
    let day: TimeInterval = 86_400
    let user = "U4af4980629abcdef0123456789abcdef"

    func lineCase(_ f: SurveyFixture) async throws -> (TrackingID, String, Date) {
        let id = try await f.file(channel: .line, contact: Contact(lineUserID: user))
        let at = SurveyFixture.start.addingTimeInterval(day)
        try await f.resolve(id, at: at)
        return (id, try await f.invitation(id).token, at)
    }

    @Test func aRedeliveredPostbackIsRecordedOnce() async throws {
        let f = try SurveyFixture()
        let (id, token, at) = try await lineCase(f)
        let data = SurveyAnswers.postbackData(token: token, overall: 4)
        #expect(data == "survey=\(token)&overall=4")
        let first = try await SurveyAnswers.recordPostback(data: data, lineUserID: user, webhookEventID: "01HXYZEVENT0001", store: f.store,
                                                           configuration: f.configuration, at: at.addingTimeInterval(60))
        guard case .recorded(let reply) = first else { Issue.record("\(first)"); return }
        #expect(reply.contains("ระดับ 4 จาก 5") && reply.contains("https://voice.example.go.th/survey/\(token)"))
        // LINE delivers the same event again (isRedelivery): nothing new is stored.
        let again = try await f.answers.recordPostback(data: data, lineUserID: user, webhookEventID: "01HXYZEVENT0001", at: at.addingTimeInterval(120))
        guard case .repeated = again else { Issue.record("\(again)"); return }
        // A second press of another button is a new event: the rating stays as first given.
        let other = try await f.answers.recordPostback(data: SurveyAnswers.postbackData(token: token, overall: 1), lineUserID: user,
                                                       webhookEventID: "01HXYZEVENT0002", at: at.addingTimeInterval(180))
        guard case .alreadyAnswered = other else { Issue.record("\(other)"); return }
        let facts = try await f.store.surveyFacts(from: at, to: at.addingTimeInterval(day))
        #expect(facts.count == 1)
        #expect(facts.first?.overall == 4 && facts.first?.channel == .line)
        let stored = try #require(try await f.store.surveyAnswer(token: token))
        #expect(stored.answer.via == "line" && stored.completedAt == nil && stored.answer.trackingID == id)
        #expect(try await f.recoveryOutbox().isEmpty)
    }

    @Test func aDissatisfiedRatingRaisesServiceRecoveryOnceForTheQueuesSupervisors() async throws {
        let f = try SurveyFixture()
        let (id, token, at) = try await lineCase(f)
        for _ in 0..<2 {
            _ = try await f.answers.recordPostback(data: SurveyAnswers.postbackData(token: token, overall: 1), lineUserID: user,
                                                   webhookEventID: "01HXYZEVENT0009", at: at.addingTimeInterval(60))
        }
        let notes = try await f.store.events(of: id).compactMap { e -> String? in
            if case .internalNote(let n) = e.change, e.actor == CaseEvent.system, n.contains("Service Recovery") { return n }
            return nil
        }
        #expect(notes.count == 1)
        #expect(notes.first?.contains("ระดับ 1 จาก 5") == true)
        let rows = try await f.recoveryOutbox()
        #expect(rows.count == 1)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(rows[0].payload.utf8)) as? [String: Any])
        let queue = try #require(try await f.store.record(id)).state.queue
        #expect(payload["queue"] as? String == queue)
        #expect(payload["overall"] as? Int == 1)
        #expect(!rows[0].payload.contains(user), "no LINE user ID in the recovery row")
        if queue == "engineering" { #expect(payload["supervisors"] as? [String] == ["boss"]) }

        // The rest of the survey on the page: reasons are required after a rating of 1, and then added to the case.
        let missing = try await f.answers.submit(token: token, response: SurveyResponse(ratings: ["process": 2]), via: "web", at: at.addingTimeInterval(600))
        guard case .invalid(let problems) = missing else { Issue.record("\(missing)"); return }
        #expect(problems.map(\.field) == ["reasons"])
        let done = try await f.answers.submit(token: token, response: SurveyResponse(ratings: ["overall": 5, "process": 2], reasons: ["delay", "no_update"],
                                                                                     comment: "รอนานมาก"), via: "web", at: at.addingTimeInterval(700))
        #expect(done == .recorded(dissatisfied: true))
        let stored = try #require(try await f.store.surveyAnswer(token: token))
        #expect(stored.answer.response.overall == 1, "the LINE rating is kept")
        #expect(stored.answer.response.reasons == ["delay", "no_update"])
        #expect(stored.completedAt != nil)
        #expect(try await f.recoveryOutbox().count == 1)
        let reasonNote = try await f.store.events(of: id).contains { e in
            if case .internalNote(let n) = e.change { return n.contains("ล่าช้า, ไม่ได้รับแจ้งความคืบหน้า") }
            return false
        }
        #expect(reasonNote)
        #expect(try await f.answers.submit(token: token, response: SurveyResponse(ratings: ["overall": 3]), via: "web", at: at.addingTimeInterval(800))
            == .alreadyAnswered)
    }

    @Test func postbacksThatAreNotOursOrAreWrongAreAnsweredPlainly() async throws {
        let f = try SurveyFixture()
        let (_, token, at) = try await lineCase(f)
        #expect(try await f.answers.recordPostback(data: "action=track", lineUserID: user, webhookEventID: "e1", at: at) == .notSurvey)
        #expect(SurveyAnswers.isSurveyPostback("survey=abc&overall=3"))
        let bad = try await f.answers.recordPostback(data: "survey=\(token)&overall=9", lineUserID: user, webhookEventID: "e2", at: at)
        guard case .invalid = bad else { Issue.record("\(bad)"); return }
        let stranger = try await f.answers.recordPostback(data: SurveyAnswers.postbackData(token: token, overall: 5), lineUserID: "Uother",
                                                          webhookEventID: "e3", at: at)
        guard case .unknown = stranger else { Issue.record("\(stranger)"); return }
        let expired = try await f.answers.recordPostback(data: SurveyAnswers.postbackData(token: token, overall: 5), lineUserID: user,
                                                         webhookEventID: "e4", at: at.addingTimeInterval(31 * day))
        guard case .expired(let reply) = expired else { Issue.record("\(expired)"); return }
        #expect(reply.contains("หมดเวลา"))
        #expect(try await f.store.surveyAnswer(token: token) == nil)
    }

    @Test func aDissatisfiedWebAnswerNeedsReasonsAndReachesTheSupervisors() async throws {
        let f = try SurveyFixture()
        let id = try await f.file(contact: Contact(name: "นางสาวมาลี ดีใจ", phone: "0891112222"))
        let at = SurveyFixture.start.addingTimeInterval(day)
        try await f.resolve(id, at: at)
        let token = try await f.invitation(id).token
        let noReasons = try await f.answers.submit(token: token, response: SurveyResponse(ratings: ["overall": 2, "staff": 1]), via: "web", at: at)
        #expect(noReasons == .invalid([FieldError("reasons", .required, th: "โปรดเลือกสาเหตุที่ท่านไม่พึงพอใจอย่างน้อย 1 ข้อ",
                                                  en: "Please choose at least one reason for your dissatisfaction.")]))
        #expect(try await f.store.surveyAnswer(token: token) == nil)
        let ok = try await f.answers.submit(token: token, response: SurveyResponse(ratings: ["overall": 2, "staff": 1], reasons: ["staff_manner", "other"],
                                                                                   reasonText: "ไม่มีที่จอดรถ"), via: "web", at: at)
        #expect(ok == .recorded(dissatisfied: true))
        #expect(try await f.recoveryOutbox().count == 1)
        let note = try await f.store.events(of: id).last
        if case .internalNote(let text) = note?.change {
            #expect(text.contains("กิริยามารยาทเจ้าหน้าที่, อื่น ๆ (ไม่มีที่จอดรถ)"))
        } else {
            Issue.record("the last event should be the service-recovery note")
        }
    }

    @Test func serviceRecoveryOfAServicePointNamesThePointNotAPerson() async throws {
        let f = try SurveyFixture(extraYAML: """
            surveys:
              servicePoints:
                - {code: ONESTOP, th: ศูนย์บริการแบบเบ็ดเสร็จ, en: One-stop service centre, unit: สำนักปลัด, queue: administration}
            """)
        let at = SurveyFixture.start
        let limit = AddressLimit(addressKey: "k1", maxPerHour: 2, maxPerDay: 3)
        let unhappy = SurveyResponse(ratings: ["overall": 1], choices: ["segment": "vulnerable"], reasons: ["facilities"])
        #expect(try await f.answers.submitServicePoint(code: "onestop", response: unhappy, at: at, key: "n1", limit: limit) == .recorded(dissatisfied: true))
        // The same form posted twice is one answer.
        #expect(try await f.answers.submitServicePoint(code: "ONESTOP", response: unhappy, at: at, key: "n1", limit: limit) == .recorded(dissatisfied: true))
        let rows = try await f.recoveryOutbox()
        #expect(rows.count == 1)
        #expect(rows[0].payload.contains("\"servicePoint\":\"ONESTOP\"") && rows[0].payload.contains("\"unit\":\"สำนักปลัด\""))
        let needsSegment = try await f.answers.submitServicePoint(code: "ONESTOP", response: SurveyResponse(ratings: ["overall": 5]), at: at, key: "n2", limit: limit)
        guard case .invalid(let p) = needsSegment else { Issue.record("\(needsSegment)"); return }
        #expect(p.map(\.field) == ["segment"])
        let happy = SurveyResponse(ratings: ["overall": 5], choices: ["segment": "business"])
        #expect(try await f.answers.submitServicePoint(code: "ONESTOP", response: happy, at: at.addingTimeInterval(60), key: "n3", limit: limit) == .recorded(dissatisfied: false))
        // Two from this address this hour: the third is refused; another address is not.
        #expect(try await f.answers.submitServicePoint(code: "ONESTOP", response: happy, at: at.addingTimeInterval(120), key: "n4", limit: limit) == .rateLimited)
        let other = AddressLimit(addressKey: "k2", maxPerHour: 2, maxPerDay: 3)
        #expect(try await f.answers.submitServicePoint(code: "ONESTOP", response: happy, at: at.addingTimeInterval(120), key: "n5", limit: other) == .recorded(dissatisfied: false))
        // An hour later one more is allowed (3 a day), then the day's limit holds.
        #expect(try await f.answers.submitServicePoint(code: "ONESTOP", response: happy, at: at.addingTimeInterval(3700), key: "n6", limit: limit) == .recorded(dissatisfied: false))
        #expect(try await f.answers.submitServicePoint(code: "ONESTOP", response: happy, at: at.addingTimeInterval(8000), key: "n7", limit: limit) == .rateLimited)
        #expect(try await f.answers.submitServicePoint(code: "NOPE", response: happy, at: at, key: "n8", limit: limit) == .unknown)
        let facts = try await f.store.surveyFacts(from: at, to: at.addingTimeInterval(day))
        #expect(facts.count == 4)
        #expect(facts.allSatisfy { $0.servicePoint == "ONESTOP" && $0.source == "service_point" && $0.channel == .walkIn && $0.queue == "administration" })
        #expect(facts.map(\.segment) == [.vulnerable, .business, .business, .business])
    }

    @Test func aChangedQuestionSetUnderAnOldVersionIsRefused() async throws {
        let f = try SurveyFixture()
        let id = try await f.file()
        try await f.resolve(id, at: SurveyFixture.start.addingTimeInterval(day))
        var changed = try #require(f.configuration.surveys.current("case"))
        changed.questions.removeLast()
        await #expect(throws: StoreError.self) { try await f.store.registerSurveyDefinition(changed, at: SurveyFixture.start) }
        changed.version = 2
        try await f.store.registerSurveyDefinition(changed, at: SurveyFixture.start)
        // The old answers keep their questions.
        #expect(try await f.store.surveyDefinition(id: "case", version: 1)?.questions.count == 11)
        #expect(try await f.store.surveyDefinition(id: "case", version: 2)?.questions.count == 10)
    }

    @Test func noPersonalDataInAnyAggregate() async throws {
        let f = try SurveyFixture()
        let at = SurveyFixture.start.addingTimeInterval(day)
        let people = [
            (Channel.web, Contact(name: "นายสมชาย ใจดี", phone: "0812345678", email: "somchai.jaidee@example.com")),
            (Channel.line, Contact(name: "มาลี", lineUserID: "U99887766554433221100aabbccddeeff")),
            (Channel.hotline, Contact(name: "ป้าแดง", phone: "029998888")),
        ]
        var secrets: [String] = []
        for (i, (channel, contact)) in people.enumerated() {
            let id = try await f.file(channel: channel, contact: contact)
            try await f.resolve(id, at: at)
            let token = try await f.invitation(id).token
            secrets += [id.description, token] + [contact.name, contact.phone, contact.email, contact.lineUserID].compactMap { $0 }
            let comment = "ติดต่อกลับที่ \(contact.phone ?? "0800000000") คุณ\(contact.name ?? "")"
            _ = try await f.answers.submit(token: token, response: SurveyResponse(ratings: ["overall": i + 1, "process": 2, "trust": 3],
                                                                                  reasons: ["other"], reasonText: "บ้านเลขที่ 99/1", comment: comment),
                                           via: "web", at: at.addingTimeInterval(60))
            secrets += [comment, "บ้านเลขที่ 99/1"]
        }
        let groups = try await SurveyFigures.compute(store: f.store, from: SurveyFixture.start, to: at.addingTimeInterval(day),
                                                     by: SurveyDimension.allCases)
        #expect(groups.reduce(0) { $0 + $1.metrics.responses } == 3)
        let json = String(decoding: try JSONEncoder().encode(groups), as: UTF8.self)
        let facts = String(decoding: try JSONEncoder().encode(try await f.store.surveyFacts(from: SurveyFixture.start, to: at.addingTimeInterval(day))), as: UTF8.self)
        for secret in secrets {
            #expect(!json.contains(secret), "\(secret) in the aggregates")
            #expect(!facts.contains(secret), "\(secret) in the facts")
        }
    }
}
