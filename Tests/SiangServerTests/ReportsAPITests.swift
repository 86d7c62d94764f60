import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// `/api/v1/reports/…` with staff bearer tokens: 401 without one, 403 for the roles reports are not
/// for, the house error JSON for bad periods and bodies.
@Suite struct ReportsAPITests {
    static let reads = ["/api/v1/reports/fy/2569", "/api/v1/reports/monthly/2026-10?format=csv", "/api/v1/reports/quarter/2570-Q1", "/api/v1/reports/targets"]

    func errorCode(_ r: TestResponse) throws -> String? {
        (try r.json()["error"] as? [String: Any])?["code"] as? String
    }

    @Test func withoutATokenEveryReportRouteIs401() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            for uri in Self.reads {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .unauthorized && r.headers[.wwwAuthenticate] == "Bearer", "\(uri)")
            }
            #expect(try await client.execute(uri: "/api/v1/reports/monthly/2026-10/lock", method: .post).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/reports/targets", method: .put, headers: jsonHeaders,
                                             body: ByteBuffer(string: #"{"targets":{}}"#)).status == .unauthorized)
            #expect(try await client.execute(uri: "/api/v1/reports/fy/2569", method: .get, headers: bearer("sg_unknown")).status == .unauthorized)
        }
    }

    @Test func agentAndIntegrityTokensAre403OnEveryReportRoute() async throws {
        let s = try await StaffServer()
        for name in ["somchai", "honest"] {
            let token = try await s.token(for: name)
            try await s.test { client in
                for uri in Self.reads {
                    let r = try await client.execute(uri: uri, method: .get, headers: bearer(token))
                    #expect(r.status == .forbidden, "\(name) \(uri)")
                    #expect(try errorCode(r) == "forbidden")
                }
                #expect(try await client.execute(uri: "/api/v1/reports/monthly/2026-10/lock", method: .post, headers: bearer(token)).status == .forbidden)
                #expect(try await client.execute(uri: "/api/v1/reports/monthly/2026-10/restate", method: .post, headers: bearer(token, json: true),
                                                 body: jsonBody(["reason": "late calls"])).status == .forbidden)
                #expect(try await client.execute(uri: "/api/v1/reports/targets", method: .put, headers: bearer(token, json: true),
                                                 body: jsonBody(["targets": [:]])).status == .forbidden)
            }
        }
    }

    @Test func aSupervisorTokenReadsButMayNotLockRestateOrReplaceTargets() async throws {
        let s = try await StaffServer()
        let token = try await s.token(for: "boss")
        try await s.test { client in
            for uri in Self.reads {
                let r = try await client.execute(uri: uri, method: .get, headers: bearer(token))
                #expect(r.status != .forbidden && r.status != .unauthorized, "\(uri)")
            }
            let lock = try await client.execute(uri: "/api/v1/reports/monthly/2026-10/lock", method: .post, headers: bearer(token))
            #expect(lock.status == .forbidden && lock.text.contains("Only the analyst and admin"))
            #expect(try await client.execute(uri: "/api/v1/reports/monthly/2026-10/restate", method: .post, headers: bearer(token, json: true),
                                             body: jsonBody(["reason": "late calls"])).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/reports/targets", method: .put, headers: bearer(token, json: true),
                                             body: jsonBody(["targets": [:]])).status == .forbidden)
        }
    }

    @Test func badPeriodsAreAnsweredWithTheHouseErrorJSON() async throws {
        let s = try await StaffServer()
        let token = try await s.token(for: "ana")
        try await s.test { client in
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/api/v1/reports/monthly/2025-13", .unprocessableContent, "invalid_period"),
                ("/api/v1/reports/monthly/202510", .unprocessableContent, "invalid_period"),
                ("/api/v1/reports/quarter/2569-Q0", .unprocessableContent, "invalid_period"),
                ("/api/v1/reports/fy/abcd", .unprocessableContent, "invalid_period"),
                ("/api/v1/reports/fy/2571", .notFound, "period_not_begun"),
                ("/api/v1/reports/weekly/2569", .notFound, "not_found"),
                ("/api/v1/reports/fy/2569?format=pdf", .unprocessableContent, "invalid_format"),
                ("/api/v1/reports/fy/2569?asOf=not-a-time", .unprocessableContent, "invalid_as_of"),
            ]
            for (uri, status, code) in cases {
                let r = try await client.execute(uri: uri, method: .get, headers: bearer(token))
                #expect(r.status == status, "\(uri)")
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(try errorCode(r) == code, "\(uri)")
            }
            let future = try await client.execute(uri: "/api/v1/reports/monthly/2027-01/lock", method: .post, headers: bearer(token))
            #expect(future.status == .notFound)
        }
    }

    @Test func aRestatementNeedsAJSONBodyWithAReason() async throws {
        let s = try await StaffServer()
        let token = try await s.token(for: "ana")
        try await s.test { client in
            let uri = "/api/v1/reports/monthly/2026-10/restate"
            let notJSON = try await client.execute(uri: uri, method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: "reason=x"))
            #expect(notJSON.status == .badRequest)
            #expect(try errorCode(notJSON) == "bad_request")
            let missing = try await client.execute(uri: uri, method: .post, headers: bearer(token, json: true), body: jsonBody(["why": "x"]))
            #expect(missing.status == .unprocessableContent)
            let fields = try #require((try missing.json()["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(fields.first?["field"] as? String == "reason" && fields.first?["code"] as? String == "required")
            let blank = try await client.execute(uri: uri, method: .post, headers: bearer(token, json: true), body: jsonBody(["reason": "  "]))
            #expect(blank.status == .unprocessableContent)
        }
    }
}
