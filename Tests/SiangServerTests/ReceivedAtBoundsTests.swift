import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// A receipt time given through the API lies between the configured floor and now (plus a small
/// skew), and only the roles that take cases in may give one (issue 11, finding 7).
@Suite struct ReceivedAtBoundsTests {
    func post(_ client: any TestClientProtocol, token: String?, _ fields: String) async throws -> TestResponse {
        var h: HTTPFields = [.contentType: "application/json"]
        if let token { h[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: "/api/v1/complaints", method: .post, headers: h,
                                        body: ByteBuffer(string: #"{"text":"ท่อระบายน้ำอุดตันหน้าโรงเรียน","#+fields+"}"))
    }

    @Test func aReceiptTimeBeforeTheFloorOrAfterNowIsRefusedAndNothingIsStored() async throws {
        let s = try await StaffServer()
        let agent = try await s.token(for: "somchai")
        try await s.test { client in
            for bad in ["-2000-12-15T07:00:00+07:00", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59+07:00", "2026-11-16T10:06:00+07:00",
                        "9999-12-31T23:59:59+07:00"] {
                let r = try await post(client, token: agent, #""channel":"phone","receivedAt":"\#(bad)""#)
                #expect(r.status == .unprocessableContent, "\(bad) answered \(r.status)")
                let fields = try #require(((try r.json()["error"] as? [String: Any])?["fields"]) as? [[String: Any]], "\(r.text)")
                #expect(fields.contains { $0["field"] as? String == "receivedAt" }, "\(bad): \(r.text)")
            }
            // The floor day itself and a little clock skew are accepted.
            for good in ["2000-01-01T00:00:00+07:00", "2026-11-16T10:04:00+07:00"] {
                let r = try await post(client, token: agent, #""channel":"phone","receivedAt":"\#(good)""#)
                #expect(r.status == .created, "\(good): \(r.text)")
            }
        }
        let page = try await s.store.queue(QueueQuery(scope: .all), viewer: try await s.viewer("root"), now: s.clock.now())
        #expect(page.rows.count == 2, "only the two good receipts were stored")
    }

    @Test func onlyRolesThatTakeCasesInMaySetStaffOnlyFields() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            for (user, expected) in [("ana", HTTPResponse.Status.forbidden), ("honest", .forbidden), ("somchai", .created), ("boss", .created),
                                     ("root", .created)] {
                let token = try await s.token(for: user)
                for fields in [#""receivedAt":"2026-11-16T09:00:00+07:00""#, #""channel":"walk_in""#, #""externalRef":"LTR-2569-0042""#] {
                    let r = try await post(client, token: token, fields)
                    #expect(r.status == expected, "\(user) setting \(fields): \(r.text)")
                    if expected == .forbidden { #expect(r.text.contains("role_cannot_take_cases_in")) }
                }
            }
            // A citizen sets none of them.
            #expect(try await post(client, token: nil, #""externalRef":"X-1""#).status == .unauthorized)
        }
    }

    @Test func theFloorIsConfigurableAndABadFloorIsRefusedAtStart() throws {
        let c = try ConfigurationLoader.load(overrideYAML: "intake: {receivedAtFloor: \"2020-10-01\"}", environment: [:])
        #expect(c.intake.floorDate == BangkokTime.calendar.date(from: DateComponents(year: 2020, month: 10, day: 1)))
        #expect(c.intake.maxClockSkewSeconds == 300)
        for bad in ["2020-13-01", "0500-01-01", "yesterday", "2020-02-30"] {
            #expect(throws: ConfigurationError.self) { _ = try ConfigurationLoader.load(overrideYAML: "intake: {receivedAtFloor: \"\(bad)\"}", environment: [:]) }
        }
        let env = try ConfigurationLoader.load(overrideYAML: nil, environment: ["SIANG_INTAKE_RECEIVED_AT_FLOOR": "2015-01-01"])
        #expect(env.intake.receivedAtFloor == "2015-01-01")
    }
}
