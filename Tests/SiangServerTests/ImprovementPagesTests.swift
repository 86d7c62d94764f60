import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// `/staff/improvements`: the list with before/after values, the new-entry form prefilled from a
/// Pareto row, the edit form, CSRF, roles, Thai first and English with `?lang=en`.
@Suite struct ImprovementPagesTests {
    static func bkk(_ y: Int, _ m: Int, _ d: Int) -> Date { BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 10))! }

    static let fields: [String: String] = [
        "date": "2026-08-10", "title": "ตั้งทีมซ่อมถนนเร่งด่วน", "action": "ซ่อมหลุมบ่อภายใน 3 วันทำการ", "owningUnit": "กองช่าง",
        "learningLevel": "pdca", "category.road": "on", "metric.cases_received": "on", "metric.complaints_resolved_pct": "on",
    ]

    @Test func theFYReportsParetoRowOpensThePrefilledFormAndTheEntryShowsItsValues() async throws {
        let s = try await StaffServer()
        for (m, d) in [(5, 5), (6, 20), (7, 1)] { _ = try await s.file("ถนนเป็นหลุมลึก", category: "road", at: Self.bkk(2026, m, d)) }
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("ana")
            let report = try await browser.get("/staff/reports?kind=fy&id=2569")
            // The FY report as of 16 November 2026 is over (it ended 30 September): its finding day is 30 September.
            #expect(report.text.contains(#"href="/staff/improvements/new?category=road&amp;date=2026-09-30""#))
            #expect(report.text.contains(#"aria-label="บันทึกการปรับปรุง: "#))

            let form = try await browser.get("/staff/improvements/new?category=road&date=2026-09-30")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"name="category.road" checked"#) && form.text.contains(#"value="2026-09-30""#))
            #expect(form.text.contains(#"<html lang="th""#) && form.text.contains("บันทึกการปรับปรุงใหม่"))

            let saved = try await browser.submit("/staff/improvements", Self.fields)
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/staff/improvements?fy=2569&done=added#improvement-1")
            let list = try await browser.get("/staff/improvements?fy=2569&done=added")
            #expect(list.text.contains("บันทึกการปรับปรุงเรียบร้อยแล้ว") && list.text.contains("ตั้งทีมซ่อมถนนเร่งด่วน"))
            // Before (May-July 2026): three road complaints received, none finished by the end of July.
            #expect(list.text.contains(#"<tr data-metric="cases_received"><th scope="row">"#))
            #expect(list.text.contains(#"<td class="before"><span class="value">3</span> <small>พฤษภาคม 2569 – กรกฎาคม 2569</small></td>"#))
            #expect(list.text.contains(#"<td class="before"><span class="value">0</span> <small>พฤษภาคม 2569 – กรกฎาคม 2569 · n = 3</small></td>"#))
            // After (September-November 2026): not over on 16 November.
            #expect(list.text.contains(#"<td class="after"><span class="value">ยังไม่ครบช่วงเวลา</span>"#))
            #expect(list.text.contains(#"10 สิงหาคม 2569"#))

            let english = try await browser.get("/staff/improvements?fy=2569&lang=en")
            #expect(english.text.contains(#"<html lang="en""#) && english.text.contains("not over yet") && english.text.contains("10 Aug 2026"))
            #expect(try await browser.get("/staff/improvements?fy=2570").text.contains("ยังไม่มีบันทึกการปรับปรุงในปีงบประมาณนี้"))
        }
        #expect(try await s.store.improvementAudit(id: 1).map(\.actor) == ["staff:ana"])
    }

    @Test func aBadFormComesBackWithWhatWasTypedAndEveryProblemNamed() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("boss")
            try await browser.get("/staff/improvements/new")
            var bad = Self.fields
            bad["date"] = "31/02/2569"
            bad["title"] = " "
            bad["category.road"] = nil
            bad["metric.cases_received"] = nil
            bad["metric.complaints_resolved_pct"] = nil
            let r = try await browser.submit("/staff/improvements", bad)
            #expect(r.status == .unprocessableContent)
            #expect(r.text.contains(##"<a href="#improvement-date">"##) && r.text.contains(##"<a href="#improvement-title">"##))
            #expect(r.text.contains(##"<a href="#triggers">"##))
            #expect(r.text.contains("ซ่อมหลุมบ่อภายใน 3 วันทำการ</textarea>"))
            // A Buddhist Era date typed by hand is read as the day it names.
            var typed = Self.fields
            typed["date"] = "10/08/2569"
            #expect(try await browser.submit("/staff/improvements", typed).status == .seeOther)
            #expect(try await browser.post("/staff/improvements", Self.fields).status == .forbidden, "no CSRF token")
        }
        #expect(try await s.store.improvements(from: nil, to: nil).map(\.date.description) == ["2026-08-10"])
    }

    @Test func anEntryIsEditedWithItsVersionAndAStaleFormIsRefused() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("root")
            try await browser.get("/staff/improvements/new")
            try await browser.submit("/staff/improvements", Self.fields)
            let edit = try await browser.get("/staff/improvements/1/edit?lang=en")
            #expect(edit.status == .ok && edit.text.contains("Edit an improvement") && edit.text.contains(#"name="category.road" checked"#))
            let version = try #require(StaffBrowser.hidden("version", in: edit.text))
            s.clock.advance(60)
            var changed = Self.fields
            changed["version"] = version
            changed["learningLevel"] = "sharing"
            changed["metric.cases_received"] = nil
            let saved = try await browser.submit("/staff/improvements/1?lang=en", changed)
            #expect(saved.status == .seeOther && saved.location == "/staff/improvements?fy=2569&done=updated&lang=en#improvement-1")
            let stale = try await browser.submit("/staff/improvements/1", changed)
            #expect(stale.status == .conflict)
            #expect(try await browser.get("/staff/improvements/9/edit").status == .notFound)
        }
        let entry = try #require(try await s.store.improvement(id: 1))
        #expect(entry.learningLevel == .sharing && entry.triggers.metricIds == ["complaints_resolved_pct"])
        #expect(try await s.store.improvementAudit(id: 1).map(\.action) == ["improvement.add", "improvement.update"])
    }

    @Test func agentsAreRefusedAndTheCasePageOffersTheLinkToThoseWhoMayWrite() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟถนนดับทั้งซอย", category: "lighting")
        try await s.test { client in
            let agent = StaffBrowser(client)
            try await agent.signIn("somchai")
            #expect(try await agent.get("/staff/improvements").status == .forbidden)
            #expect(try await agent.get("/staff/improvements/new").status == .forbidden)
            #expect(!(try await agent.get("/staff/cases/\(id)").text.contains("case-improve")))
            #expect(!(try await agent.get("/staff/queue").text.contains("/staff/improvements")))
            let boss = StaffBrowser(client)
            try await boss.signIn("boss")
            let page = try await boss.get("/staff/cases/\(id)")
            #expect(page.text.contains(#"id="case-improve""#) && page.text.contains("/staff/improvements/new?category=lighting&amp;date=2026-11-16"))
            #expect(page.text.contains(#"href="/staff/improvements""#))
        }
    }
}
