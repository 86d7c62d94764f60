import Foundation
import HTTPTypes
import HummingbirdTesting
import SiangCore
import SiangStore
import Testing
@testable import SiangServer

/// `POST /open311/v2/requests.{json,xml}`: a case on channel `open311` through the one intake path,
/// the contact kept only with consent, idempotent by the client's key, and every refusal in the
/// specification's error format with nothing stored.
@Suite struct Open311PostTests {
    static let report = [
        "service_code": "road", "description": "ถนนหน้าตลาดสดเป็นหลุมลึก รถจักรยานยนต์ล้มแล้วสองคัน",
        "lat": "13.7563", "long": "100.5018", "address_string": "หน้าตลาดสดเทศบาล ถนนราชดำเนิน",
    ]

    func trackingID(of response: TestResponse) throws -> TrackingID {
        let raw: String
        if response.headers[.contentType]?.hasPrefix("text/xml") == true {
            raw = try #require(try response.xml.first("request")?.value("service_request_id"))
        } else {
            raw = try #require(try response.jsonList().first?["service_request_id"] as? String, "the id is a string")
        }
        return try TrackingID.parse(raw, expectedPrefix: "CMP")
    }

    @Test func aPostBecomesACaseOnTheOpen311ChannelInEitherFormat() async throws {
        let server = try await TestServer()
        let key = try await server.open311Key()
        try await server.test { client in
            var fields = Self.report
            fields["api_key"] = key
            let json = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(json.status == .created)
            let answer = try #require(try json.jsonList().first)
            #expect((answer["service_notice"] as? String)?.contains("/track/") == true)
            #expect(answer["account_id"] as? String == "")
            let id = try trackingID(of: json)
            let record = try #require(try await server.store.record(id))
            #expect(record.state.channel == .open311)
            #expect(record.state.category == "road")
            #expect(record.text == Self.report["description"])
            #expect(record.location == Location(lat: 13.7563, lon: 100.5018, address: "หน้าตลาดสดเทศบาล ถนนราชดำเนิน"))

            fields["service_code"] = "waste"
            fields["description"] = "ขยะล้นถังหน้าโรงเรียนมาสามวัน"
            fields["account_id"] = "user-77"
            let xml = try await client.execute(uri: "/open311/v2/requests.xml", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(xml.status == .created)
            #expect(xml.headers[.contentType] == "text/xml; charset=utf-8")
            let request = try #require(try xml.xml.first("request"))
            #expect(request.value("account_id") == "user-77")
            let xmlID = try trackingID(of: xml)
            #expect(try await server.store.record(xmlID)?.state.category == "waste")
        }
        #expect(try await server.store.caseCount() == 2)
    }

    @Test func theContactIsKeptOnlyWithConsent() async throws {
        let server = try await TestServer()
        let key = try await server.open311Key()
        try await server.test { client in
            var fields = Self.report
            fields.merge(["api_key": key, "email": "somying@example.com", "first_name": "สมหญิง", "last_name": "ใจดี", "phone": "0812345678"]) { $1 }
            let without = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(without.status == .created)
            #expect(try await server.store.contact(of: trackingID(of: without)) == nil, "no consent: the contact is not kept")

            fields["attribute[consent]"] = "true"
            let with = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(with.status == .created)
            let contact = try #require(try await server.store.contact(of: trackingID(of: with)))
            #expect(contact.name == "สมหญิง ใจดี" && contact.email == "somying@example.com" && contact.phone == "0812345678")
        }
    }

    @Test func aRepeatedIdempotencyKeyOrClientTokenGivesTheSameRequest() async throws {
        let server = try await TestServer()
        let key = try await server.open311Key()
        let otherKey = try await server.open311Key("city-dashboard")
        try await server.test { client in
            var fields = Self.report
            fields["api_key"] = key
            var headers = open311FormHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "report-0001"
            let first = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: headers, body: open311Form(fields))
            let again = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: headers, body: open311Form(fields))
            #expect(first.status == .created && again.status == .created)
            #expect(try trackingID(of: first) == trackingID(of: again))

            fields["client_token"] = "app-token-9"
            let byToken = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            let byTokenAgain = try await client.execute(uri: "/open311/v2/requests.xml", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(try trackingID(of: byToken) == trackingID(of: byTokenAgain))
            #expect(try trackingID(of: byToken) != trackingID(of: first))

            var changed = fields
            changed["description"] = "อีกเรื่องหนึ่ง ไฟถนนดับ"
            let reused = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(changed))
            #expect(reused.status == .badRequest)
            #expect(try reused.open311Error().description.contains("already used"))

            fields["api_key"] = otherKey
            let otherClient = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(otherClient.status == .created)
            #expect(try trackingID(of: otherClient) != trackingID(of: byToken), "a client token belongs to its key")
        }
        #expect(try await server.store.caseCount() == 3)
    }

    @Test func aMissingUnknownOrRevokedKeyIs403AndStoresNothing() async throws {
        let server = try await TestServer()
        let key = try await server.open311Key("retired-app")
        #expect(try await server.store.revokeOpen311Key(name: "retired-app", at: Date()))
        try await server.test { client in
            for format in ["json", "xml"] {
                for apiKey in [nil, "o311_not-a-key", key] {
                    var fields = Self.report
                    fields["api_key"] = apiKey
                    let r = try await client.execute(uri: "/open311/v2/requests.\(format)", method: .post, headers: open311FormHeaders,
                                                     body: open311Form(fields))
                    #expect(r.status == .forbidden)
                    let error = try r.open311Error()
                    #expect(error.code == 403)
                    #expect(error.description.contains("api_key"))
                }
            }
        }
        #expect(try await server.store.caseCount() == 0)
    }

    @Test(arguments: [
        (["service_code": "potholes"], "service_code potholes"),
        (["service_code": ""], "service_code is required"),
        (["description": ""], "description"),
        (["lat": "north"], "lat is not a number"),
        (["long": ""], "lat/long"),
        (["lat": "95"], "lat"),
        (["attribute[consent]": "maybe"], "attribute[consent]"),
        (["email": "not-an-email", "attribute[consent]": "true"], "email"),
        (["description": "หลุมบนถนน\u{0}"], "description contains a control character (U+0)"),
        (["address_string": "ซอย\u{7}5"], "address_string contains a control character"),
    ])
    func aBadPostIs400NamingTheFieldAndStoresNothing(_ change: [String: String], _ named: String) async throws {
        let server = try await TestServer()
        let key = try await server.open311Key()
        try await server.test { client in
            var fields = Self.report
            fields["api_key"] = key
            fields.merge(change) { $1 }
            for format in ["json", "xml"] {
                let r = try await client.execute(uri: "/open311/v2/requests.\(format)", method: .post, headers: open311FormHeaders,
                                                 body: open311Form(fields))
                #expect(r.status == .badRequest, "\(change)")
                let error = try r.open311Error()
                #expect(error.code == 400)
                #expect(error.description.contains(named), "\(error.description)")
            }
        }
        #expect(try await server.store.caseCount() == 0)
    }

    @Test func eachKeysRequestsAreCountedAndLimited() async throws {
        var limits = TestServer.generousLimits
        limits["SIANG_LIMITS_INTAKE_PER_MINUTE"] = "2"
        let server = try await TestServer(environment: limits)
        let key = try await server.open311Key("busy-app")
        let other = try await server.open311Key("quiet-app")
        try await server.test { client in
            var fields = Self.report
            fields["api_key"] = key
            for _ in 0..<2 {
                let r = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
                #expect(r.status == .created)
            }
            let refused = try await client.execute(uri: "/open311/v2/requests.xml", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
            #expect(try refused.open311Error().code == 429)

            fields["api_key"] = other
            let otherKey = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            #expect(otherKey.status == .created, "each key has its own allowance")
        }
        let counts = Dictionary(uniqueKeysWithValues: try await server.store.open311Keys().map { ($0.name, $0.requestCount) })
        #expect(counts == ["busy-app": 2, "quiet-app": 1], "refused requests are not counted")
        #expect(try await server.store.caseCount() == 3)
    }

    @Test func aCaseFromOpen311IsInTheWorkspaceAndOnTheTrackingPage() async throws {
        let server = try await TestServer()
        let key = try await server.open311Key()
        let token = try await server.staffToken("admin1", role: .admin)
        try await server.test { client in
            var fields = Self.report
            fields["api_key"] = key
            let posted = try await client.execute(uri: "/open311/v2/requests.json", method: .post, headers: open311FormHeaders, body: open311Form(fields))
            let id = try trackingID(of: posted)

            let staff: HTTPFields = [.authorization: "Bearer \(token)"]
            let listed = try await client.execute(uri: "/api/v1/staff/complaints?channel=open311", method: .get, headers: staff)
            #expect(listed.status == .ok)
            let items = try #require(try listed.json()["complaints"] as? [[String: Any]])
            #expect(items.map { $0["trackingId"] as? String } == [id.description])
            #expect(items.first?["channel"] as? String == "open311")
            let shown = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get, headers: staff)
            #expect(shown.status == .ok)
            #expect(try shown.json()["channel"] as? String == "open311")

            let page = try await client.execute(uri: "/track/\(id)", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains(id.description))
            let tracked = try await client.execute(uri: "/api/v1/track/\(id)", method: .get)
            #expect(try tracked.json()["status"] as? String == "received")
        }
    }
}
