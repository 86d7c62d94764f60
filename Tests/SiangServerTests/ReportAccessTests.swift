import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// Who may open the reports pages and API, and what a refused or malformed request gets back.
@Suite struct ReportAccessTests {
    static let readers = ["ana", "boss", "root"]
    static let refused = ["somchai", "honest"]
    static let pages = ["/staff/reports", "/staff/reports?kind=fy&id=2569", "/staff/reports/targets",
                        "/staff/reports/download?kind=fy&id=2569&format=csv",
                        "/staff/reports/cases?kind=fy&id=2569&metric=complaints_received"]

    @Test func agentsAndIntegrityOfficersAreRefusedEveryReportsPage() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            for name in Self.refused {
                let browser = StaffBrowser(client)
                try await browser.signIn(name)
                for page in Self.pages {
                    #expect(try await browser.get(page).status == .forbidden, "\(name) \(page)")
                    #expect(browser.lastPage.contains("ผู้วิเคราะห์ข้อมูล ผู้บังคับบัญชา และผู้ดูแลระบบ"))
                }
                try await browser.get("/staff/queue")
                #expect(!browser.lastPage.contains(#"href="/staff/reports""#), "no menu entry for \(name)")
                for (path, fields) in [("/staff/reports/lock", ["month": "2026-10"]), ("/staff/reports/restate", ["month": "2026-10", "reason": "x"]),
                                       ("/staff/reports/targets", ["metric": "satisfaction_pct", "fiscalYear": "2570", "target": "85"])] {
                    #expect(try await browser.submit(path, fields).status == .forbidden, "\(name) \(path)")
                }
            }
        }
    }

    @Test func analystsSupervisorsAndAdminsPassTheGateAndSeeTheMenuEntry() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            for name in Self.readers {
                let browser = StaffBrowser(client)
                try await browser.signIn(name)
                let page = try await browser.get("/staff/reports")
                #expect(page.status != .forbidden && page.status != .seeOther, "\(name)")
                #expect(browser.lastPage.contains(#"href="/staff/reports""#) && browser.lastPage.contains("รายงาน PMQA"))
                #expect(browser.lastPage.contains(#"<label for="pick-fy-id">รายปีงบประมาณ</label>"#))
                #expect(browser.lastPage.contains(#"<option value="2570">ปีงบประมาณ พ.ศ. 2570</option>"#))
                #expect(browser.lastPage.contains(#"<option value="2026-11" selected>พฤศจิกายน 2569</option>"#), "months in BE, the running one chosen")
                #expect(!browser.lastPage.contains(#"value="2026-12""#), "no month that has not begun")
            }
        }
    }

    @Test func withoutASessionEveryReportsPageSendsToSignIn() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            for page in Self.pages {
                let r = try await client.execute(uri: page, method: .get)
                #expect(r.status == .seeOther && r.location?.hasPrefix("/staff/signin?next=") == true, "\(page)")
            }
        }
    }

    @Test func aSupervisorReadsButNeitherLocksNorRestatesNorSetsTargets() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let boss = StaffBrowser(client)
            try await boss.signIn("boss")
            try await boss.get("/staff/reports?kind=monthly&id=2026-10")
            #expect(!boss.lastPage.contains(#"id="lock-form""#))
            #expect(try await boss.submit("/staff/reports/lock", ["month": "2026-10"]).status == .forbidden)
            #expect(boss.lastPage.contains("เฉพาะผู้วิเคราะห์ข้อมูลและผู้ดูแลระบบ"))
            #expect(try await boss.submit("/staff/reports/restate", ["month": "2026-10", "reason": "late calls"]).status == .forbidden)
            #expect(try await boss.submit("/staff/reports/targets", ["metric": "satisfaction_pct", "fiscalYear": "2570", "target": "85"]).status == .forbidden)
        }
    }

    @Test func aLockOrRestateWithoutTheSessionsTokenIsRefused() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let ana = StaffBrowser(client)
            try await ana.signIn("ana")
            try await ana.get("/staff/reports")
            for path in ["/staff/reports/lock", "/staff/reports/restate", "/staff/reports/targets"] {
                let r = try await ana.post(path, ["csrf": "not-the-token", "month": "2026-10", "reason": "x", "metric": "satisfaction_pct",
                                                  "fiscalYear": "2570", "target": "85"])
                #expect(r.status == .forbidden, "\(path)")
                #expect(ana.lastPage.contains("แบบฟอร์มนี้หมดอายุ"))
            }
        }
    }

    @Test func malformedPeriodsAndParametersAreExplainedOnThePage() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let ana = StaffBrowser(client)
            try await ana.signIn("ana")
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/staff/reports?kind=monthly&id=2025-13", .unprocessableContent, "ชื่อช่วงเวลาไม่ถูกต้อง"),
                ("/staff/reports?kind=quarter&id=2569-Q5", .unprocessableContent, "ชื่อช่วงเวลาไม่ถูกต้อง"),
                ("/staff/reports?kind=fy&id=69", .unprocessableContent, "ชื่อช่วงเวลาไม่ถูกต้อง"),
                ("/staff/reports?kind=fy&id=2571", .notFound, "ยังไม่เริ่มต้น"),
                ("/staff/reports?kind=weekly&id=1", .notFound, "ไม่พบรายงานประเภทนี้"),
                ("/staff/reports?kind=fy&id=2569&asOf=yesterday", .unprocessableContent, "ISO 8601"),
                ("/staff/reports?kind=fy&id=2569&asOf=2020-01-01T00:00:00%2B07:00", .unprocessableContent, "ไม่ก่อนวันเริ่มต้น"),
                ("/staff/reports/download?kind=fy&id=2569&format=pdf", .unprocessableContent, "json, csv, xlsx หรือ html"),
                ("/staff/reports/cases?kind=fy&id=2569", .unprocessableContent, "กรุณาระบุตัวชี้วัด"),
                ("/staff/reports/cases?kind=fy&id=2569&metric=complaints_received&dimension=category", .unprocessableContent, "ต้องระบุทั้งมิติและรายการ"),
            ]
            for (uri, status, words) in cases {
                #expect(try await ana.get(uri).status == status, "\(uri)")
                #expect(ana.lastPage.contains(words), "\(uri)")
            }
            #expect(try await ana.get("/staff/reports?kind=monthly&id=2025-13&lang=en").status == .unprocessableContent)
            #expect(ana.lastPage.contains("month 13 does not exist") && ana.lastPage.contains(#"<html lang="en">"#), "the engine's words for what was expected")
        }
    }

    @Test func aRestatementWithoutAReasonIsRefusedWithTheFieldNamed() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let ana = StaffBrowser(client)
            try await ana.signIn("ana")
            try await ana.get("/staff/reports")
            #expect(try await ana.submit("/staff/reports/restate", ["month": "2026-10", "reason": "   "]).status == .unprocessableContent)
            #expect(ana.lastPage.contains("กรุณาระบุเหตุผลของการปรับปรุงรายงาน"))
            #expect(try await ana.submit("/staff/reports/restate", ["month": "2026-10", "reason": String(repeating: "ก", count: 1_001)]).status == .unprocessableContent)
            #expect(ana.lastPage.contains("ยาวเกิน 1,000"))
            #expect(try await ana.submit("/staff/reports/lock", ["month": "October"]).status == .unprocessableContent)
            #expect(try await ana.submit("/staff/reports/lock", ["month": "2027-01"]).status == .notFound)
        }
    }
}
