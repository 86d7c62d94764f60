import Foundation
import HTTPTypes
import Hummingbird
import SiangCore
import SiangStore

/// Signing in and out, the password change and the API tokens of the account page.
extension StaffWorkspace {
    @Sendable func signInPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let next = Self.safeNext(request.uri.queryParameters.get("next"))
        if try await sessions.current(request) != nil {
            return Response(status: .seeOther, headers: [.location: next])
        }
        var notice: String?
        if request.uri.queryParameters.get("out") == "1" { notice = "ออกจากระบบเรียบร้อยแล้ว" }
        if request.uri.queryParameters.get("expired") == "1" { notice = "การเข้าใช้งานหมดเวลา กรุณาเข้าสู่ระบบอีกครั้ง" }
        return signInForm(request, next: next, username: "", error: nil, notice: notice, status: .ok)
    }

    func signInForm(_ request: Request, next: String, username: String, error: String?, notice: String?, status: HTTPResponse.Status) -> Response {
        let token = sessions.signInToken(request)
        var values = base(nil, title: "เข้าสู่ระบบสำหรับเจ้าหน้าที่")
        values["signInToken"] = token.token
        values["next"] = next
        values["v_username"] = username
        if let error { values["error"] = error }
        if let notice { values["notice"] = notice }
        var response = render("staff-signin", values, status: status)
        if token.isNew { response.setCookie(sessions.preSessionCookie(token.cookie)) }
        if status == .tooManyRequests { response.headers[.retryAfter] = "\(Int(StaffSessions.throttleWindow))" }
        return response
    }

    /// Only a path inside the workspace, so the sign-in page cannot send anyone elsewhere.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/staff"), !raw.hasPrefix("//"), !raw.contains("\\"), !raw.hasPrefix("/staff/signin") else {
            return "/staff/queue"
        }
        return raw
    }

    @Sendable func signIn(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        let next = Self.safeNext(form.fields["next"])
        let username = form.fields["username"] ?? ""
        guard sessions.signInTokenIsValid(form.fields["csrf"], request: request) else {
            return signInForm(request, next: next, username: username,
                              error: "แบบฟอร์มหมดอายุหรือไม่ได้ส่งมาจากหน้านี้ กรุณากรอกข้อมูลแล้วเข้าสู่ระบบอีกครั้ง", notice: nil, status: .forbidden)
        }
        switch try await sessions.signIn(username: username, password: form.fields["password"] ?? "",
                                         address: services.limits.addresses.of(request, context: context)) {
        case .signedIn(let token, let user):
            try await store.recordAudit(AuditEntry(at: services.clock.now(), actor: CaseEvent.staff(user.username), action: "sign_in", trackingID: nil))
            var response = Response(status: .seeOther, headers: [.location: next])
            response.setCookie(sessions.sessionCookie(token))
            return response
        case .wrongCredentials:
            return signInForm(request, next: next, username: username, error: "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองใหม่อีกครั้ง",
                              notice: nil, status: .unauthorized)
        case .throttled:
            return signInForm(request, next: next, username: username,
                              error: "มีการเข้าสู่ระบบไม่สำเร็จหลายครั้ง ระบบจึงระงับการเข้าสู่ระบบไว้ชั่วคราว กรุณารอประมาณ 15 นาทีแล้วลองใหม่ หรือติดต่อผู้ดูแลระบบ",
                              notice: nil, status: .tooManyRequests)
        }
    }

    @Sendable func signOut(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return Response(status: .seeOther, headers: [.location: "/staff/signin"]) }
        guard try await form(request, me: me) != nil else { return csrfRefusal(me) }
        try await store.endSession(tokenHash: me.session.tokenHash, at: services.clock.now())
        var response = Response(status: .seeOther, headers: [.location: "/staff/signin?out=1"])
        response.setCookie(sessions.clearedCookie())
        return response
    }

    // MARK: Account

    @Sendable func accountPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        var notice: String?
        switch request.uri.queryParameters.get("done") {
        case "password": notice = "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว การเข้าใช้งานจากเครื่องอื่นถูกยกเลิกทั้งหมด"
        case "revoked": notice = "เพิกถอนโทเคนเรียบร้อยแล้ว"
        case "notices": notice = "บันทึกการตั้งค่าการแจ้งเตือนเรียบร้อยแล้ว"
        case "unlinked": notice = "ยกเลิกการเชื่อมบัญชี LINE เรียบร้อยแล้ว"
        default: break
        }
        return try await account(me, notice: notice, error: nil, status: .ok)
    }

    func account(_ me: StaffSignedIn, notice: String?, error: String?, status: HTTPResponse.Status, linkCode: String? = nil) async throws -> Response {
        var values = base(me, title: "บัญชีผู้ใช้", active: "account")
        values.merge(try await noticeValues(me, linkCode: linkCode)) { _, new in new }
        values["roleCode"] = me.user.role.rawValue
        values["queues"] = me.viewer.ownQueues.sorted().map { text.queue($0) }.joined(separator: ", ")
        let tokens = try await store.apiTokens(of: me.user.username)
        values["tokens"] = tokens.map { t -> [String: Any] in
            var row: [String: Any] = ["id": t.id, "createdAt": text.date(t.createdAt), "active": t.revokedAt == nil]
            if let r = t.revokedAt { row["revokedAt"] = text.date(r) }
            return row
        }
        values["hasTokens"] = !tokens.isEmpty
        values["isAdmin"] = me.user.role == .admin
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        return render("staff-account", values, status: status)
    }

    @Sendable func changePassword(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        let current = form.fields["current"] ?? ""
        let new = form.fields["new"] ?? ""
        let confirm = form.fields["confirm"] ?? ""
        var problem: String?
        if !(await StaffSessions.verify(current, hash: me.user.passwordHash)) {
            problem = "รหัสผ่านปัจจุบันไม่ถูกต้อง"
        } else if new.count < 10 {
            problem = "รหัสผ่านใหม่ต้องมีอย่างน้อย 10 ตัวอักษร"
        } else if new.utf8.count > 72 {
            problem = "รหัสผ่านใหม่ยาวเกินไป (ไม่เกิน 72 ไบต์)"
        } else if new != confirm {
            problem = "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"
        } else if new == current {
            problem = "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม"
        }
        if let problem { return try await account(me, notice: nil, error: problem, status: .unprocessableContent) }
        try await store.setPassword(username: me.user.username, hash: await StaffSessions.hash(new))
        try await store.endSessions(of: me.user.username, keeping: me.session.tokenHash, at: services.clock.now())
        try await audit(me, "change_password", nil)
        return Response(status: .seeOther, headers: [.location: "/staff/account?done=password"])
    }

    /// Revokes one of the user's own API tokens, or (admin) every token of a named user.
    @Sendable func revokeTokens(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        let now = services.clock.now()
        if let raw = form.fields["tokenId"], let id = Int64(raw) {
            guard try await store.revokeAPIToken(id: id, of: me.user.username, at: now) else {
                return try await account(me, notice: nil, error: "ไม่พบโทเคนนี้ หรือโทเคนถูกเพิกถอนไปแล้ว", status: .notFound)
            }
        } else if let username = form.fields["username"]?.trimmingCharacters(in: .whitespaces), !username.isEmpty {
            guard me.user.role == .admin else {
                return refusal(me, status: .forbidden, title: "ไม่มีสิทธิ์ดำเนินการ", message: "การเพิกถอนโทเคนของผู้อื่นทำได้โดยผู้ดูแลระบบเท่านั้น")
            }
            guard try await store.user(named: username) != nil else {
                return try await account(me, notice: nil, error: "ไม่มีผู้ใช้ชื่อ \(username) ในระบบ", status: .unprocessableContent)
            }
            _ = try await store.revokeAPITokens(of: username, at: now)
        } else {
            return try await account(me, notice: nil, error: "กรุณาเลือกโทเคนที่จะเพิกถอน", status: .unprocessableContent)
        }
        try await audit(me, "revoke_api_tokens", nil)
        return Response(status: .seeOther, headers: [.location: "/staff/account?done=revoked"])
    }
}
