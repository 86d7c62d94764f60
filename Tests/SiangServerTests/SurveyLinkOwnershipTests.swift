import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import SiangServer
import SiangCore

/// A tracking ID is no secret: its page must not hand a stranger someone else's survey.
@Suite struct SurveyLinkOwnershipTests {
    /// Files a case through the web form as a browser does; returns its ID and the Set-Cookie of the 303.
    func fileByForm(_ s: SurveyServer, client: any TestClientProtocol, phone: String) async throws -> (TrackingID, String) {
        let pages = CitizenPageTests()
        let (nonce, cookie) = try await pages.openForm(client)
        var (headers, body) = pages.multipart([("nonce", nonce), ("kind", "complaint"), ("text", "ไฟถนนดับทั้งซอย มืดมาก"), ("category", "lighting"),
                                               ("name", "มานี"), ("phone", phone), ("consent", "on")])
        headers[.cookie] = cookie
        let r = try await client.execute(uri: "/complaints", method: .post, headers: headers, body: body)
        #expect(r.status == .seeOther)
        let location = try #require(r.headers[.location])
        let id = try TrackingID.parse(String(location.dropFirst("/track/".count).prefix { $0 != "?" }), expectedPrefix: "CMP")
        let owner = try #require(r.headers[values: .setCookie].first { $0.hasPrefix(CaseOwnerProof.cookieName + "=") })
        try await s.move(id, to: .inProgress)
        try await s.move(id, to: .resolved)
        return (id, owner)
    }

    @Test func onlyTheBrowserThatFiledTheCaseSeesItsSurveyLink() async throws {
        let s = try await SurveyServer()
        try await s.server.test { client in
            let (id, setCookie) = try await fileByForm(s, client: client, phone: "081-234-5678")
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/track/\(id)"))
            let token = try #require(try await s.store.surveyInvitations(of: id).last).token

            let stranger = try await client.execute(uri: "/track/\(id)", method: .get)
            #expect(stranger.status == .ok)
            #expect(!stranger.text.contains(token))
            #expect(!stranger.text.contains("id=\"survey-link\""))
            #expect(stranger.text.contains("ลิงก์แบบสำรวจความพึงพอใจได้ส่งถึงผู้แจ้งเรื่องทางช่องทางที่ใช้แจ้งเรื่องแล้ว"))
            let go = try await client.execute(uri: "/track/\(id)/survey", method: .get)
            #expect(go.status == .seeOther)
            #expect(go.headers[.location] == "/track/\(id)", "a stranger is sent to the tracking page, not the survey")

            let cookie = String(setCookie.prefix { $0 != ";" })
            let filer = try await client.execute(uri: "/track/\(id)", method: .get, headers: [.cookie: cookie])
            #expect(filer.text.contains("href=\"/survey/\(token)\""))
            // A cookie made for another case, or made up, proves nothing.
            let forged = try await client.execute(uri: "/track/\(id)", method: .get, headers: [.cookie: "\(CaseOwnerProof.cookieName)=AAAAAAAAAAAAAAAAAAAAAAAA"])
            #expect(!forged.text.contains(token))

            // The public JSON answer carries no survey token either.
            let json = try await client.execute(uri: "/api/v1/track/\(id)", method: .get, headers: [.cookie: cookie])
            #expect(json.status == .ok)
            #expect(!json.text.contains(token))
        }
    }

    @Test func theLastFourDigitsOfThePhoneOpenTheSurveyAndWrongOnesCountAsMisses() async throws {
        let s = try await SurveyServer()
        try await s.server.test { client in
            let (id, _) = try await fileByForm(s, client: client, phone: "081-234-5678")
            let token = try #require(try await s.store.surveyInvitations(of: id).last).token
            let page = try await client.execute(uri: "/track/\(id)", method: .get)
            #expect(page.text.contains("name=\"phoneLast4\""))

            let wrong = try await client.execute(uri: "/track/\(id)/survey", method: .post, headers: formHeaders, body: form([("phoneLast4", "5679")]))
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("เลข 4 ตัวท้ายไม่ตรง"))
            #expect(!wrong.text.contains(token))
            #expect(wrong.headers[.setCookie] == nil)
            let short = try await client.execute(uri: "/track/\(id)/survey", method: .post, headers: formHeaders, body: form([("phoneLast4", "678")]))
            #expect(short.status == .unprocessableContent)

            let right = try await client.execute(uri: "/track/\(id)/survey", method: .post, headers: formHeaders, body: form([("phoneLast4", "5678")]))
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/survey/\(token)")
            #expect(right.headers[.setCookie]?.hasPrefix(CaseOwnerProof.cookieName + "=") == true)
        }
    }

    @Test func guessingThePhoneDigitsIsStoppedByTheLookupLimits() async throws {
        let s = try await SurveyServer()
        let (id, _) = try await s.resolvedCase(channel: .phone, contact: Contact(name: "มานี", phone: "0812345678"))
        // The same store and case, served with three misses an hour allowed.
        let strict = try ConfigurationLoader.load(overrideYAML: nil, environment: RateLimitTests.limits(missesPerHour: 3))
        let services = try await SiangServices(configuration: strict, store: s.store, dataDirectory: s.server.dataDirectory, clock: s.clock,
                                               classifier: try TestServer.sharedClassifier(), environment: [:])
        let app = SiangApplication.make(services: services, host: "127.0.0.1", port: 0, logger: .init(label: "test"))
        try await app.test(.router) { client in
            for guess in ["0000", "1111", "2222"] {
                let r = try await client.execute(uri: "/track/\(id)/survey", method: .post, headers: formHeaders, body: form([("phoneLast4", guess)]))
                #expect(r.status == .unprocessableContent)
            }
            let right = try await client.execute(uri: "/track/\(id)/survey", method: .post, headers: formHeaders, body: form([("phoneLast4", "5678")]))
            #expect(right.status == .tooManyRequests, "the right answer after three wrong ones waits like any lookup")
        }
    }

    @Test func aCaseWithoutAPhoneOnlySaysWhereTheLinkWent() async throws {
        let s = try await SurveyServer()
        let (id, token) = try await s.resolvedCase(channel: .email, contact: Contact(email: "somsri@example.com"))
        try await s.server.test { client in
            let page = try await client.execute(uri: "/track/\(id)", method: .get)
            #expect(page.text.contains("ลิงก์แบบสำรวจความพึงพอใจได้ส่งถึงผู้แจ้งเรื่อง"))
            #expect(!page.text.contains("phoneLast4"))
            #expect(!page.text.contains(token))
        }
    }
}
