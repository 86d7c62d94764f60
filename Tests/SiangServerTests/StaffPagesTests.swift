import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// The queue page, the case page and its actions, and the dashboard, as a staff member uses them.
@Suite struct StaffPagesTests {
    @Test func theQueueListsCasesByUrgencyWithCountdownsAndColours() async throws {
        let s = try await StaffServer()
        let now = s.clock.now()
        let fresh = try await s.file("ไฟดับหน้าโรงพยาบาล", category: "lighting", at: now.addingTimeInterval(-3600))
        let late = try await s.file("ไฟดับหน้าวัด", category: "lighting", at: now.addingTimeInterval(-30 * 86_400))
        let risky = try await s.file("ไฟดับหน้าตลาด", category: "lighting", at: now.addingTimeInterval(-19 * 86_400))
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            let r = try await browser.get("/staff/queue")
            #expect(r.status == .ok)
            let html = browser.lastPage
            #expect(html.contains("คิวงาน: กองช่าง"), "an agent starts on their queue")
            let order = [late, risky, fresh].map { html.range(of: "data-tracking-id=\"\($0)\"")?.lowerBound }
            #expect(order.allSatisfy { $0 != nil })
            #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "most urgent first")
            #expect(html.contains(#"<tr class="sla-row sla-row-breached" data-tracking-id="\#(late)">"#))
            #expect(html.contains(#"<tr class="sla-row sla-row-at_risk" data-tracking-id="\#(risky)">"#))
            #expect(html.contains(#"<tr class="sla-row sla-row-on_track" data-tracking-id="\#(fresh)">"#))
            #expect(html.contains("เกินกำหนด") && html.contains("ใกล้ครบกำหนด") && html.contains("อยู่ในกำหนด"))
            #expect(html.contains("เหลือ 14 วันทำการ"), "the countdown in business days")
            #expect(html.contains("ครบกำหนด <time"))
            #expect(html.contains("2569"), "dates in the Buddhist Era")
            // Filters.
            try await browser.get("/staff/queue?queue=engineering&sla=breached")
            #expect(browser.lastPage.contains(late.description) && !browser.lastPage.contains(fresh.description))
            try await browser.get("/staff/queue?queue=engineering&from=" + StaffBrowser.encode("16/11/2569"))
            #expect(browser.lastPage.contains(fresh.description) && !browser.lastPage.contains(late.description))
            let bad = try await browser.get("/staff/queue?sla=soon")
            #expect(bad.status == .unprocessableContent)
            #expect(browser.lastPage.contains("ใช้ในช่องนี้ไม่ได้"))
        }
    }

    @Test func searchFindsAThaiSubstringAndATrackingIDOpensTheCase() async throws {
        let s = try await StaffServer()
        let drain = try await s.file("ท่อระบายน้ำหน้าโรงเรียนเทศบาลหนึ่งอุดตัน น้ำเน่าส่งกลิ่น", category: "water")
        _ = try await s.file("ถนนลาดยางหน้าโรงเรียนแตกเป็นร่อง", category: "road")
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/queue?queue=all&q=" + StaffBrowser.encode("เรียนเทศบาล"))
            #expect(browser.lastPage.contains(drain.description))
            #expect(browser.lastPage.components(separatedBy: "data-tracking-id=").count == 2, "only the matching case")
            try await browser.get("/staff/queue?queue=all&q=" + StaffBrowser.encode("ไม่มีคำนี้แน่นอน"))
            #expect(browser.lastPage.contains("ไม่พบเรื่องที่ตรงกับคำค้น"))
            let jump = try await browser.get("/staff/queue?q=" + drain.description.lowercased())
            #expect(jump.status == .seeOther && jump.location == "/staff/cases/\(drain)")
        }
    }

    @Test func theCasePageOffersOnlyLegalMovesAndResolvingTellsTheCitizen() async throws {
        let s = try await StaffServer()
        let note = "ช่างกองช่างเปลี่ยนหลอดไฟ LED ใหม่ 2 ดวง ไฟสว่างตามปกติแล้ว"
        let id = try await s.file("ไฟถนนซอย 7 ดับสองต้น", category: "lighting", contact: Contact(name: "สมศรี", email: "somsri@example.org"))
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/cases/\(id)")
            var html = browser.lastPage
            #expect(html.contains(#"id="case-status" class="status status-received">รับเรื่องแล้ว<"#))
            #expect(!html.contains(#"id="form-resolve""#), "received cannot jump to resolved")
            #expect(!html.contains(#"id="form-ask""#))
            #expect(html.contains(#"<option value="in_progress">อยู่ระหว่างดำเนินการ</option>"#))
            #expect(html.contains(#"id="form-refer""#) && html.contains(#"id="form-reject""#) && html.contains(#"id="form-merge""#))
            #expect(html.contains("somsri@example.org"), "the contact, for staff")

            // A hand-made post of an illegal move is refused with a clear message.
            let illegal = try await browser.submit("/staff/cases/\(id)", ["action": "status", "status": "closed",
                                                                         "eventCount": StaffBrowser.hidden("eventCount", in: html) ?? ""])
            #expect(illegal.status == .conflict)
            #expect(browser.lastPage.contains("ไม่สามารถเปลี่ยนสถานะจาก “รับเรื่องแล้ว” เป็น “ปิดเรื่อง” ได้"))

            #expect(try await browser.submit("/staff/cases/\(id)", ["action": "take", "eventCount": StaffBrowser.hidden("eventCount", in: browser.lastPage) ?? ""]).status == .seeOther)
            try await browser.get("/staff/cases/\(id)?done=take")
            #expect(browser.lastPage.contains("รับเรื่องไว้ดำเนินการแล้ว"))
            #expect(browser.lastPage.contains(#"id="case-assignee">somchai<"#))
            try await browser.submit("/staff/cases/\(id)", ["action": "status", "status": "in_progress", "eventCount": StaffBrowser.hidden("eventCount", in: browser.lastPage) ?? ""])
            try await browser.get("/staff/cases/\(id)")
            html = browser.lastPage
            #expect(html.contains(#"id="form-resolve""#) && html.contains(#"id="form-ask""#))
            // Resolving without a note is refused; with one it is done and the citizen told.
            let empty = try await browser.submit("/staff/cases/\(id)", ["action": "resolve", "publicNote": " ", "eventCount": StaffBrowser.hidden("eventCount", in: html) ?? ""])
            #expect(empty.status == .unprocessableContent)
            #expect(browser.lastPage.contains("กรุณาบันทึกผลการดำเนินการ"))
            let done = try await browser.submit("/staff/cases/\(id)", ["action": "resolve", "publicNote": note, "eventCount": StaffBrowser.hidden("eventCount", in: browser.lastPage) ?? ""])
            #expect(done.status == .seeOther)
            try await browser.get(try #require(done.location))
            #expect(browser.lastPage.contains("ดำเนินการแล้วเสร็จ"))
            #expect(browser.lastPage.contains(#"<option value="closed">ปิดเรื่อง</option>"#))
            #expect(!browser.lastPage.contains(#"id="form-resolve""#))
            // The citizen reads the note on the tracking page.
            let track = try await client.execute(uri: "/track/\(id)", method: .get)
            #expect(track.text.contains(note))
        }
        let pending: [OutboxMessage] = try await s.store.pendingOutbox(limit: 100).map(\.message)
        let notices = pending.filter { (m: OutboxMessage) in m.trackingID == id && m.kind == "status_notice" }
        #expect(notices.count == 2 && notices.allSatisfy { (m: OutboxMessage) in m.channel == SiangCore.Channel.email })
    }

    @Test func aFormFromAStalePageIsRefused() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟดับ", category: "lighting")
        try await s.test { client in
            let a = StaffBrowser(client)
            let b = StaffBrowser(client)
            try await a.signIn("somchai")
            try await b.signIn("boss")
            try await a.get("/staff/cases/\(id)")
            try await b.get("/staff/cases/\(id)")
            #expect(try await b.submit("/staff/cases/\(id)", ["action": "note", "internalNote": "ดูแล้ว", "eventCount": StaffBrowser.hidden("eventCount", in: b.lastPage) ?? ""]).status == .seeOther)
            let stale = try await a.submit("/staff/cases/\(id)", ["action": "reply", "publicNote": "กำลังดำเนินการ", "eventCount": StaffBrowser.hidden("eventCount", in: a.lastPage) ?? ""])
            #expect(stale.status == .conflict)
            #expect(a.lastPage.contains("มีผู้อื่นแก้ไขเรื่องนี้"))
            #expect(a.lastPage.contains("กำลังดำเนินการ"), "what was typed is kept")
        }
    }

    @Test func theDashboardDrawsQueuesBySLAStateAndThisMonthsIntake() async throws {
        let s = try await StaffServer()
        let now = s.clock.now()
        _ = try await s.file("ไฟดับ 1", category: "lighting", at: now.addingTimeInterval(-30 * 86_400))
        _ = try await s.file("ไฟดับ 2", category: "lighting")
        _ = try await s.file("ขยะล้น", category: "waste", channel: .hotline, contact: Contact(phone: "0800000000"))
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("root")
            #expect(try await browser.get("/staff/dashboard").status == .ok)
            let html = browser.lastPage
            #expect(html.contains("<svg") && html.contains(#"class="sla-breached""#) && html.contains(#"class="sla-on_track""#))
            #expect(html.contains(#"id="open-total">3<"#))
            #expect(html.contains(#"id="breached-now">1<"#))
            #expect(html.contains(#"id="month-total">2<"#), "cases received this fiscal month")
            #expect(html.contains("เดือนพฤศจิกายน 2569 (เดือนที่ 2 ของปีงบประมาณ พ.ศ. 2570)"))
            #expect(html.contains("<th scope=\"row\">สายด่วน</th><td>1</td>"))
            #expect(html.contains("เรื่องค้างนานที่สุด"))
        }
    }

    @Test func theStaffPagesHaveTheirOwnStyleSheetAndThaiLayout() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let css = try await client.execute(uri: "/assets/staff.css", method: .get)
            #expect(css.status == .ok && css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.text.contains(".sla-breached"))
            let browser = StaffBrowser(client)
            try await browser.signIn("boss")
            try await browser.get("/staff/queue")
            #expect(browser.lastPage.contains(#"<html lang="th">"#))
            #expect(browser.lastPage.contains(##"<a class="skip" href="#main">"##))
            #expect(browser.lastPage.contains(#"href="/assets/staff.css""#) && !browser.lastPage.contains("siang.css"))
        }
    }
}
