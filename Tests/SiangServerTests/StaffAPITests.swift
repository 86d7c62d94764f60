import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// The staff JSON API of DESIGN.md 5.3: the list with its filters and `PATCH` with every action, its
/// notices and its refusals (401/403/404/409/422).
@Suite struct StaffAPITests {
    func patch(_ client: any TestClientProtocol, _ id: TrackingID, _ token: String, _ body: [String: Any], ifMatch: String? = nil) async throws -> TestResponse {
        var headers = bearer(token, json: true)
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: headers, body: jsonBody(body))
    }

    func error(_ r: TestResponse) throws -> [String: Any] { try #require(try r.json()["error"] as? [String: Any]) }

    @Test func theListFiltersByQueueStatusSLAAndCategory() async throws {
        let s = try await StaffServer()
        let now = s.clock.now()
        let late = try await s.file("ไฟถนนดับ", category: "lighting", at: now.addingTimeInterval(-30 * 86_400))
        let road = try await s.file("ถนนเป็นหลุม", category: "road")
        _ = try await s.file("ขยะล้น", category: "waste")
        let token = try await s.token(for: "boss")
        try await s.test { client in
            func ids(_ query: String) async throws -> [String] {
                let r = try await client.execute(uri: "/api/v1/staff/complaints\(query)", method: .get, headers: bearer(token))
                #expect(r.status == .ok, "\(query): \(r.text)")
                return try #require(try r.json()["complaints"] as? [[String: Any]]).compactMap { $0["trackingId"] as? String }
            }
            #expect(try await ids("") == [late.description, road.description], "the supervisor's queue, most urgent first")
            #expect(try await ids("?queue=engineering&sla=breached") == [late.description])
            #expect(try await ids("?category=road") == [road.description])
            #expect(try await ids("?status=resolved").isEmpty)
            #expect(try await ids("?queue=public_health").isEmpty, "not the supervisor's queue")
            let r = try await client.execute(uri: "/api/v1/staff/complaints?queue=engineering", method: .get, headers: bearer(token))
            let first = try #require((try r.json()["complaints"] as? [[String: Any]])?.first)
            #expect((first["sla"] as? [String: Any])?["state"] as? String == "breached")
            #expect(first["contact"] == nil, "the list carries no personal data")
            let bad = try await client.execute(uri: "/api/v1/staff/complaints?sla=late", method: .get, headers: bearer(token))
            #expect(bad.status == .unprocessableContent)
            #expect(try error(bad)["fields"] != nil)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints", method: .get).status == .unauthorized)
            // A search holding control characters (found by the API fuzz test: a NUL answered 503) searches
            // for what is left of it.
            let withNUL = try await client.execute(uri: "/api/v1/staff/complaints?q=%C2%87S%00%C3%BEv", method: .get, headers: bearer(token))
            #expect(withNUL.status == .ok, "\(withNUL.text)")
            let onlyControls = try await client.execute(uri: "/api/v1/staff/complaints?q=%00%01", method: .get, headers: bearer(token))
            #expect(onlyControls.status == .ok)
        }
    }

    @Test func everyActionWritesItsEventAndTellsTheCitizenWhenItIsPublic() async throws {
        let s = try await StaffServer()
        let contact = Contact(name: "สมศรี", email: "somsri@example.org")
        let id = try await s.file("ไฟถนนหน้าบ้านดับ และมีขยะกองใต้เสาไฟ", category: "lighting", contact: contact)
        let survivor = try await s.file("ไฟถนนหน้าบ้านดับ", category: "lighting")
        let somchai = try await s.token(for: "somchai")
        let boss = try await s.token(for: "boss")
        try await s.test { client in
            func applied(_ r: TestResponse) throws -> [String] {
                #expect(r.status == .ok, "\(r.text)")
                return try r.json()["applied"] as? [String] ?? []
            }
            #expect(try applied(try await patch(client, id, somchai, ["assignee": "somchai"])) == ["assigned"])
            #expect(try applied(try await patch(client, id, somchai, ["priority": "urgent"])) == ["priority_changed"])
            #expect(try applied(try await patch(client, id, somchai, ["internalNote": "ประสานการไฟฟ้าแล้ว"])) == ["internal_note"])
            let reply = try await patch(client, id, somchai, ["publicNote": "รับเรื่องแล้ว จะเข้าตรวจสอบพรุ่งนี้"])
            #expect(try applied(reply) == ["public_reply"])
            #expect(try reply.json()["notices"] as? Int == 1)
            #expect(try applied(try await patch(client, id, somchai, ["status": "in_progress"])) == ["status_changed"])
            #expect(try applied(try await patch(client, id, somchai, ["status": "awaiting_info", "publicNote": "ขอรูปถ่ายจุดที่ไฟดับ"])) == ["status_changed"])
            let paused = try await client.execute(uri: "/api/v1/staff/complaints?queue=engineering&sla=paused", method: .get, headers: bearer(somchai))
            #expect(paused.text.contains(id.description))
            #expect(try applied(try await patch(client, id, somchai, ["status": "in_progress"])) == ["status_changed"])
            let root = try await s.token(for: "root")
            #expect(try applied(try await patch(client, id, root, ["queue": "disaster", "assignee": NSNull()])) == ["queue_changed", "assigned"])
            #expect(try applied(try await patch(client, id, root, ["category": "lighting", "queue": "engineering"])) == ["queue_changed"])
            // Reclassified: re-routed by the rules.
            let rerouted = try await patch(client, id, boss, ["category": "waste"])
            #expect(try applied(rerouted) == ["categorized", "queue_changed"])
            #expect(try rerouted.json()["queue"] as? String == "public_health")
            // Out of boss's reach now; the admin finishes the case.
            #expect(try await patch(client, id, boss, ["internalNote": "x"]).status == .notFound)
            let resolved = try await patch(client, id, root, ["status": "resolved", "publicNote": "เก็บขยะและเปลี่ยนหลอดไฟแล้ว"])
            #expect(try applied(resolved).first == "status_changed")
            #expect(try resolved.json()["status"] as? String == "resolved")
            #expect(try applied(try await patch(client, id, root, ["status": "closed"])).first == "status_changed")
            // Referral, rejection and merging on fresh cases.
            let a = try await s.file("ไฟฟ้าดับทั้งหมู่บ้าน", category: "lighting", contact: contact)
            let referred = try await patch(client, a, somchai, ["status": "referred", "referredTo": "การไฟฟ้าส่วนภูมิภาค (เลขที่ 55/2569)"])
            #expect(try applied(referred) == ["status_changed"])
            let b = try await s.file("ไฟดับในบ้าน", category: "lighting")
            #expect(try applied(try await patch(client, b, somchai, ["status": "rejected", "reason": "เป็นทรัพย์สินส่วนบุคคล"])) == ["status_changed"])
            let c = try await s.file("ไฟถนนหน้าบ้านดับ (แจ้งซ้ำ)", category: "lighting")
            #expect(try applied(try await patch(client, c, somchai, ["status": "duplicate", "duplicateOf": survivor.description])) == ["status_changed"])
        }
        let events = try await s.store.events(of: id)
        let reply = CaseChange.publicReply("รับเรื่องแล้ว จะเข้าตรวจสอบพรุ่งนี้")
        #expect(events.contains { (e: CaseEvent) in e.change == reply && e.actor == "staff:somchai" })
        let pending: [OutboxMessage] = try await s.store.pendingOutbox(limit: 500).map(\.message)
        let notices = pending.filter { (m: OutboxMessage) in m.trackingID == id && m.channel == SiangCore.Channel.email }
        // One reply and five status changes, each told by email.
        #expect(notices.filter { $0.kind == "public_reply" }.count == 1)
        #expect(notices.filter { $0.kind == "status_notice" }.count == 5)
        let tracking = try #require(PublicCaseView(trackingID: id, events: events))
        #expect(tracking.timeline.contains { (entry: PublicCaseView.TimelineEntry) in entry.note == "ขอรูปถ่ายจุดที่ไฟดับ" })
    }

    @Test func refusalsSayWhatIsWrong() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟถนนดับ", category: "lighting")
        let other = try await s.file("ขยะล้น", category: "waste")
        let somchai = try await s.token(for: "somchai")
        try await s.test { client in
            let illegal = try await patch(client, id, somchai, ["status": "resolved", "publicNote": "เสร็จ"])
            #expect(illegal.status == .conflict)
            #expect(try error(illegal)["code"] as? String == "invalid_transition")
            #expect(try error(illegal)["message"] as? String == "Refused: a case cannot move from received to resolved.")

            let noReason = try await patch(client, id, somchai, ["status": "rejected"])
            #expect(noReason.status == .unprocessableContent)
            let fields = try #require(try error(noReason)["fields"] as? [[String: Any]])
            #expect(fields.map { $0["field"] as? String } == ["reason"])

            let unknown = try await patch(client, id, somchai, ["status": "done"])
            #expect(unknown.status == .unprocessableContent)
            #expect(try await patch(client, id, somchai, ["category": "ufo"]).status == .unprocessableContent)
            #expect(try await patch(client, id, somchai, [:]).status == .unprocessableContent)
            #expect(try await patch(client, id, somchai, ["status": 3]).status == .unprocessableContent)

            let giveAway = try await patch(client, id, somchai, ["assignee": "malee"])
            #expect(giveAway.status == .forbidden)
            #expect(try error(giveAway)["code"] as? String == "forbidden")
            #expect(try await patch(client, other, somchai, ["status": "in_progress"]).status == .notFound)

            // Optimistic concurrency through the ETag.
            let read = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get, headers: bearer(somchai))
            let etag = try #require(read.headers[.eTag])
            #expect(try await patch(client, id, somchai, ["internalNote": "หนึ่ง"], ifMatch: etag).status == .ok)
            let stale = try await patch(client, id, somchai, ["internalNote": "สอง"], ifMatch: etag)
            #expect(stale.status == .conflict)
            #expect(try error(stale)["code"] as? String == "conflict")

            let malformed = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(somchai, json: true),
                                                     body: ByteBuffer(string: "{\"status\":"))
            #expect(malformed.status == .badRequest)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: jsonHeaders,
                                             body: jsonBody(["internalNote": "x"])).status == .unauthorized)
        }
        // Nothing refused was written.
        let types = try await s.store.events(of: id).map(\.change.type)
        #expect(types == ["received", "queue_changed", "internal_note"])
    }
}
