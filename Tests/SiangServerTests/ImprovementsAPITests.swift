import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// `/api/v1/improvements` with staff bearer tokens: who may read and write, every status the routes
/// answer, the audit line of each write and the before/after values worked out from filed cases.
@Suite struct ImprovementsAPITests {
    static var entry: [String: Any] {
        [
        "date": "2026-08-10", "title": "ตั้งทีมซ่อมถนนเร่งด่วน", "action": "ซ่อมหลุมบ่อภายใน 3 วันทำการ", "owningUnit": "กองช่าง",
        "learningLevel": "pdca", "triggers": ["categories": ["road"], "reasonCodes": ["delay"], "metricIds": ["complaints_resolved_pct", "cases_received"]],
        ]
    }

    func errorCode(_ r: TestResponse) throws -> String? { (try r.json()["error"] as? [String: Any])?["code"] as? String }
    func fields(_ r: TestResponse) throws -> [String] {
        ((try r.json()["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func withoutATokenEveryRouteIs401AndAgentsAndIntegrityAre403() async throws {
        let s = try await StaffServer()
        let agent = try await s.token(for: "somchai"), integrity = try await s.token(for: "honest")
        try await s.test { client in
            let calls: [(String, HTTPRequest.Method)] = [("/api/v1/improvements", .get), ("/api/v1/improvements", .post),
                                                         ("/api/v1/improvements/1", .get), ("/api/v1/improvements/1", .patch)]
            for (uri, method) in calls {
                let none = try await client.execute(uri: uri, method: method, headers: [.contentType: "application/json"], body: jsonBody(Self.entry))
                #expect(none.status == .unauthorized, "\(method) \(uri)")
                for token in [agent, integrity] {
                    let r = try await client.execute(uri: uri, method: method, headers: bearer(token, json: true), body: jsonBody(Self.entry))
                    #expect(r.status == .forbidden, "\(method) \(uri)")
                    #expect(try errorCode(r) == "forbidden")
                }
            }
        }
        #expect(try await s.store.improvements(from: nil, to: nil).isEmpty)
    }

    @Test func anAnalystRecordsAnEntryWithItsValuesAndAnAuditLine() async throws {
        let s = try await StaffServer()
        // May and June 2026: two road complaints, both still open (the before window is May-July).
        for day in [5, 20] {
            _ = try await s.file("ถนนเป็นหลุมลึก", category: "road", at: BangkokTime.calendar.date(from: DateComponents(year: 2026, month: day == 5 ? 5 : 6, day: day, hour: 10))!)
        }
        let token = try await s.token(for: "ana")
        try await s.test { client in
            let r = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(token, json: true), body: jsonBody(Self.entry))
            #expect(r.status == .created)
            #expect(r.headers[.location] == "/api/v1/improvements/1")
            let body = try r.json()
            #expect(body["id"] as? Int == 1 && body["date"] as? String == "2026-08-10" && body["learningLevel"] as? String == "pdca")
            #expect(body["recordedAt"] as? String == "2026-11-16T10:00:00+07:00")
            let triggers = try #require(body["triggers"] as? [String: Any])
            #expect(triggers["servicePoint"] is NSNull && triggers["reasonCodes"] as? [String] == ["delay"])
            let effects = try #require(body["effects"] as? [[String: Any]])
            #expect(effects.map { $0["metricId"] as? String } == ["complaints_resolved_pct", "cases_received"])
            // Before (May-July): the two complaints, neither finished at the end of July: 0 of 2.
            let before = try #require(effects[0]["before"] as? [String: Any])
            #expect(before["fromMonth"] as? String == "2026-05" && before["toMonth"] as? String == "2026-07")
            #expect(before["value"] as? Double == 0 && before["denominator"] as? Int == 2)
            // After (September-November): November has not ended on 16 November.
            let after = try #require(effects[0]["after"] as? [String: Any])
            #expect(after["value"] is NSNull && after["denominator"] is NSNull)
            #expect((effects[1]["before"] as? [String: Any])?["value"] as? Double == 2)
            #expect(!r.text.contains("ana"))
        }
        #expect(try await s.store.improvementAudit(id: 1) == [AuditEntry(at: staffMonday, actor: "staff:ana", action: "improvement.add", trackingID: nil)])
    }

    @Test func badInputIs400415Or422AndNothingIsStored() async throws {
        let s = try await StaffServer()
        let token = try await s.token(for: "root")
        try await s.test { client in
            let notJSON = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: "{"))
            #expect(notJSON.status == .badRequest)
            let array = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: "[]"))
            #expect(array.status == .badRequest)
            #expect(try errorCode(array) == "body_not_object")
            let form = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(token), body: ByteBuffer(string: "title=x"))
            #expect(form.status == .unsupportedMediaType)
            var bad = Self.entry
            bad["date"] = "2026-02-29"
            bad["title"] = String(repeating: "ก", count: 201)
            bad["learningLevel"] = "kaizen"
            bad["triggers"] = ["categories": ["potholes"], "metricIds": ["no_such_metric"], "servicePoint": "nowhere"]
            let invalid = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(token, json: true), body: jsonBody(bad))
            #expect(invalid.status == .unprocessableContent)
            #expect(try errorCode(invalid) == "invalid")
            #expect(try fields(invalid) == ["date", "title", "learningLevel", "triggers.categories", "triggers.metricIds", "triggers.servicePoint"])
            var none = Self.entry
            none["triggers"] = ["categories": [], "servicePoint": NSNull()]
            let noTrigger = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(token, json: true), body: jsonBody(none))
            #expect(noTrigger.status == .unprocessableContent)
            #expect(try fields(noTrigger) == ["triggers"])
            var typed = Self.entry
            typed["title"] = 7
            let wrongType = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(token, json: true), body: jsonBody(typed))
            #expect(wrongType.status == .unprocessableContent)
            #expect(try fields(wrongType) == ["title"])
            let year = try await client.execute(uri: "/api/v1/improvements?fy=69", method: .get, headers: bearer(token))
            #expect(year.status == .unprocessableContent)
            #expect(try fields(year) == ["fy"])
            // Found by the API fuzz test (Tests/e2e/test_api_fuzz.py): a fiscal year before CE 2000
            // stopped the server, its days having no ImprovementDay.
            let early = try await client.execute(uri: "/api/v1/improvements?fy=2523", method: .get, headers: bearer(token))
            #expect(early.status == .unprocessableContent)
            #expect(try fields(early) == ["fy"])
        }
        #expect(try await s.store.improvements(from: nil, to: nil).isEmpty)
    }

    @Test func readingAndChangingOneEntryWithItsVersion() async throws {
        let s = try await StaffServer()
        let analyst = try await s.token(for: "ana"), supervisor = try await s.token(for: "boss")
        try await s.test { client in
            let created = try await client.execute(uri: "/api/v1/improvements", method: .post, headers: bearer(analyst, json: true), body: jsonBody(Self.entry))
            let etag = try #require(created.headers[.eTag])
            #expect(try await client.execute(uri: "/api/v1/improvements/2", method: .get, headers: bearer(supervisor)).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/improvements/abc", method: .get, headers: bearer(supervisor)).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v1/improvements/0", method: .get, headers: bearer(supervisor)).status == .badRequest)
            let read = try await client.execute(uri: "/api/v1/improvements/1", method: .get, headers: bearer(supervisor))
            #expect(read.status == .ok && read.headers[.eTag] == etag && read.text == created.text)

            s.clock.advance(60)
            var headers = bearer(supervisor, json: true)
            headers[.ifMatch] = etag
            let changed = try await client.execute(uri: "/api/v1/improvements/1", method: .patch, headers: headers,
                                                   body: jsonBody(["learningLevel": "sharing", "triggers": ["servicePoint": NSNull(), "metricIds": []]]))
            #expect(changed.status == .ok && changed.headers[.eTag] != etag)
            let body = try changed.json()
            #expect(body["learningLevel"] as? String == "sharing" && body["title"] as? String == Self.entry["title"] as? String)
            #expect((body["effects"] as? [Any])?.isEmpty == true)
            #expect((body["triggers"] as? [String: Any])?["categories"] as? [String] == ["road"])
            #expect(body["updatedAt"] as? String == "2026-11-16T10:01:00+07:00" && body["recordedAt"] as? String == "2026-11-16T10:00:00+07:00")

            // The old version again: someone changed it since.
            let stale = try await client.execute(uri: "/api/v1/improvements/1", method: .patch, headers: headers, body: jsonBody(["title": "ใหม่"]))
            #expect(stale.status == .conflict)
            #expect(try errorCode(stale) == "conflict")
            headers[.ifMatch] = "\"soon\""
            #expect(try await client.execute(uri: "/api/v1/improvements/1", method: .patch, headers: headers, body: jsonBody(["title": "ใหม่"])).status == .badRequest)
            headers[.ifMatch] = nil
            let empty = try await client.execute(uri: "/api/v1/improvements/1", method: .patch, headers: headers, body: jsonBody(["title": " "]))
            #expect(empty.status == .unprocessableContent)
            #expect(try fields(empty) == ["title"])
            let clearing = try await client.execute(uri: "/api/v1/improvements/1", method: .patch, headers: headers,
                                                    body: jsonBody(["triggers": ["categories": [], "reasonCodes": []]]))
            #expect(clearing.status == .unprocessableContent)
            #expect(try fields(clearing) == ["triggers"])
            #expect(try await client.execute(uri: "/api/v1/improvements/9", method: .patch, headers: headers, body: jsonBody(["title": "x"])).status == .notFound)

            let list = try await client.execute(uri: "/api/v1/improvements?fy=2569", method: .get, headers: bearer(analyst))
            let listed = try list.json()
            #expect(listed["fiscalYear"] as? Int == 2569 && (listed["improvements"] as? [[String: Any]])?.map { $0["id"] as? Int } == [1])
            let other = try await client.execute(uri: "/api/v1/improvements?fy=2570", method: .get, headers: bearer(analyst))
            #expect((try other.json()["improvements"] as? [Any])?.isEmpty == true)
        }
        #expect(try await s.store.improvementAudit(id: 1).map { "\($0.actor) \($0.action)" } == ["staff:ana improvement.add", "staff:boss improvement.update"])
        #expect(try await s.store.improvement(id: 1)?.title == Self.entry["title"] as? String)
    }
}
