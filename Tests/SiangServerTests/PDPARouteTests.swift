import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
@testable import SiangStore

/// `POST /api/v1/staff/pdpa/export|erase` (docs/pdpa.md): an admin exports and erases a person's data,
/// every other role is refused, bad bodies get a 400 naming the field, and the audit log carries the
/// admin and the case, never the phone.
@Suite struct PDPARouteTests {
    @Test func anAdminExportsThenErasesAPersonAndOtherRolesAreRefused() async throws {
        let s = try await StaffServer()
        let mine = try await s.file("ถนนหน้าบ้านเป็นหลุม", category: "road", contact: Contact(name: "สมศรี", phone: "081-234-5678"))
        let other = try await s.file("ไฟกิ่งดับ", category: "lighting", contact: Contact(name: "ชูใจ", phone: "089-999-9999"))
        let root = try await s.token(for: "root"), boss = try await s.token(for: "boss")
        let body = ByteBuffer(string: #"{"phone": "+66 81 234 5678"}"#)
        try await s.test { client in
            let export = try await client.execute(uri: "/api/v1/staff/pdpa/export", method: .post, headers: bearer(root, json: true), body: body)
            #expect(export.status == .ok && export.headers[.cacheControl] == "no-store")
            let cases = try #require(try export.json()["cases"] as? [[String: Any]])
            #expect(cases.map { $0["trackingId"] as? String } == [mine.description])
            #expect((cases.first?["contact"] as? [String: Any])?["name"] as? String == "สมศรี")
            #expect(cases.first?["text"] as? String == "ถนนหน้าบ้านเป็นหลุม")

            for token in [boss] {
                let refused = try await client.execute(uri: "/api/v1/staff/pdpa/erase", method: .post, headers: bearer(token, json: true), body: body)
                #expect(refused.status == .forbidden)
            }
            #expect(try await client.execute(uri: "/api/v1/staff/pdpa/export", method: .post, body: body).status == .unauthorized)
            // A field that is wrong is named (422); a body that is not an object is refused whole (400).
            for (bad, status) in [(#"{"email": "somsri@"}"#, HTTPResponse.Status.unprocessableContent),
                                  (#"{"phone": "0812345678", "email": "a@b.co"}"#, .unprocessableContent), (#"{"name": "สมศรี"}"#, .unprocessableContent),
                                  (#"{"phone": 812345678}"#, .unprocessableContent), ("[]", .badRequest), ("{", .badRequest)] {
                let answer = try await client.execute(uri: "/api/v1/staff/pdpa/erase", method: .post, headers: bearer(root, json: true),
                                                      body: ByteBuffer(string: bad))
                #expect(answer.status == status, "\(bad)")
            }
            #expect(try await s.store.contact(of: mine)?.name == "สมศรี", "nothing was erased by the refused requests")

            let erase = try await client.execute(uri: "/api/v1/staff/pdpa/erase", method: .post, headers: bearer(root, json: true), body: body)
            #expect(erase.status == .ok)
            let erased = try #require(try erase.json()["cases"] as? [[String: Any]])
            #expect(erased.map { $0["trackingId"] as? String } == [mine.description] && erased.first?["contactErased"] as? Bool == true)
            let again = try await client.execute(uri: "/api/v1/staff/pdpa/export", method: .post, headers: bearer(root, json: true), body: body)
            #expect(try again.json()["cases"] as? [Any] == nil || (try again.json()["cases"] as? [Any])?.isEmpty == true)
        }
        #expect(try await s.store.contact(of: other)?.name == "ชูใจ")
        #expect(try await s.store.record(mine)?.text == "ถนนหน้าบ้านเป็นหลุม", "the case stays")
        let log = try await s.store.auditLog(of: mine)
        #expect(log.filter { $0.action.hasPrefix("pdpa.") }.map(\.action) == ["pdpa.export", "pdpa.erase"])
        #expect(log.filter { $0.action.hasPrefix("pdpa.") }.allSatisfy { $0.actor == "staff:root" })
        let chain = try await s.store.auditChainRows(after: 0, limit: 1_000)
        #expect(!chain.contains { $0.actor.contains("081") || $0.action.contains("081") || ($0.trackingID ?? "").contains("081") })
    }

    @Test func anErasedAttachmentIsNoLongerOfferedThoughAnotherCaseKeepsTheSameFile() async throws {
        let s = try await StaffServer()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 9, count: 40)
        let ref = try s.services.attachments.store(Data(png), filename: "หน้าบ้านสมศรี.png", type: .png)
        var ids: [TrackingID] = []
        for (text, phone) in [("ท่อแตกหน้าบ้าน", "0812345678"), ("ท่อแตกซอยเดียวกัน", "0899999999")] {
            let intake = Intake(kind: .complaint, text: text, channel: .web, receivedAt: s.clock.now(), contact: Contact(phone: phone), consent: true,
                                attachments: [ref], category: "water")
            guard case .created(let receipt) = try await s.services.pipeline.submit(intake) else { throw CocoaError(.featureUnsupported) }
            ids.append(receipt.trackingId)
        }
        let root = try await s.token(for: "root"), cases = ids
        try await s.test { client in
            let erase = try await client.execute(uri: "/api/v1/staff/pdpa/erase", method: .post, headers: bearer(root, json: true),
                                                 body: ByteBuffer(string: #"{"phone": "081 234 5678"}"#))
            #expect(try erase.json()["filesDeleted"] as? Int == 0, "the other case still holds the content")
            let admin = StaffBrowser(client)
            try await admin.signIn("root")
            try await admin.get("/staff/cases/\(cases[0])")
            #expect(admin.lastPage.contains("ไฟล์ถูกลบแล้ว") && !admin.lastPage.contains("หน้าบ้านสมศรี.png"))
            #expect(!admin.lastPage.contains("/attachments/\(ref.sha256)"))
            #expect(try await admin.get("/staff/cases/\(cases[0])/attachments/\(ref.sha256)").status == .notFound)
            #expect(try await admin.get("/staff/cases/\(cases[1])/attachments/\(ref.sha256)").status == .ok)
        }
    }

    @Test func theAdminPageFindsThenErasesAfterConfirmationAndIsForAdminsOnly() async throws {
        let s = try await StaffServer()
        let mine = try await s.file("ถนนหน้าบ้านเป็นหลุม", category: "road", contact: Contact(name: "สมศรี", phone: "081-234-5678"))
        try await s.test { client in
            let agent = StaffBrowser(client)
            try await agent.signIn("boss")
            #expect(try await agent.get("/staff/pdpa").status == .forbidden)
            #expect(!agent.lastPage.contains("href=\"/staff/pdpa\""), "no link for other roles")

            let admin = StaffBrowser(client)
            try await admin.signIn("root")
            #expect(try await admin.get("/staff/pdpa").status == .ok)
            #expect(admin.lastPage.contains("คำขอของเจ้าของข้อมูลส่วนบุคคล") && admin.lastPage.contains("lang=\"th\""))
            #expect(try await admin.submit("/staff/pdpa", ["by": "email", "value": "somsri@", "action": "export"]).status == .unprocessableContent)
            #expect(admin.lastPage.contains("อีเมลไม่ถูกต้อง"))
            #expect(try await admin.submit("/staff/pdpa", ["by": "phone", "value": "+66 81 234 5678", "action": "export"]).status == .ok)
            #expect(admin.lastPage.contains(mine.description) && admin.lastPage.contains("สมศรี"))
            #expect(try await admin.submit("/staff/pdpa", ["by": "phone", "value": "0812345678", "action": "erase"]).status == .unprocessableContent,
                    "erasing asks for the confirmation")
            #expect(try await s.store.contact(of: mine)?.name == "สมศรี")
            #expect(try await admin.submit("/staff/pdpa", ["by": "phone", "value": "0812345678", "action": "erase", "confirm": "yes"]).status == .ok)
            #expect(admin.lastPage.contains("ลบข้อมูลส่วนบุคคลใน 1 เรื่องแล้ว"))
            #expect(try await admin.post("/staff/pdpa", ["by": "phone", "value": "0812345678", "action": "export"]).status == .forbidden,
                    "a form without the session's token is refused")
        }
        #expect(try await s.store.contact(of: mine)?.name == nil)
        #expect(try await s.store.auditLog(of: mine).filter { $0.action.hasPrefix("pdpa.") }.map(\.actor) == ["staff:root", "staff:root"])
    }
}
