import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// Signing in and out, cookie flags, CSRF, throttling, session expiry, password change and API token
/// revocation.
@Suite struct StaffSignInTests {
    @Test func signingInGivesAnHttpOnlyLaxCookieThatIsSecureOnHttps() async throws {
        for (base, secure) in [("https://voice.example.go.th", true), ("http://127.0.0.1:8080", false)] {
            let s = try await StaffServer(baseURL: base)
            try await s.test { client in
                let browser = StaffBrowser(client)
                let page = try await browser.get("/staff/signin")
                #expect(page.status == .ok)
                #expect(browser.lastPage.contains(#"<html lang="th">"#))
                #expect(browser.lastPage.contains(#"<label for="username">ชื่อผู้ใช้</label>"#))
                let r = try await browser.signIn("somchai")
                #expect(r.status == .seeOther && r.location == "/staff/queue")
                let cookie = try #require(r.headers[values: .setCookie].first { $0.hasPrefix("siang_staff=") })
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/staff"))
                #expect(cookie.contains("Secure") == secure, "\(cookie)")
                let queue = try await browser.get("/staff/queue")
                #expect(queue.status == .ok)
                #expect(browser.lastPage.contains("somchai (เจ้าหน้าที่รับเรื่อง)"))
                // Only the token's hash is stored.
                let token = try #require(browser.cookies["siang_staff"])
                #expect(try await s.store.session(tokenHash: token, now: s.clock.now()) == nil)
                #expect(try await s.store.session(tokenHash: StaffTokens.hash(token), now: s.clock.now())?.user.username == "somchai")
            }
        }
    }

    @Test func withoutASessionThePagesSendYouToSignIn() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let r = try await client.execute(uri: "/staff/queue?queue=engineering", method: .get)
            #expect(r.status == .seeOther)
            #expect(r.location?.hasPrefix("/staff/signin?next=") == true)
            let forged = try await client.execute(uri: "/staff/queue", method: .get, headers: [.cookie: "siang_staff=made-up-token"])
            #expect(forged.status == .seeOther)
        }
    }

    @Test func aWrongPasswordIsRefusedAndRepeatedFailuresAreThrottled() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let browser = StaffBrowser(client, address: "198.51.100.7")
            for _ in 0..<5 {
                let r = try await browser.signIn("somchai", password: "ผิดแน่นอน")
                #expect(r.status == .unauthorized)
                #expect(browser.lastPage.contains("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"))
                #expect(browser.cookies["siang_staff"] == nil)
            }
            // The sixth attempt is refused even with the right password.
            let locked = try await browser.signIn("somchai")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.headers[.retryAfter] != nil)
            #expect(browser.lastPage.contains("ระงับการเข้าสู่ระบบไว้ชั่วคราว"))
            #expect(browser.cookies["siang_staff"] == nil)
            // An unknown name fails like a wrong password.
            #expect(try await browser.signIn("nobody").status == .unauthorized)
            // After the window the right password works again.
            s.clock.advance(16 * 60)
            #expect(try await browser.signIn("somchai").status == .seeOther)
        }
    }

    @Test func manyFailuresFromOneAddressThrottleThatAddress() async throws {
        // The test client plays the reverse proxy on loopback, naming each client in X-Forwarded-For.
        let s = try await StaffServer(trustedProxies: ["127.0.0.1"])
        try await s.test(.live) { client in
            let attacker = StaffBrowser(client, address: "203.0.113.9")
            try await attacker.get("/staff/signin")
            for i in 0..<StaffSessions.maxFailuresPerAddress {
                #expect(try await attacker.signIn("guess\(i % 4)", password: "123456").status == .unauthorized)
            }
            #expect(try await attacker.signIn("boss").status == .tooManyRequests)
            // Writing someone else's address to the left of what the proxy adds changes nothing.
            attacker.address = "192.0.2.10, 203.0.113.9"
            #expect(try await attacker.signIn("boss").status == .tooManyRequests)
            // Someone elsewhere is not affected.
            let office = StaffBrowser(client, address: "192.0.2.10")
            #expect(try await office.signIn("boss").status == .seeOther)
        }
    }

    @Test func forwardedForFromAPeerThatIsNoTrustedProxyIsIgnored() async throws {
        // No proxies configured: the loopback peer is the client, whatever it writes in X-Forwarded-For.
        let s = try await StaffServer()
        try await s.test(.live) { client in
            let attacker = StaffBrowser(client)
            var statuses: [HTTPResponse.Status] = []
            for i in 0..<StaffSessions.maxFailuresPerAddress {
                attacker.address = "198.51.100.\(i + 1)"
                statuses.append(try await attacker.signIn("guess\(i % 4)", password: "123456").status)
            }
            attacker.address = "198.51.100.200"
            let last = try await attacker.signIn("boss").status
            #expect(statuses == Array(repeating: .unauthorized, count: StaffSessions.maxFailuresPerAddress))
            #expect(last == .tooManyRequests, "a new X-Forwarded-For is no new address")
        }
    }

    @Test func formsWithoutTheSessionsCSRFTokenAreRefused() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟถนนดับหน้าซอย 3", category: "lighting")
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/cases/\(id)")
            let eventCount = StaffBrowser.hidden("eventCount", in: browser.lastPage) ?? ""
            let missing = try await browser.post("/staff/cases/\(id)", ["action": "note", "internalNote": "ปลอม", "eventCount": eventCount])
            #expect(missing.status == .forbidden)
            #expect(browser.lastPage.contains("แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าของระบบ"))
            let wrong = try await browser.post("/staff/cases/\(id)", ["action": "note", "internalNote": "ปลอม", "eventCount": eventCount, "csrf": "x" + (browser.csrf ?? "")])
            #expect(wrong.status == .forbidden)
            // The sign-in form too: a post without the page's token is refused.
            let other = StaffBrowser(client)
            let forged = try await other.post("/staff/signin", ["username": "somchai", "password": StaffServer.password])
            #expect(forged.status == .forbidden && other.cookies["siang_staff"] == nil)
            // Signing out needs the token as well.
            #expect(try await browser.post("/staff/signout", [:]).status == .forbidden)
        }
        #expect(!(try await s.store.events(of: id)).contains { if case .internalNote = $0.change { return true } else { return false } })
    }

    @Test func sessionsEndAfterAnHourIdleAndAfterTwelveHours() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            s.clock.advance(61 * 60)
            let idle = try await browser.get("/staff/queue")
            #expect(idle.status == .seeOther && idle.location?.hasPrefix("/staff/signin") == true)

            try await browser.signIn("somchai")
            // Working keeps the session alive…
            for _ in 0..<14 {
                s.clock.advance(50 * 60)
                #expect(try await browser.get("/staff/queue").status == .ok)
            }
            // …until the working day is over (12 hours after signing in).
            s.clock.advance(25 * 60)
            #expect(try await browser.get("/staff/queue").status == .seeOther)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let browser = StaffBrowser(client)
            try await browser.signIn("boss")
            try await browser.get("/staff/queue")
            let saved = browser.cookies
            let out = try await browser.submit("/staff/signout", [:])
            #expect(out.status == .seeOther && out.location == "/staff/signin?out=1")
            #expect(browser.cookies["siang_staff"] == nil)
            // The old cookie no longer works.
            browser.cookies = saved
            #expect(try await browser.get("/staff/queue").status == .seeOther)
        }
    }

    @Test func changingThePasswordEndsTheOtherSessions() async throws {
        let s = try await StaffServer()
        try await s.test { client in
            let laptop = StaffBrowser(client)
            let phone = StaffBrowser(client)
            try await laptop.signIn("malee")
            try await phone.signIn("malee")
            try await laptop.get("/staff/account")
            let bad = try await laptop.submit("/staff/account/password", ["current": "ไม่ใช่", "new": "ใหม่-ยาวพอแล้ว-2569", "confirm": "ใหม่-ยาวพอแล้ว-2569"])
            #expect(bad.status == .unprocessableContent && laptop.lastPage.contains("รหัสผ่านปัจจุบันไม่ถูกต้อง"))
            let short = try await laptop.submit("/staff/account/password", ["current": StaffServer.password, "new": "สั้น", "confirm": "สั้น"])
            #expect(short.status == .unprocessableContent && laptop.lastPage.contains("อย่างน้อย 10 ตัวอักษร"))
            let ok = try await laptop.submit("/staff/account/password", ["current": StaffServer.password, "new": "ใหม่-ยาวพอแล้ว-2569", "confirm": "ใหม่-ยาวพอแล้ว-2569"])
            #expect(ok.status == .seeOther)
            #expect(try await laptop.get(ok.location ?? "/staff/account").status == .ok, "this session goes on")
            #expect(laptop.lastPage.contains("เปลี่ยนรหัสผ่านเรียบร้อยแล้ว"))
            #expect(try await phone.get("/staff/queue").status == .seeOther, "the other session ended")
            let fresh = StaffBrowser(client)
            #expect(try await fresh.signIn("malee").status == .unauthorized)
            #expect(try await fresh.signIn("malee", password: "ใหม่-ยาวพอแล้ว-2569").status == .seeOther)
        }
    }

    @Test func apiTokensAreHashedAtRestAndRevocable() async throws {
        let s = try await StaffServer()
        let token = try await s.token(for: "somchai")
        let second = try await s.token(for: "somchai")
        let malees = try await s.token(for: "malee")
        #expect(try await s.store.user(forTokenHash: token) == nil, "the token itself is not a key")
        try await s.test { client in
            #expect(try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(token)).status == .ok)
            let revoked = try await client.execute(uri: "/api/v1/staff/tokens/revoke", method: .post, headers: bearer(token))
            #expect(revoked.status == .ok)
            #expect(try revoked.json()["revoked"] as? Int == 1)
            let after = try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(token))
            #expect(after.status == .unauthorized)
            #expect(try (after.json()["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            // The other token of the same person still works, until revoked on the account page.
            #expect(try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(second)).status == .ok)
            let browser = StaffBrowser(client)
            try await browser.signIn("somchai")
            try await browser.get("/staff/account")
            let ids = try await s.store.apiTokens(of: "somchai").filter { $0.revokedAt == nil }.map(\.id)
            #expect(ids.count == 1)
            #expect(try await browser.submit("/staff/account/tokens", ["tokenId": "\(ids[0])"]).status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(second)).status == .unauthorized)
            // Only an admin revokes someone else's tokens.
            let refused = try await client.execute(uri: "/api/v1/staff/tokens/revoke", method: .post, headers: bearer(malees, json: true),
                                                   body: jsonBody(["username": "somchai"]))
            #expect(refused.status == .forbidden)
            let rootToken = try await s.token(for: "root")
            let all = try await client.execute(uri: "/api/v1/staff/tokens/revoke", method: .post, headers: bearer(rootToken, json: true),
                                               body: jsonBody(["username": "malee"]))
            #expect(all.status == .ok)
            #expect(try all.json()["revoked"] as? Int == 1)
            #expect(try await client.execute(uri: "/api/v1/staff/complaints", method: .get, headers: bearer(malees)).status == .unauthorized)
        }
    }
}
