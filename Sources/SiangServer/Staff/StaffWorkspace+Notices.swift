import Foundation
import HTTPTypes
import Hummingbird
import SiangCore
import SiangStore

/// The "notices to staff" part of the account page: one's email address, how one wants to be told
/// (email, LINE or both), and linking one's LINE user by a one-time code sent to the agency's LINE
/// Official Account, or unlinking it. Every change is audited; the address and the LINE user are
/// shown to their owner only and never written to the audit log.
extension StaffWorkspace {
    /// The contact store; the SQLite store is one (a store without it shows no notice settings).
    var contacts: (any StaffContactStore)? { services.store as? any StaffContactStore }

    static let preferenceLabels: [NoticePreference: String] = [.email: "อีเมล", .line: "LINE", .both: "อีเมลและ LINE"]

    /// The notice settings of the account page, with a freshly issued link code when there is one.
    func noticeValues(_ me: StaffSignedIn, linkCode: String?) async throws -> [String: Any] {
        guard let contacts, let mine = try await contacts.staffContacts(usernames: [me.user.username]).first else { return [:] }
        var values: [String: Any] = ["notices": true, "noticeEmail": mine.email ?? "", "lineLinked": mine.lineUserID != nil]
        values["preferences"] = NoticePreference.allCases.map { p -> [String: Any] in
            ["value": p.rawValue, "label": Self.preferenceLabels[p] ?? p.rawValue, "checked": p == mine.preference]
        }
        if let linkCode {
            values["linkCode"] = linkCode
            values["linkMinutes"] = services.configuration.notifications.lineLinkCodeMinutes
        }
        return values
    }

    /// Sets one's email address and preference.
    @Sendable func saveNoticeSettings(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        guard let contacts else { return try await account(me, notice: nil, error: "ระบบนี้ไม่รองรับการตั้งค่าการแจ้งเตือน", status: .notImplemented) }
        let raw = (form.fields["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let email = raw.isEmpty ? nil : StaffEmail.normalised(raw)
        guard raw.isEmpty || email != nil else {
            return try await account(me, notice: nil, error: "อีเมลไม่ถูกต้อง กรุณาตรวจสอบแล้วลองใหม่อีกครั้ง", status: .unprocessableContent)
        }
        guard let preference = form.fields["preference"].flatMap(NoticePreference.init(rawValue:)) else {
            return try await account(me, notice: nil, error: "กรุณาเลือกช่องทางรับการแจ้งเตือน", status: .unprocessableContent)
        }
        try await contacts.setStaffEmail(username: me.user.username, email: email)
        try await contacts.setNoticePreference(username: me.user.username, preference: preference)
        try await audit(me, "set_notice_contact", nil)
        return Response(status: .seeOther, headers: [.location: "/staff/account?done=notices"])
    }

    /// Issues a one-time LINE link code (replacing any pending one) and shows it on the page.
    @Sendable func issueLINELinkCode(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard try await form(request, me: me) != nil else { return csrfRefusal(me) }
        guard let contacts else { return try await account(me, notice: nil, error: "ระบบนี้ไม่รองรับการตั้งค่าการแจ้งเตือน", status: .notImplemented) }
        let code = LINELinkCode.generate()
        let minutes = services.configuration.notifications.lineLinkCodeMinutes
        try await contacts.issueLINELinkCode(username: me.user.username, code: code,
                                             expiresAt: services.clock.now().addingTimeInterval(TimeInterval(minutes * 60)))
        try await audit(me, "issue_line_link_code", nil)
        return try await account(me, notice: nil, error: nil, status: .ok, linkCode: code)
    }

    /// Removes one's LINE link.
    @Sendable func unlinkLINE(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard try await form(request, me: me) != nil else { return csrfRefusal(me) }
        guard let contacts else { return try await account(me, notice: nil, error: "ระบบนี้ไม่รองรับการตั้งค่าการแจ้งเตือน", status: .notImplemented) }
        try await contacts.unlinkLINE(username: me.user.username)
        try await audit(me, "unlink_line", nil)
        return Response(status: .seeOther, headers: [.location: "/staff/account?done=unlinked"])
    }
}
