import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
import SiangCore
import SiangPipeline
@testable import SiangServer
import SiangStore

/// A clock the survey tests move past an invitation's expiry.
final class SurveyTestClock: SiangClock {
    private let instant: Mutex<Date>
    init(_ start: Date) { instant = Mutex(start) }
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A server with a resolved case and its survey token.
struct SurveyServer {
    let server: TestServer
    let clock: SurveyTestClock
    static let start = BangkokTime.calendar.date(from: DateComponents(year: 2026, month: 11, day: 16, hour: 9))!

    init(configYAML: String? = nil) async throws {
        clock = SurveyTestClock(Self.start)
        server = try await TestServer(configYAML: configYAML, clock: clock)
    }

    var store: SQLiteStore { server.store }

    /// Files a case through the pipeline and resolves it the way the case actions do; returns its token.
    func resolvedCase(channel: SiangCore.Channel = .web, contact: Contact? = nil) async throws -> (TrackingID, String) {
        let intake = Intake(kind: .complaint, text: "ไฟถนนดับทั้งซอย มืดมาก", channel: channel, channelMessageKey: UUID().uuidString,
                            receivedAt: clock.now(), contact: contact, consent: contact != nil, category: "lighting", segment: .citizen)
        guard case .created(let receipt) = try await server.services.pipeline.submit(intake) else { throw CocoaError(.featureUnsupported) }
        let id = receipt.trackingId
        try await move(id, to: .inProgress)
        try await move(id, to: .resolved)
        return (id, try #require(try await store.surveyInvitations(of: id).last).token)
    }

    func move(_ id: TrackingID, to: Status) async throws {
        let events = try await store.events(of: id)
        let from = try #require(CaseState.fold(events)).status
        var new = [CaseEvent(at: clock.now(), actor: CaseEvent.staff("somchai"), change: .statusChanged(StatusChange(from: from, to: to)))]
        var outbox: [OutboxMessage] = []
        if to == .resolved {
            let hook = try await SurveyHooks.onResolved(store: store, trackingID: id, state: try #require(CaseState.fold(events + new)),
                                                        events: events + new, configuration: server.services.configuration, at: clock.now())
            new += hook.events
            outbox += hook.outbox
        }
        try await store.append(new, to: id, expectedEventCount: events.count, outbox: outbox)
    }
}

let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

func form(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return ByteBuffer(string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
}

@Suite struct SurveyRoutesTests {
    @Test func theSurveyPageIsThaiByDefaultWorksWithoutJavaScriptAndHasEnglish() async throws {
        let s = try await SurveyServer()
        let (id, token) = try await s.resolvedCase()
        try await s.server.test { client in
            let th = try await client.execute(uri: "/survey/\(token)", method: .get)
            #expect(th.status == .ok)
            #expect(th.text.contains("<html lang=\"th\">"))
            #expect(th.text.contains("แบบสำรวจความพึงพอใจต่อการดำเนินการเรื่องร้องเรียน"))
            #expect(th.text.contains("ความพึงพอใจโดยรวมต่อการดำเนินการเรื่องของท่าน"))
            #expect(th.text.contains(id.description))
            #expect(th.text.contains("name=\"overall\" value=\"1\""))
            #expect(th.text.contains("<label class=\"choice\" for=\"overall-5\">"))
            #expect(!th.text.contains("<script"))
            #expect(!th.text.contains("name=\"reason_"), "reasons are asked on the second page only")
            let en = try await client.execute(uri: "/survey/\(token)?lang=en", method: .get)
            #expect(en.text.contains("<html lang=\"en\">"))
            #expect(en.text.contains("How did we handle your case?"))
            #expect(en.text.contains("action=\"/survey/\(token)?lang=en\""))
            let css = try await client.execute(uri: "/survey/survey.css", method: .get)
            #expect(css.status == .ok && css.headers[.contentType]?.hasPrefix("text/css") == true)
            let unknown = try await client.execute(uri: "/survey/AAAAAAAAAAAAAAAAAAAAAA", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("ไม่พบแบบสำรวจ"))
        }
    }

    @Test func aLowScoreAsksReasonsOnASecondPageAndNeedsOne() async throws {
        let s = try await SurveyServer()
        let (id, token) = try await s.resolvedCase()
        try await s.server.test { client in
            let page1 = [("step", "1"), ("overall", "2"), ("process", "3"), ("staff", "4"), ("trust", "3"), ("frequency", "first"), ("comment", "")]
            let second = try await client.execute(uri: "/survey/\(token)", method: .post, headers: formHeaders, body: form(page1))
            #expect(second.status == .ok)
            #expect(second.text.contains("name=\"reason_delay\""))
            #expect(second.text.contains("<input type=\"hidden\" name=\"overall\" value=\"2\">"))
            #expect(second.text.contains("<input type=\"hidden\" name=\"step\" value=\"2\">"))
            #expect(!second.text.contains("id=\"error-summary\""))

            let carried = [("overall", "2"), ("process", "3"), ("staff", "4"), ("trust", "3"), ("frequency", "first")]
            let none = try await client.execute(uri: "/survey/\(token)", method: .post, headers: formHeaders,
                                                body: form([("step", "2")] + carried + [("comment", "ช้ามาก")]))
            #expect(none.status == .unprocessableContent)
            #expect(none.text.contains("โปรดเลือกสาเหตุที่ท่านไม่พึงพอใจอย่างน้อย 1 ข้อ"))
            #expect(none.text.contains(">ช้ามาก</textarea>"), "the comment is kept")

            let done = try await client.execute(uri: "/survey/\(token)", method: .post, headers: formHeaders,
                                                body: form([("step", "2")] + carried + [("reason_delay", "1"), ("reason_no_update", "1"), ("comment", "ช้ามาก")]))
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/survey/\(token)?done=1&d=1")
            let thanks = try await client.execute(uri: "/survey/\(token)?done=1&d=1", method: .get)
            #expect(thanks.text.contains("ขออภัยที่การให้บริการยังไม่เป็นที่พึงพอใจ"))
            let twice = try await client.execute(uri: "/survey/\(token)", method: .post, headers: formHeaders,
                                                 body: form([("step", "1"), ("overall", "5")]))
            #expect(twice.status == .conflict)
            #expect(twice.text.contains("ท่านตอบแบบสำรวจนี้แล้ว"))
        }
        let answer = try #require(try await s.store.surveyAnswer(token: token))
        #expect(answer.answer.response.reasons == ["delay", "no_update"])
        #expect(answer.answer.response.ratings == ["overall": 2, "process": 3, "staff": 4, "trust": 3])
        #expect(answer.answer.response.comment == "ช้ามาก")
        let recovery = try await s.store.pendingOutbox(limit: 100).filter { $0.message.kind == "service_recovery" }
        #expect(recovery.count == 1 && recovery.first?.message.trackingID == id)
    }

    @Test func aSatisfiedAnswerNeedsNoSecondPageAndMissingAnswersAreShown() async throws {
        let s = try await SurveyServer()
        let (_, token) = try await s.resolvedCase()
        try await s.server.test { client in
            let missing = try await client.execute(uri: "/survey/\(token)?lang=en", method: .post, headers: formHeaders,
                                                   body: form([("step", "1"), ("lang", "en"), ("process", "4")]))
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Please answer &quot;Overall satisfaction with how your case was handled&quot;."))
            #expect(missing.text.contains("href=\"#q-overall\""))
            #expect(missing.text.contains("id=\"process-4\" name=\"process\" value=\"4\" checked"), "answers given are kept")
            let ok = try await client.execute(uri: "/survey/\(token)?lang=en", method: .post, headers: formHeaders,
                                              body: form([("step", "1"), ("lang", "en"), ("overall", "5"), ("process", "4")]))
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/survey/\(token)?done=1&lang=en")
        }
    }

    @Test func theAPIAnswersOnceAndThenConflicts() async throws {
        let s = try await SurveyServer()
        let (_, token) = try await s.resolvedCase()
        try await s.server.test { client in
            let bad = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: jsonHeaders,
                                               body: jsonBody(["overall": 1, "speed": 2]))
            #expect(bad.status == .unprocessableContent)
            let fields = (try bad.json()["error"] as? [String: Any])?["fields"] as? [[String: Any]]
            #expect(fields?.map { $0["field"] as? String } == ["speed"])
            let noReason = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: jsonHeaders,
                                                    body: jsonBody(["overall": 1]))
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("\"field\":\"reasons\""))
            let created = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: jsonHeaders,
                                                   body: jsonBody(["overall": 1, "outcome": 1, "reasons": ["unresolved", "no_update"], "comment": "ยังไม่ซ่อม"]))
            #expect(created.status == .created)
            let body = try created.json()
            #expect(body["status"] as? String == "recorded")
            #expect(body["dissatisfied"] as? Bool == true)
            #expect(body["surveyId"] as? String == "case")
            let again = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: jsonHeaders,
                                                 body: jsonBody(["overall": 5]))
            #expect(again.status == .conflict)
            #expect((try again.json()["error"] as? [String: Any])?["code"] as? String == "already_answered")
            let unknown = try await client.execute(uri: "/api/v1/surveys/AAAAAAAAAAAAAAAAAAAAAA", method: .post, headers: jsonHeaders,
                                                   body: jsonBody(["overall": 5]))
            #expect(unknown.status == .notFound)
            #expect((try unknown.json()["error"] as? [String: Any])?["code"] as? String == "survey_not_found")
        }
    }

    @Test func anExpiredSurveyIsGoneWithAClearMessage() async throws {
        let s = try await SurveyServer()
        let (_, token) = try await s.resolvedCase()
        s.clock.advance(30 * 86_400 + 1)
        try await s.server.test { client in
            let page = try await client.execute(uri: "/survey/\(token)", method: .get)
            #expect(page.status == .gone)
            #expect(page.text.contains("แบบสำรวจหมดเวลาตอบแล้ว"))
            #expect(page.text.contains("16 ธันวาคม 2569"))
            let api = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: jsonHeaders, body: jsonBody(["overall": 5]))
            #expect(api.status == .gone)
            #expect((try api.json()["error"] as? [String: Any])?["code"] as? String == "survey_expired")
        }
    }

    @Test func theTrackingPageLinkLeadsToTheOpenSurvey() async throws {
        let s = try await SurveyServer()
        let (id, token) = try await s.resolvedCase()
        let open = Intake(kind: .complaint, text: "น้ำประปาไม่ไหล", channel: .web, receivedAt: s.clock.now(), category: "water")
        guard case .created(let unresolved) = try await s.server.services.pipeline.submit(open) else { throw CocoaError(.featureUnsupported) }
        #expect(await SurveyRoutes.trackingPageSurveyLink(services: s.server.services, trackingID: id, language: .en) == "/survey/\(token)?lang=en")
        #expect(await SurveyRoutes.trackingPageSurveyLink(services: s.server.services, trackingID: unresolved.trackingId, language: .th) == nil)
        let owner = CaseOwnerProof(key: s.server.services.formTokens.key).value(for: id)
        try await s.server.test { client in
            let go = try await client.execute(uri: "/track/\(id)/survey", method: .get,
                                              headers: [.cookie: "\(CaseOwnerProof.cookieName)=\(owner)"])
            #expect(go.status == .seeOther)
            #expect(go.headers[.location] == "/survey/\(token)")
            let none = try await client.execute(uri: "/track/\(unresolved.trackingId)/survey", method: .get)
            #expect(none.status == .notFound)
            #expect(none.text.contains("ยังไม่มีแบบสำรวจสำหรับเรื่องนี้"))
        }
    }

    static let servicePointYAML = """
        surveys:
          servicePoints:
            - {code: ONESTOP, th: ศูนย์บริการแบบเบ็ดเสร็จ ชั้น 1, en: One-stop service centre, unit: สำนักปลัด}
          anonymous: {maxPerAddressPerHour: 1, maxPerAddressPerDay: 5}
        server: {trustedProxies: ["127.0.0.1", "::1"]}
        """

    /// Opens the service point's form and returns the cookie and nonce it issued.
    func openPointForm(_ client: any TestClientProtocol) async throws -> (cookie: String, nonce: String) {
        let page = try await client.execute(uri: "/survey/point/ONESTOP", method: .get)
        #expect(page.status == .ok)
        let setCookie = try #require(page.headers[.setCookie])
        let cookie = String(setCookie.prefix { $0 != ";" })
        let html = page.text
        let start = try #require(html.range(of: "name=\"nonce\" value=\""))
        let nonce = String(html[start.upperBound...].prefix { $0 != "\"" })
        return (cookie, nonce)
    }

    @Test func aServicePointSurveyIsAnonymousAndLimitedPerAddress() async throws {
        let s = try await SurveyServer(configYAML: Self.servicePointYAML)
        // Over loopback, the test client playing the trusted proxy that names each client.
        try await s.server.test(.live) { client in
            let page = try await client.execute(uri: "/survey/point/ONESTOP", method: .get)
            #expect(page.text.contains("ศูนย์บริการแบบเบ็ดเสร็จ ชั้น 1"))
            #expect(page.text.contains("name=\"segment\" value=\"vulnerable\""))
            #expect(page.text.contains("ไม่เก็บชื่อ"))
            let answer = [("step", "1"), ("segment", "business"), ("overall", "5"), ("staff", "5")]

            let (cookie, nonce) = try await openPointForm(client)
            var headers = formHeaders
            headers[.cookie] = cookie
            headers[HTTPField.Name("X-Forwarded-For")!] = "203.0.113.5"
            let first = try await client.execute(uri: "/survey/point/ONESTOP", method: .post, headers: headers, body: form(answer + [("nonce", nonce)]))
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/survey/point/ONESTOP?done=1")

            let (cookie2, nonce2) = try await openPointForm(client)
            headers[.cookie] = cookie2
            let limited = try await client.execute(uri: "/survey/point/ONESTOP", method: .post, headers: headers, body: form(answer + [("nonce", nonce2)]))
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.contains("กรุณาลองใหม่ภายหลัง"))

            headers[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.7"
            let other = try await client.execute(uri: "/survey/point/ONESTOP", method: .post, headers: headers, body: form(answer + [("nonce", nonce2)]))
            #expect(other.status == .seeOther)

            let forged = try await client.execute(uri: "/survey/point/ONESTOP", method: .post, headers: formHeaders, body: form(answer + [("nonce", nonce)]))
            #expect(forged.status == .forbidden)

            let unknown = try await client.execute(uri: "/survey/point/NOWHERE", method: .get)
            #expect(unknown.status == .notFound)
        }
        let facts = try await s.store.surveyFacts(from: SurveyServer.start, to: SurveyServer.start.addingTimeInterval(86_400))
        #expect(facts.count == 2)
        #expect(facts.allSatisfy { $0.servicePoint == "ONESTOP" && $0.segment == .business && $0.source == "service_point" })
    }

    @Test func eachServicePointHasAPrintableQRCode() async throws {
        let s = try await SurveyServer(configYAML: Self.servicePointYAML)
        try await s.server.test { client in
            let svg = try await client.execute(uri: "/survey/point/ONESTOP/qr.svg", method: .get)
            #expect(svg.status == .ok)
            #expect(svg.headers[.contentType] == "image/svg+xml; charset=utf-8")
            #expect(svg.text.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            let expected = try QRCode.encode("http://127.0.0.1:8080/survey/point/ONESTOP")
            #expect(svg.text.contains("viewBox=\"0 0 \(expected.size + 8) \(expected.size + 8)\""))
            let poster = try await client.execute(uri: "/survey/point/ONESTOP/poster", method: .get)
            #expect(poster.status == .ok)
            #expect(poster.text.contains("<img class=\"poster-qr\" src=\"/survey/point/ONESTOP/qr.svg\""))
            #expect(poster.text.contains("http://127.0.0.1:8080/survey/point/ONESTOP"))
            let list = try await client.execute(uri: "/survey/points", method: .get)
            #expect(list.text.contains("/survey/point/ONESTOP/poster"))
        }
    }

    @Test func staffSeeTheCallBackListAndAnalystsTheFiguresOnly() async throws {
        let s = try await SurveyServer()
        let (id, token) = try await s.resolvedCase(channel: .hotline, contact: Contact(name: "นายสมชาย ใจดี", phone: "0812345678"))
        // An admin reaches every case that is not restricted; an agent only their queues' (StaffRouteReachTests).
        let agent = try await s.server.staffToken("officer", role: .admin)
        let analyst = try await s.server.staffToken("analyst", role: .analyst)
        try await s.server.test { client in
            let list = try await client.execute(uri: "/api/v1/staff/surveys/callbacks", method: .get, headers: [.authorization: "Bearer \(agent)"])
            #expect(list.status == .ok)
            let items = try #require(try list.json()["callbacks"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["trackingId"] as? String == id.description)
            #expect(items.first?["phone"] as? String == "0812345678")
            #expect(items.first?["token"] as? String == token)
            let refused = try await client.execute(uri: "/api/v1/staff/surveys/callbacks", method: .get, headers: [.authorization: "Bearer \(analyst)"])
            #expect(refused.status == .forbidden)
            let anonymous = try await client.execute(uri: "/api/v1/staff/surveys/callbacks", method: .get)
            #expect(anonymous.status == .unauthorized)

            // The agent enters what the person said on the phone.
            var headers = jsonHeaders
            headers[.authorization] = "Bearer \(agent)"
            let entered = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: headers,
                                                   body: jsonBody(["overall": 4, "staff": 5, "trust": 4, "recommend": 5]))
            #expect(entered.status == .created)
            let after = try await client.execute(uri: "/api/v1/staff/surveys/callbacks", method: .get, headers: [.authorization: "Bearer \(agent)"])
            #expect((try after.json()["callbacks"] as? [Any])?.isEmpty == true)

            let summary = try await client.execute(uri: "/api/v1/staff/surveys/summary?from=2026-11-01&to=2026-12-01&by=month,channel", method: .get,
                                                   headers: [.authorization: "Bearer \(analyst)"])
            #expect(summary.status == .ok)
            let groups = try #require(try summary.json()["groups"] as? [[String: Any]])
            #expect(groups.count == 1)
            #expect(groups.first?["key"] as? [String: String] == ["month": "2026-11", "channel": "hotline"])
            let metrics = try #require(groups.first?["metrics"] as? [String: Any])
            #expect((metrics["satisfaction"] as? [String: Any])?["percent"] as? Double == 80)
            #expect(metrics["responseRate"] as? Double == 100)
            for secret in ["0812345678", "สมชาย", id.description, token] { #expect(!summary.text.contains(secret)) }
            let wrong = try await client.execute(uri: "/api/v1/staff/surveys/summary?by=weekday", method: .get, headers: [.authorization: "Bearer \(analyst)"])
            #expect(wrong.status == .unprocessableContent)
        }
        #expect(try await s.store.surveyAnswer(token: token)?.answer.via == "staff")
        #expect(try await s.store.auditLog(of: id).map(\.action).contains("survey_answer_entered"))
    }
}
