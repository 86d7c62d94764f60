import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore

/// Small answers an outside probe found wrong: what a client sent is refused in its own terms, never
/// echoed, redirected to or silently changed; every page says what it is in its title.
@Suite struct InputHygieneTests {
    static func fieldNames(_ r: TestResponse) throws -> [String] {
        let fields = (try r.json()["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
        return fields.compactMap { $0["field"] as? String }
    }

    static func message(_ r: TestResponse) throws -> String {
        (try r.json()["error"] as? [String: Any])?["message"] as? String ?? ""
    }

    @Test func theLookupFormRedirectsOnlyToTheCanonicalTrackingID() async throws {
        let server = try await TestServer()
        let intake = Intake(kind: .complaint, text: "ไฟถนนดับ", channel: .web, receivedAt: Date(), category: "lighting")
        guard case .created(let receipt) = try await server.services.pipeline.submit(intake) else { throw CocoaError(.featureUnsupported) }
        let id = receipt.trackingId.description
        let typed = id.lowercased().replacingOccurrences(of: "-", with: " ")
        try await server.test { client in
            let ok = try await client.execute(uri: "/track?id=\(typed.replacingOccurrences(of: " ", with: "+"))&lang=en", method: .get)
            #expect(ok.status == .seeOther)
            #expect(ok.headers[.location] == "/track/\(id)?lang=en")
            for bad in ["%2F%2Fevil.example%2F", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "CMP-69K7MQ2XDJM", "..%2F..%2Fstaff"] {
                let r = try await client.execute(uri: "/track?id=\(bad)", method: .get)
                #expect(r.status == .badRequest, "\(bad)")
                #expect(r.headers[.location] == nil)
                #expect(!r.text.contains("evil.example") && !r.text.contains("<script>") && !r.text.contains("69K7MQ2XDJM") && !r.text.contains("../"))
                #expect(r.text.contains("id=\"lookup-error\""))
            }
        }
    }

    @Test func bodiesThatAreNotJSONAre415OnTheChangeAndSurveyAPIs() async throws {
        let s = try await SurveyServer()
        let (id, token) = try await s.resolvedCase()
        let staff = try await s.server.staffToken("boss", role: .supervisor)
        try await s.server.test { client in
            let plain: HTTPFields = [.contentType: "text/plain", .authorization: "Bearer \(staff)"]
            let patch = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: plain,
                                                 body: ByteBuffer(string: #"{"internalNote":"x"}"#))
            #expect(patch.status == .unsupportedMediaType)
            #expect(try Self.message(patch).contains("text/plain"))
            let survey = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: [.contentType: "text/plain"],
                                                  body: ByteBuffer(string: #"{"overall":5}"#))
            #expect(survey.status == .unsupportedMediaType)
            let none = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: [:], body: ByteBuffer(string: #"{"overall":5}"#))
            #expect(none.status == .unsupportedMediaType)
            // Still open: nothing was recorded.
            #expect(try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: jsonHeaders, body: jsonBody(["overall": 5])).status == .created)
        }
    }

    @Test func aBodyThatIsNoJSONObjectIsNamedInTheError() async throws {
        let s = try await SurveyServer()
        let (id, token) = try await s.resolvedCase()
        let staff = try await s.server.staffToken("boss", role: .supervisor)
        try await s.server.test { client in
            for (body, named) in [("[]", "an array"), (#""x""#, "a string"), ("5", "a number"), ("true", "a boolean"), ("null", "null")] {
                let complaint = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: ByteBuffer(string: body))
                #expect(complaint.status == .badRequest)
                #expect(try Self.message(complaint) == "The body must be a JSON object ({…}); this one is \(named).")
                var h = jsonHeaders
                h[.authorization] = "Bearer \(staff)"
                let patch = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: h, body: ByteBuffer(string: body))
                #expect(patch.status == .badRequest)
                #expect(try Self.message(patch).hasSuffix("this one is \(named)."))
                let survey = try await client.execute(uri: "/api/v1/surveys/\(token)", method: .post, headers: jsonHeaders, body: ByteBuffer(string: body))
                #expect(try Self.message(survey).hasSuffix("this one is \(named)."))
            }
        }
    }

    @Test func anOverLongIdempotencyKeyIsRefusedWithItsLength() async throws {
        let server = try await TestServer()
        try await server.test { client in
            var h = jsonHeaders
            h[ComplaintAPI.idempotencyKey] = String(repeating: "k", count: 300)
            let r = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: h, body: jsonBody(["text": "ถนนเป็นหลุม"]))
            #expect(r.status == .unprocessableContent)
            #expect(try Self.fieldNames(r) == ["Idempotency-Key"])
            #expect(r.text.contains("The Idempotency-Key header is 300 bytes long; at most 200 bytes are allowed."))
            h[ComplaintAPI.idempotencyKey] = String(repeating: "k", count: 200)
            #expect(try await client.execute(uri: "/api/v1/complaints", method: .post, headers: h, body: jsonBody(["text": "ถนนเป็นหลุม"])).status == .created)
        }
    }

    @Test func controlCharactersAreRefusedNamingTheFieldNotCutOut() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let nul = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                               body: jsonBody(["text": "ถนน\u{0}เป็นหลุม", "subject": "หลุม\u{1B}[31m",
                                                               "contact": ["name": "มา\u{7}นี", "phone": "0812345678"], "consent": true]))
            #expect(nul.status == .unprocessableContent)
            #expect(Set(try Self.fieldNames(nul)) == ["text", "subject", "contact.name"])
            #expect(nul.text.contains("U+0000") && nul.text.contains("U+001B") && nul.text.contains("U+0007"))
            // Tabs and line breaks are text.
            let fine = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders,
                                                body: jsonBody(["text": "บรรทัดแรก\r\nบรรทัดสอง\tจบ"]))
            #expect(fine.status == .created)

            let pages = CitizenPageTests()
            let (nonce, cookie) = try await pages.openForm(client)
            var (headers, body) = pages.multipart([("nonce", nonce), ("kind", "complaint"), ("text", "ขยะ\u{0}ล้นถัง"), ("category", "unsure")])
            headers[.cookie] = cookie
            let form = try await client.execute(uri: "/complaints", method: .post, headers: headers, body: body)
            #expect(form.status == .unprocessableContent)
            #expect(form.text.contains("อักขระควบคุม (U+0000)"))
        }
    }

    @Test func aMultipartFormCutShortIs400NotForbidden() async throws {
        let server = try await TestServer()
        let pages = CitizenPageTests()
        try await server.test { client in
            let (nonce, cookie) = try await pages.openForm(client)
            var (headers, body) = pages.multipart([("nonce", nonce), ("kind", "complaint"), ("text", "ไฟดับทั้งซอย")])
            headers[.cookie] = cookie
            let whole = body.readableBytes
            let cut = body.getSlice(at: 0, length: whole - 30)!
            let r = try await client.execute(uri: "/complaints", method: .post, headers: headers, body: cut)
            #expect(r.status == .badRequest)
            #expect(r.text.contains("ข้อมูลแบบฟอร์มไม่สมบูรณ์"))
            let early = body.getSlice(at: 0, length: 60)!
            #expect(try await client.execute(uri: "/complaints", method: .post, headers: headers, body: early).status == .badRequest)
        }
    }

    static func title(_ html: String) -> String? {
        guard let open = html.range(of: "<title>"), let close = html.range(of: "</title>", range: open.upperBound..<html.endIndex) else { return nil }
        return String(html[open.upperBound..<close.lowerBound])
    }

    /// A title that names the page before the agency's name.
    static func hasOwnTitle(_ html: String) -> Bool {
        guard let title = title(html) else { return false }
        let page = title.components(separatedBy: " · ").first ?? ""
        return !page.trimmingCharacters(in: .whitespaces).isEmpty
    }

    @Test func everyCitizenPageHasATitle() async throws {
        let s = try await SurveyServer(configYAML: """
            surveys:
              servicePoints:
                - {code: ONESTOP, th: ศูนย์บริการแบบเบ็ดเสร็จ, en: One-stop service centre, unit: สำนักปลัด}
            """)
        let (id, token) = try await s.resolvedCase(contact: Contact(phone: "0812345678"))
        try await s.server.test { client in
            for uri in ["/", "/?lang=en", "/track", "/track?id=nonsense", "/track/\(id)", "/track/\(id)?lang=en", "/track/CMP-69K7MQ2XDJN",
                        "/survey/\(token)", "/survey/unknown-token", "/survey/points", "/survey/point/ONESTOP", "/survey/point/ONESTOP/poster",
                        "/no-such-page"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(Self.hasOwnTitle(r.text), "\(uri): \(Self.title(r.text) ?? "no title")")
            }
            let wrong = try await client.execute(uri: "/track/\(id)/survey", method: .post, headers: formHeaders, body: form([("phoneLast4", "0000")]))
            #expect(Self.hasOwnTitle(wrong.text))
        }
    }

    @Test func everyStaffPageHasATitle() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟถนนดับหน้าซอย 3", category: "lighting")
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.get("/staff/signin")
            #expect(Self.hasOwnTitle(browser.lastPage))
            try await browser.signIn("boss")
            for uri in ["/staff/queue", "/staff/cases/\(id)", "/staff/dashboard", "/staff/callbacks", "/staff/account", "/staff/cases/CMP-69K7MQ2XDJN"] {
                let r = try await browser.get(uri)
                #expect(Self.hasOwnTitle(r.text), "\(uri): \(Self.title(r.text) ?? "no title")")
            }
        }
    }
}
