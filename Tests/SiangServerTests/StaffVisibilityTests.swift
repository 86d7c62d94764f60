import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// Each role sees what DESIGN.md section 1 gives it, through the pages and the API alike, and every
/// view of personal data is in the audit log.
@Suite struct StaffVisibilityTests {
    @Test func anAgentCannotReadAnotherQueuesCaseByIDThroughThePageOrTheAPI() async throws {
        let s = try await StaffServer()
        let own = try await s.file("ไฟถนนดับหน้าซอย 9", category: "lighting", contact: Contact(name: "สมหญิง รักดี", phone: "0891112222"))
        let other = try await s.file("ขยะล้นถังหน้าตลาด", category: "waste", contact: Contact(name: "มานะ ขยัน", phone: "0823334444"))
        let token = try await s.token(for: "somchai")
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            let page = try await browser.get("/staff/cases/\(other)")
            #expect(page.status == .notFound)
            #expect(!browser.lastPage.contains("มานะ") && !browser.lastPage.contains("ขยะล้นถัง"))
            let api = try await client.execute(uri: "/api/v1/staff/complaints/\(other)", method: .get, headers: bearer(token))
            #expect(api.status == .notFound)
            #expect(!api.text.contains("มานะ"))
            // Nor change it.
            let patch = try await client.execute(uri: "/api/v1/staff/complaints/\(other)", method: .patch, headers: bearer(token, json: true),
                                                 body: jsonBody(["internalNote": "แอบดู"]))
            #expect(patch.status == .notFound)
            // Their own queue's case opens, with the contact, and the view is audited.
            #expect(try await browser.get("/staff/cases/\(own)").status == .ok)
            #expect(browser.lastPage.contains("สมหญิง รักดี") && browser.lastPage.contains("0891112222"))
            #expect(try await client.execute(uri: "/api/v1/staff/complaints/\(own)", method: .get, headers: bearer(token)).status == .ok)
        }
        let audit = try await s.store.auditLog(of: own)
        #expect(audit.filter { $0.action == "view_case_personal_data" && $0.actor == "staff:somchai" }.count == 2)
        #expect(try await s.store.auditLog(of: other).isEmpty)
    }

    @Test func onlyTheIntegrityRoleEverSeesACorruptionCase() async throws {
        let s = try await StaffServer()
        let secret = "ปลัดเรียกรับเงินสามหมื่นบาทเพื่ออนุมัติใบอนุญาตก่อสร้าง"
        let id = try await s.file(secret, category: "corruption")
        try await s.test { client in
            for name in ["root", "boss", "somchai", "malee"] {
                let token = try await s.token(for: name)
                #expect(try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .get, headers: bearer(token)).status == .notFound)
                let list = try await client.execute(uri: "/api/v1/staff/complaints?status=all", method: .get, headers: bearer(token))
                #expect(list.status == .ok && !list.text.contains(id.description))
                let searched = try await client.execute(uri: "/api/v1/staff/complaints?q=%E0%B9%80%E0%B8%A3%E0%B8%B5%E0%B8%A2%E0%B8%81%E0%B8%A3%E0%B8%B1%E0%B8%9A%E0%B9%80%E0%B8%87%E0%B8%B4%E0%B8%99",
                                                          method: .get, headers: bearer(token))
                #expect(searched.status == .ok && !searched.text.contains(id.description), "\(name) found it by search")
                let browser = StaffBrowser(client)
                try await browser.signIn(name)
                #expect(try await browser.get("/staff/cases/\(id)").status == .notFound)
                try await browser.get("/staff/queue?queue=all&q=" + StaffBrowser.encode("เรียกรับเงิน"))
                #expect(!browser.lastPage.contains(id.description))
                try await browser.get("/staff/dashboard")
                #expect(!browser.lastPage.contains("การทุจริตและประพฤติมิชอบ"), "\(name) sees it counted")
                #expect(!browser.lastPage.contains("ศูนย์ปฏิบัติการต่อต้านการทุจริต"))
            }
            let honest = StaffBrowser(client)
            try await honest.signIn("honest")
            #expect(try await honest.get("/staff/cases/\(id)").status == .ok)
            #expect(honest.lastPage.contains(secret))
            try await honest.get("/staff/queue")
            #expect(honest.lastPage.contains(id.description), "the integrity queue is the officer's first queue")
            try await honest.get("/staff/dashboard")
            #expect(honest.lastPage.contains("การทุจริตและประพฤติมิชอบ"))
        }
    }

    @Test func theAnalystSeesAggregatesButNoCaseAndNoPersonalData() async throws {
        let s = try await StaffServer()
        let name = "วิชัย ใจซื่อ", phone = "0865556666"
        let id = try await s.file("ถนนหน้าบ้านเลขที่ 45 เป็นหลุมใหญ่", category: "road", contact: Contact(name: name, phone: phone))
        let token = try await s.token(for: "ana")
        try await s.test { client in
            for uri in ["/api/v1/staff/complaints", "/api/v1/staff/complaints/\(id)"] {
                let r = try await client.execute(uri: uri, method: .get, headers: bearer(token))
                #expect(r.status == .forbidden, "\(uri)")
                #expect(!r.text.contains(phone))
            }
            let patch = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                                 body: jsonBody(["internalNote": "x"]))
            #expect(patch.status == .forbidden)
            let browser = StaffBrowser(client)
            try await browser.signIn("ana")
            for page in ["/staff/queue", "/staff/cases/\(id)", "/staff/callbacks"] {
                #expect(try await browser.get(page).status == .forbidden, "\(page)")
                #expect(browser.lastPage.contains("ดูได้เฉพาะข้อมูลสรุปภาพรวม"))
            }
            #expect(try await browser.get("/staff/dashboard").status == .ok)
            let dashboard = browser.lastPage
            #expect(dashboard.contains(#"id="open-total">1<"#))
            #expect(!dashboard.contains(name) && !dashboard.contains(phone) && !dashboard.contains(id.description))
            #expect(!dashboard.contains("เรื่องค้างนานที่สุด"), "no case list for the analyst")
        }
        #expect(try await s.store.auditLog(of: id).isEmpty)
    }

    @Test func theCallbackListShowsNumbersToCallAndAuditsTheView() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟกิ่งหน้าบ้านดับ", category: "lighting", channel: .hotline, contact: Contact(name: "ยายศรี", phone: "0817778888"))
        let token = try await s.token(for: "somchai")
        try await s.test { client in
            let r = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                             body: jsonBody(["status": "in_progress", "publicNote": "ช่างไฟฟ้าจะเข้าไปวันพุธนี้"]))
            #expect(r.status == .ok)
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/callbacks")
            #expect(browser.lastPage.contains("ยายศรี") && browser.lastPage.contains("0817778888"))
            #expect(browser.lastPage.contains("ช่างไฟฟ้าจะเข้าไปวันพุธนี้"))
            let outbox = try #require(StaffBrowser.hidden("csrf", in: browser.lastPage))
            _ = outbox
            let action = try #require(browser.lastPage.range(of: #"/staff/callbacks/[0-9]+"#, options: .regularExpression))
            #expect(try await browser.submit(String(browser.lastPage[action]), [:]).status == .seeOther)
            try await browser.get("/staff/callbacks?done=1")
            #expect(browser.lastPage.contains("ไม่มีรายการที่ต้องโทรแจ้ง"))
            // Another queue's agent never sees the number.
            let malee = StaffBrowser(client)
            try await malee.signIn("malee")
            try await malee.get("/staff/callbacks")
            #expect(!malee.lastPage.contains("0817778888"))
        }
        #expect(try await s.store.auditLog(of: id).contains { $0.action == "view_callback_contact" && $0.actor == "staff:somchai" })
    }
    @Test func attachmentsOpenForTheCasesQueueOnlyAndAreAudited() async throws {
        let s = try await StaffServer()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 40)
        let ref = try s.services.attachments.store(Data(png), filename: "เสาไฟ.png", type: .png)
        let intake = Intake(kind: .complaint, text: "เสาไฟเอียงจะล้ม", channel: .web, receivedAt: s.clock.now(), attachments: [ref], category: "lighting")
        guard case .created(let receipt) = try await s.services.pipeline.submit(intake) else { throw CocoaError(.featureUnsupported) }
        let id = receipt.trackingId
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/cases/\(id)")
            #expect(browser.lastPage.contains("เสาไฟ.png"))
            let file = try await browser.get("/staff/cases/\(id)/attachments/\(ref.sha256)")
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "image/png")
            #expect(Array(file.body.readableBytesView) == png)
            let other = StaffBrowser(client)
            try await other.signIn("malee")
            #expect(try await other.get("/staff/cases/\(id)/attachments/\(ref.sha256)").status == .notFound)
        }
        #expect(try await s.store.auditLog(of: id).contains { $0.action == "view_attachment" && $0.actor == "staff:somchai" })
    }
}
