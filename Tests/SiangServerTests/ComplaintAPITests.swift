import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer

@Suite struct ComplaintAPITests {
    @Test func aComplaintIsCreatedAndTrackedByItsID() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                                   body: jsonBody(["text": "ไฟถนนดับทั้งซอย 5 มาสามวันแล้ว", "kind": "complaint", "category": "lighting", "segment": "citizen"]))
            #expect(created.status == .created)
            #expect(created.headers[.contentType]?.hasPrefix("application/json") == true)
            let body = try created.json()
            let id = try #require(body["trackingId"] as? String)
            #expect(id.range(of: #"^CMP-[0-9]{2}[0-9A-HJKMNP-TV-Z]{9}$"#, options: .regularExpression) != nil)
            #expect(body["status"] as? String == "received")
            #expect(body["kind"] as? String == "complaint")
            #expect(body["category"] as? String == "lighting")
            #expect((body["trackUrl"] as? String)?.hasSuffix("/track/\(id)") == true)
            #expect((body["receivedAt"] as? String)?.hasSuffix("+07:00") == true)

            let tracked = try await client.execute(uri: "/api/v1/track/\(id.lowercased().replacingOccurrences(of: "-", with: ""))", method: .get)
            #expect(tracked.status == .ok)
            let t = try tracked.json()
            #expect(t["trackingId"] as? String == id)
            #expect(t["status"] as? String == "received")
            #expect((t["statusLabel"] as? [String: String]) == ["th": "รับเรื่องแล้ว", "en": "Received"])
            let timeline = try #require(t["timeline"] as? [[String: Any]])
            #expect(timeline.count == 1 && timeline[0]["status"] as? String == "received")
        }
    }

    @Test func theSameIdempotencyKeyTwiceMakesOneCaseAndTheSameAnswer() async throws {
        let server = try await TestServer()
        try await server.test { client in
            var headers = jsonHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "form-7f3a"
            let payload = ["text": "น้ำประปาไม่ไหลตั้งแต่เช้า", "contact": ["phone": "0812345678"], "consent": true] as [String: Any]
            let first = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: headers, body: jsonBody(payload))
            let second = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: headers, body: jsonBody(payload))
            #expect(first.status == .created && second.status == .created)
            #expect(first.text == second.text)
            let other = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: headers, body: jsonBody(["text": "อีกเรื่องหนึ่ง"]))
            #expect(other.status == .unprocessableContent)
            #expect(try other.json()["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "idempotency_key_reused")
        }
        #expect(try await server.store.caseCount() == 1)
    }

    @Test func contactWithoutConsentIs422NamingTheField() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let r = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                             body: jsonBody(["text": "ขยะไม่เก็บ", "contact": ["name": "สมหญิง ใจดี"]]))
            #expect(r.status == .unprocessableContent)
            let error = try #require(try r.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "invalid")
            let fields = try #require(error["fields"] as? [[String: Any]])
            #expect(fields.map { $0["field"] as? String } == ["consent"])
        }
        #expect(try await server.store.caseCount() == 0)
    }

    @Test func badInputGetsAClearErrorAndStoresNothing() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let malformed = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: ByteBuffer(string: #"{"text": "ไฟดับ"#))
            #expect(malformed.status == .badRequest)
            #expect(try (malformed.json()["error"] as? [String: Any])?["code"] as? String == "bad_request")

            let big = ByteBuffer(string: #"{"text":""# + String(repeating: "ก", count: 400_000) + #""}"#)
            let tooLarge = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try (tooLarge.json()["error"] as? [String: Any])?["code"] as? String == "too_large")

            let wrongType = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(["text": 42]))
            #expect(wrongType.status == .unprocessableContent)

            let unknown = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                                   body: jsonBody(["text": "x", "kind": "rant", "category": "roads", "segment": "alien"]))
            #expect(unknown.status == .unprocessableContent)
            let fields = try #require(((unknown.json()["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.compactMap { $0["field"] as? String })
            #expect(Set(fields) == ["kind", "category", "segment"])

            let noText = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(["subject": "ไม่มีรายละเอียด"]))
            #expect(noText.status == .unprocessableContent)

            let form = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "hello"))
            #expect(form.status == .unsupportedMediaType)
        }
        #expect(try await server.store.caseCount() == 0)
    }

    @Test func unknownRoutesAnswer404InTheErrorFormat() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let r = try await client.execute(uri: "/api/v1/nothing-here", method: .get)
            #expect(r.status == .notFound)
            let error = try #require(try r.json()["error"] as? [String: Any])
            #expect(error["code"] as? String == "not_found")
            #expect(error["message"] is String)
            let page = try await client.execute(uri: "/no-such-page", method: .get)
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
        }
    }

    @Test func theTrackAnswerCarriesNoPersonalData() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let secretBits = ["สมศักดิ์ รักษ์ดี", "0891112233", "somsak.private@example.com", "บ้านเลขที่ 99/1 ซอยลับ", "หมู่บ้านลับมาก"]
            let created = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody([
                "text": "หมู่บ้านลับมาก มีกลิ่นเหม็นจากโรงงาน", "subject": "กลิ่นเหม็น",
                "contact": ["name": secretBits[0], "phone": secretBits[1], "email": secretBits[2]], "consent": true,
                "location": ["address": secretBits[3], "lat": 13.7, "lon": 100.5],
            ]))
            let id = try #require(try created.json()["trackingId"] as? String)
            for uri in ["/api/v1/track/\(id)", "/track/\(id)", "/track/\(id)?lang=en"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok)
                for secret in secretBits + ["13.7", "100.5"] {
                    #expect(!r.text.contains(secret), "\(uri) shows \(secret)")
                }
            }
        }
    }

    @Test func aWrongCheckCharacterIs400AndAnUnknownIDIs404() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let wrong = try await client.execute(uri: "/api/v1/track/CMP-69K7MQ2XDJP", method: .get)
            #expect(wrong.status == .badRequest)
            #expect(try (wrong.json()["error"] as? [String: Any])?["code"] as? String == "check_failed")
            let unknown = try await client.execute(uri: "/api/v1/track/CMP-69K7MQ2XDJN", method: .get)
            #expect(unknown.status == .notFound)
            let junk = try await client.execute(uri: "/api/v1/track/hello", method: .get)
            #expect(junk.status == .badRequest)
        }
    }

    @Test func staffOnlyFieldsNeedAStaffToken() async throws {
        let server = try await TestServer()
        // An admin: an agent reads only the cases of their own queues (issue 6).
        let token = try await server.staffToken(role: .admin)
        try await server.test { client in
            let payload: [String: Any] = ["text": "โทรแจ้งว่าท่อแตก", "channel": "hotline", "receivedAt": "2026-11-20T09:15:00+07:00", "externalRef": "CALL-991"]
            let anonymous = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(payload))
            #expect(anonymous.status == .unauthorized)
            #expect(try (anonymous.json()["error"] as? [String: Any])?["code"] as? String == "staff_token_required")

            var bad = jsonHeaders
            bad[.authorization] = "Bearer sg_forged"
            #expect(try await client.execute(uri: "/api/v1/complaints", method: .post, headers: bad, body: jsonBody(payload)).status == .unauthorized)

            var staff = jsonHeaders
            staff[.authorization] = "Bearer \(token)"
            let created = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: staff, body: jsonBody(payload))
            #expect(created.status == .created)
            let body = try created.json()
            #expect(body["receivedAt"] as? String == "2026-11-20T09:15:00+07:00")
            let id = try #require(body["trackingId"] as? String)
            let full = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(try full.json()["channel"] as? String == "hotline")
            #expect(try full.json()["externalRef"] as? String == "CALL-991")
        }
    }

    @Test func theStaffCaseViewHasEverythingAndIsAudited() async throws {
        let server = try await TestServer()
        // An admin: an agent reads only the cases of their own queues (issue 6).
        let token = try await server.staffToken("niran", role: .admin)
        try await server.test { client in
            let created = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody([
                "text": "ต้นไม้ล้มขวางถนน", "subject": "ต้นไม้ล้ม", "kind": "complaint", "category": "safety", "segment": "business",
                "contact": ["name": "วิไล", "email": "wilai@example.com"], "consent": true,
                "location": ["address": "ถนนพหลโยธิน", "lat": 13.8, "lon": 100.55],
            ]))
            let id = try #require(try created.json()["trackingId"] as? String)
            let noToken = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get)
            #expect(noToken.status == .unauthorized)
            let r = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(r.status == .ok)
            let c = try r.json()
            #expect(c["text"] as? String == "ต้นไม้ล้มขวางถนน")
            #expect(c["subject"] as? String == "ต้นไม้ล้ม")
            #expect(c["category"] as? String == "safety" && c["segment"] as? String == "business" && c["channel"] as? String == "web")
            #expect((c["contact"] as? [String: Any])?["email"] as? String == "wilai@example.com")
            #expect((c["location"] as? [String: Any])?["address"] as? String == "ถนนพหลโยธิน")
            #expect((c["events"] as? [[String: Any]])?.first?["type"] as? String == "received")
            #expect(c["attachments"] is [Any] && c["warnings"] is [Any])
        }
        let ids = try await server.store.pendingOutbox(limit: 5).compactMap(\.message.trackingID)
        let audit = try await server.store.auditLog(of: try #require(ids.first))
        #expect(audit.map(\.actor) == ["staff:niran"])
        #expect(audit.first?.action == "view_case_personal_data")
    }

    @Test func restrictedCasesAreInvisibleToOtherRoles() async throws {
        let server = try await TestServer()
        let agent = try await server.staffToken("agent1", role: .agent)
        let integrity = try await server.staffToken("integrity1", role: .integrity)
        try await server.test { client in
            let created = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                                   body: jsonBody(["text": "เจ้าหน้าที่เรียกรับเงินใต้โต๊ะ", "category": "corruption"]))
            let id = try #require(try created.json()["trackingId"] as? String)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get, headers: [.authorization: "Bearer \(agent)"]).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get, headers: [.authorization: "Bearer \(integrity)"]).status == .ok)
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        // The router test client has no peer address, so it reads the metrics as a remote scraper would.
        let server = try await TestServer(configYAML: "metrics: {token: test-scraper}")
        try await server.test { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok && health.text == #"{"status":"ok","store":"sqlite"}"#)
            _ = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(["text": "ทดสอบ"]))
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer test-scraper"])
            #expect(metrics.text.contains(#"siang_intake_total{channel="web",outcome="created"} 1"#))
            #expect(metrics.text.contains("siang_http_requests_total"))
            #expect(!metrics.text.contains("CMP-"), "metrics must not carry tracking IDs")
        }
    }
}
