import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// `/staff/evidence`, the readiness section of the reports page, `GET /api/v1/evidence` and
/// `GET /api/v1/readiness`: who may read them, what they hold, that tracking lookups are counted, and
/// that no personal data or citizen's words reach them.
@Suite struct EvidencePagesTests {
    static let apis = ["/api/v1/evidence", "/api/v1/readiness?fy=2570", "/api/v1/evidence?fy=2569"]

    func json(_ r: TestResponse) throws -> [String: Any] { try #require(try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]) }

    @Test func theAPIIsForTheRolesThatReadTheReports() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            for uri in Self.apis {
                #expect(try await client.execute(uri: uri, method: .get).status == .unauthorized, "\(uri)")
            }
            for name in ["somchai", "honest"] {
                let token = try await s.token(for: name)
                for uri in Self.apis { #expect(try await client.execute(uri: uri, method: .get, headers: bearer(token)).status == .forbidden, "\(name) \(uri)") }
            }
            for name in ["ana", "boss", "root"] {
                let token = try await s.token(for: name)
                for uri in Self.apis {
                    let r = try await client.execute(uri: uri, method: .get, headers: bearer(token))
                    #expect(r.status == .ok && r.headers[.contentType] == "application/json; charset=utf-8", "\(name) \(uri)")
                }
            }
            let token = try await s.token(for: "ana")
            for (uri, status) in [("/api/v1/evidence?fy=abc", HTTPResponse.Status.unprocessableContent), ("/api/v1/readiness?fy=25690", .unprocessableContent),
                                  ("/api/v1/evidence?fy=2575", .notFound),
                                  // A fiscal year before CE 2000 (found by the API fuzz test) is refused, not a crash.
                                  ("/api/v1/evidence?fy=2460", .unprocessableContent), ("/api/v1/readiness?fy=2543", .unprocessableContent)] {
                let r = try await client.execute(uri: uri, method: .get, headers: bearer(token))
                #expect(r.status == status, "\(uri)")
                #expect((try json(r)["error"] as? [String: Any])?["code"] != nil)
            }
            // No fy: the running fiscal year (16 November 2026 lies in FY 2570).
            let pack = try json(try await client.execute(uri: "/api/v1/evidence", method: .get, headers: bearer(token)))
            #expect(pack["fiscalYear"] as? Int == 2570 && (pack["approaches"] as? [Any])?.count == 5)
            let check = try json(try await client.execute(uri: "/api/v1/readiness", method: .get, headers: bearer(token)))
            #expect((check["lines"] as? [[String: Any]])?.map { $0["id"] as? String } == ReadinessLineIDs.all)
        }
    }

    @Test func lookupsOfExistingCasesAreCountedPerSurface() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ถนนชำรุดหน้าโรงเรียน", category: "road")
        try await s.test { client in
            #expect(try await client.execute(uri: "/track/\(id)", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/track/\(id)", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/track/\(id)", method: .get).status == .ok)
            // An unknown ID is not a lookup of a case.
            #expect(try await client.execute(uri: "/api/v1/track/\(try TrackingID(prefix: "CMP", body: TrackingID.sampleBody(424_242)))", method: .get).status == .notFound)
            let token = try await s.token(for: "ana")
            let check = try json(try await client.execute(uri: "/api/v1/readiness", method: .get, headers: bearer(token)))
            let tracking = try #require((check["lines"] as? [[String: Any]])?.first)
            #expect(tracking["id"] as? String == "tracking_available" && tracking["status"] as? String == "pass")
            let figures = (tracking["figures"] as? [[String: Any]])?.map { "\($0["name"]!)=\($0["value"]!)" }
            #expect(figures == ["casesWithTrackingIdPct=100", "lookupsInPeriod=3"])
        }
        let facts = try await s.store.evidenceFacts(from: .distantPast, to: .distantFuture)
        #expect(facts.trackingLookups.map { "\($0.code)=\($0.count)" } == ["page=2", "api=1"])
    }

    @Test func theEvidencePageShowsTheFifteenItemsTheNarrativeAndTheReadinessCheck() async throws {
        let s = try await StaffServer()
        _ = try await s.file("ไฟถนนดับทั้งซอย", category: "road", channel: .line)
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("boss")
            #expect(try await browser.get("/staff/evidence?fy=2570").status == .ok)
            let page = browser.lastPage
            #expect(page.contains(#"href="/staff/evidence" aria-current="page""#))
            for approach in ["listening_channels", "complaint_management", "satisfaction_survey", "improvement_from_feedback", "segmentation"] {
                #expect(page.contains(#"id="approach-\#(approach)""#) && page.contains(#"id="narrative-\#(approach)""#))
                for key in ["A1", "A6", "D2", "L2", "I3"] { #expect(page.contains(#"id="item-\#(approach)-\#(key)""#), "\(approach) \(key)") }
            }
            #expect(page.contains(#"id="item-listening_channels-D2" data-source="data""#) && page.contains("ข้อมูลจากระบบ"))
            #expect(page.contains(#"id="item-listening_channels-A2" data-source="none""#))
            #expect(page.contains(#"id="readiness-tracking_available" data-status="gap""#), "a case but no lookup yet")
            #expect(page.contains("๑. แนวทาง (Approach)") && page.contains("16 พฤศจิกายน 2569"))
            #expect(try await browser.get("/staff/evidence?fy=2570&lang=en").status == .ok)
            #expect(browser.lastPage.contains("Category 3 evidence") && browser.lastPage.contains("From data"))
            #expect(try await browser.get("/staff/evidence?fy=nope").status == .unprocessableContent)
            // The reports page shows the check on its fiscal-year view only.
            try await browser.get("/staff/reports?kind=fy&id=2570")
            #expect(browser.lastPage.contains(#"id="readiness""#) && browser.lastPage.contains(#"href="/staff/evidence?fy=2570""#))
            try await browser.get("/staff/reports?kind=monthly&id=2026-11")
            #expect(!browser.lastPage.contains(#"id="readiness""#))
        }
    }

    @Test func agentsAndIntegrityOfficersGetNeitherThePageNorTheMenuEntry() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            for name in ["somchai", "honest"] {
                let browser = StaffBrowser(client)
                try await browser.signIn(name)
                #expect(try await browser.get("/staff/evidence").status == .forbidden, "\(name)")
                try await browser.get("/staff/queue")
                #expect(!browser.lastPage.contains(#"href="/staff/evidence""#))
            }
            let r = try await client.execute(uri: "/staff/evidence", method: .get)
            #expect(r.status == .seeOther && r.location?.hasPrefix("/staff/signin?next=") == true)
        }
    }

    @Test func noPersonalDataOrCitizenTextReachesThePackTheNarrativeOrTheCheck() async throws {
        let s = try await StaffServer()
        let secrets = ["สมหญิง ขยันยิ่ง", "0891234567", "somying.private@example.com", "U4af4980629bd2e4b8e9f0a1b2c3d4e5f",
                       "กลิ่นเหม็นจากบ่อบำบัดหลังบ้านเลขที่ 99/7", "ร้องเรียนลับเฉพาะ"]
        _ = try await s.file(secrets[4], category: "road", channel: .line,
                             contact: Contact(name: secrets[0], phone: secrets[1], email: secrets[2], lineUserID: secrets[3]), subject: secrets[5])
        _ = try await s.file("ขอให้ตรวจสอบ \(secrets[4])", category: "water", channel: .email, contact: Contact(email: secrets[2]))
        try await s.test { client in
            let token = try await s.token(for: "ana")
            var texts: [String] = []
            for uri in ["/api/v1/evidence?fy=2570", "/api/v1/readiness?fy=2570"] {
                let r = try await client.execute(uri: uri, method: .get, headers: bearer(token))
                #expect(r.status == .ok)
                texts.append(String(buffer: r.body))
            }
            let browser = StaffBrowser(client)
            try await browser.signIn("ana")
            try await browser.get("/staff/evidence?fy=2570")
            texts.append(browser.lastPage)
            #expect(texts[0].contains(#""count":1"#), "the cases are counted")
            for text in texts {
                for secret in secrets + ["99/7", "บ่อบำบัด"] { #expect(!text.contains(secret), "\(secret)") }
                let id = try #require(try await s.store.caseFacts(receivedBefore: .distantFuture).first?.trackingID)
                #expect(!text.contains(id.description), "no tracking ID")
            }
        }
    }
}

/// The readiness line ids in their order, as the API writes them.
enum ReadinessLineIDs {
    static let all: [String?] = ["tracking_available", "frequent_complaints_analysed", "dissatisfaction_analysed", "survey_sources_integrated",
                                 "feedback_led_to_change", "core_metrics_letci"]
}
