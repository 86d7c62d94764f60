import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// A public note or referral text with a phone number, an email or the complainant's name is held
/// back until the staff member confirms it (issue 11, low).
@Suite struct PersonalDataInNotesTests {
    @Test func aPublicTextWithPersonalDataNeedsConfirmationInTheAPI() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟถนนดับหน้าบ้าน", category: "road", contact: Contact(name: "สมหญิง รักดี", phone: "0891112222"))
        let token = try await s.token(for: "somchai")
        let before = try await s.store.events(of: id).count
        try await s.test { client in
            for body in [#"{"publicNote":"จะโทรกลับที่ 089-111-2222"}"#, #"{"publicNote":"คุณสมหญิงครับ ช่างจะเข้าไปพรุ่งนี้"}"#,
                         #"{"status":"referred","referredTo":"การไฟฟ้านครหลวง ติดต่อ somying@example.com"}"#,
                         #"{"status":"rejected","reason":"คุณรักดีแจ้งซ้ำ"}"#] {
                let r = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                                 body: ByteBuffer(string: body))
                #expect(r.status == .unprocessableContent, "\(body): \(r.text)")
                #expect(r.text.contains("personal_data_in_note"), "\(body): \(r.text)")
                #expect(!r.text.contains("0891112222") && !r.text.contains("089-111-2222"), "the answer does not repeat the number")
            }
            #expect(try await s.store.events(of: id).count == before, "nothing was published")
            let clean = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                                 body: ByteBuffer(string: #"{"publicNote":"ช่างจะเข้าซ่อมภายในวันพรุ่งนี้"}"#))
            #expect(clean.status == .ok)
            let confirmed = try await client.execute(uri: "/api/v1/staff/complaints/\(id)", method: .patch, headers: bearer(token, json: true),
                                                     body: ByteBuffer(string: #"{"publicNote":"หากสะดวกโทรแจ้งสายด่วนเขต 02-123-4567","confirmPersonalData":true}"#))
            #expect(confirmed.status == .ok, "\(confirmed.text)")
        }
        #expect(try await s.store.events(of: id).count == before + 2)
    }

    @Test func theWorkspaceFormComesBackWithTheWarningAndAConfirmBox() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟถนนดับหน้าบ้าน", category: "road", contact: Contact(name: "สมหญิง รักดี", phone: "0891112222"))
        let before = try await s.store.events(of: id).count
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/cases/\(id)")
            #expect(!browser.lastPage.contains("reply-confirm-pd"))
            let note = "เรียนคุณสมหญิง ช่างจะเข้าไปพรุ่งนี้"
            let warned = try await browser.submit("/staff/cases/\(id)", ["action": "reply", "eventCount": "\(before)", "publicNote": note])
            #expect(warned.status == .unprocessableContent)
            #expect(browser.lastPage.contains("ชื่อผู้ร้อง"))
            #expect(browser.lastPage.contains("id=\"reply-confirm-pd\""))
            #expect(browser.lastPage.contains(note), "the text typed is kept")
            #expect(try await s.store.events(of: id).count == before)
            let sent = try await browser.submit("/staff/cases/\(id)", ["action": "reply", "eventCount": "\(before)", "publicNote": note,
                                                                       "confirmPersonalData": "1"])
            #expect(sent.status == .seeOther)
        }
        #expect(try await s.store.events(of: id).count == before + 1)
    }
}
