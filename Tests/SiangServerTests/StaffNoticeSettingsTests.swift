import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// The notice settings on the account page: one's email and preference (a bad address refused and
/// nothing kept), a one-time LINE link code shown once, unlinking, and CSRF on every form.
@Suite struct StaffNoticeSettingsTests {
    @Test func anEmailAndPreferenceAreSavedAndABadAddressChangesNothing() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let boss = StaffBrowser(client)
            try await boss.signIn("boss")
            try await boss.get("/staff/account")
            #expect(boss.lastPage.contains("การแจ้งเตือนเรื่องที่ต้องเร่งดำเนินการ") && boss.lastPage.contains("ยังไม่ได้เชื่อมบัญชี LINE"))
            #expect(try await boss.post("/staff/account/notices", ["email": "boss@example.go.th", "preference": "both"]).status == .forbidden,
                    "no CSRF token")
            let bad = try await boss.submit("/staff/account/notices", ["email": "boss@example.go.th>\r\nBcc: x@y.z", "preference": "both"])
            #expect(bad.status == .unprocessableContent && boss.lastPage.contains("อีเมลไม่ถูกต้อง"))
            let noChoice = try await boss.submit("/staff/account/notices", ["email": "boss@example.go.th", "preference": "fax"])
            #expect(noChoice.status == .unprocessableContent)
            #expect(try await s.store.staffContacts(usernames: ["boss"]).first == StaffContact(username: "boss", role: .supervisor))
            let ok = try await boss.submit("/staff/account/notices", ["email": " boss@example.go.th ", "preference": "both"])
            #expect(ok.status == .seeOther && ok.location == "/staff/account?done=notices")
            let saved = try #require(try await s.store.staffContacts(usernames: ["boss"]).first)
            #expect(saved.email == "boss@example.go.th" && saved.preference == .both)
            try await boss.get("/staff/account?done=notices")
            #expect(boss.lastPage.contains(#"value="boss@example.go.th""#) && boss.lastPage.contains(#"value="both" checked"#))
        }
    }

    @Test func aLinkCodeIsShownOnceAndTheLinkCanBeRemoved() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let boss = StaffBrowser(client)
            try await boss.signIn("boss")
            try await boss.get("/staff/account")
            #expect(try await boss.post("/staff/account/line-link", [:]).status == .forbidden)
            try await boss.get("/staff/account")
            let issued = try await boss.submit("/staff/account/line-link", [:])
            #expect(issued.status == .ok)
            let code = try #require(boss.lastPage.range(of: #"SL[A-Z2-9]{6}"#, options: .regularExpression).map { String(boss.lastPage[$0]) })
            #expect(try await s.store.redeemLINELinkCode(code, lineUserID: "U1", now: s.clock.now().addingTimeInterval(11 * 60)) == nil,
                    "ten minutes by default")
            #expect(try await s.store.redeemLINELinkCode(code, lineUserID: "U1", now: s.clock.now()) == "boss")
            try await boss.get("/staff/account")
            #expect(boss.lastPage.contains("เชื่อมบัญชี LINE แล้ว") && !boss.lastPage.contains(code), "the code is shown once")
            let unlinked = try await boss.submit("/staff/account/line-unlink", [:])
            #expect(unlinked.status == .seeOther)
            #expect(try await s.store.staffContacts(usernames: ["boss"]).first?.lineUserID == nil)
        }
    }
}
