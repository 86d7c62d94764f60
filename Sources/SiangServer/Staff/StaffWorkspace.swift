import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangPipeline
import SiangStore

/// The staff workspace (issue 6): sign-in, the queue page, the case page with its actions, the
/// supervisor dashboard, the call-back list and the account page, all under `/staff`, Thai, without
/// JavaScript, every form CSRF-protected. What a staff member sees is decided by the store's queries
/// (``StaffViewer``); every view of personal data is written to the audit log.
struct StaffWorkspace: Sendable {
    let services: SiangServices
    let sessions: StaffSessions
    let actions: CaseActionService
    let text: StaffText
    let backfill: SLABackfill
    let cache = StaffPageCache()
    var store: any CaseStore { services.store }
    var pages: PageRenderer { services.pages }

    /// The largest staff form (a reply of 10,000 Thai characters percent-encoded).
    static let formLimit = 256 * 1024

    init(services: SiangServices) {
        self.services = services
        sessions = StaffSessions(services: services)
        actions = CaseActionService(store: services.store, configuration: services.configuration, classifier: services.classifier,
                                    sla: services.sla, clock: services.clock)
        text = StaffText(configuration: services.configuration, sla: services.sla)
        backfill = SLABackfill(indexer: actions.indexer, store: services.store, metrics: services.metrics)
    }

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/assets/staff.css", page: true, on: router) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: StaffAssets.css)))
        }
        book.get("/staff", page: true, on: router) { request, _ in
            Response(status: .seeOther, headers: [.location: "/staff/queue"])
        }
        book.get("/staff/signin", page: true, on: router, use: signInPage)
        book.post("/staff/signin", page: true, on: router, use: signIn)
        book.post("/staff/signout", page: true, on: router, use: signOut)
        book.get("/staff/queue", page: true, on: router, use: queuePage)
        book.get("/staff/cases/{trackingId}", page: true, on: router, use: casePage)
        book.post("/staff/cases/{trackingId}", page: true, on: router, use: caseAction)
        book.get("/staff/cases/{trackingId}/attachments/{sha256}", page: true, on: router, use: attachment)
        book.get("/staff/dashboard", page: true, on: router, use: dashboardPage)
        book.get("/staff/callbacks", page: true, on: router, use: callbacksPage)
        book.post("/staff/callbacks/{outboxId}", page: true, on: router, use: completeCallback)
        book.get("/staff/account", page: true, on: router, use: accountPage)
        book.post("/staff/account/password", page: true, on: router, use: changePassword)
        book.post("/staff/account/tokens", page: true, on: router, use: revokeTokens)
        book.post("/staff/account/notices", page: true, on: router, use: saveNoticeSettings)
        book.post("/staff/account/line-link", page: true, on: router, use: issueLINELinkCode)
        book.post("/staff/account/line-unlink", page: true, on: router, use: unlinkLINE)
        registerPDPA(on: router, book: &book)
        registerReports(on: router, book: &book)
        registerImprovements(on: router, book: &book)
        registerEvidence(on: router, book: &book)
        registerSurveyCallBacks(on: router, book: &book)
    }

    // MARK: Shared by the pages

    /// Where a request without a live session goes: the sign-in page, then back here.
    func signInRedirect(_ request: Request) -> Response {
        var target = request.uri.path
        if request.method == .get, let query = request.uri.query, !query.isEmpty { target += "?" + query }
        let next = target.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? "/staff/queue"
        return Response(status: .seeOther, headers: [.location: "/staff/signin?next=\(next)"])
    }

    /// The values every staff page needs: the layout's texts, the signed-in user and the menu.
    func base(_ me: StaffSignedIn?, title: String, active: String = "") -> [String: Any] {
        var values: [String: Any] = [
            "lang": "th", "title": title, "agencyName": services.configuration.agency.nameTh,
        ]
        if let me {
            values["signedIn"] = true
            values["username"] = me.user.username
            values["roleLabel"] = text.role(me.user.role)
            values["csrf"] = me.session.csrfToken
            var nav: [[String: Any]] = []
            if me.viewer.seesCases {
                nav.append(["href": "/staff/queue", "label": "คิวงาน", "key": "queue"])
                nav.append(["href": "/staff/queue?queue=mine", "label": "เรื่องที่ฉันรับผิดชอบ", "key": "mine"])
            }
            nav.append(["href": "/staff/dashboard", "label": "ภาพรวมการดำเนินงาน", "key": "dashboard"])
            if me.viewer.seesCases { nav.append(["href": "/staff/callbacks", "label": "รายการโทรกลับ", "key": "callbacks"]) }
            if ReportAccess.mayRead(me.user.role) { nav.append(["href": "/staff/reports", "label": "รายงาน PMQA", "key": "reports"]) }
            if ImprovementAccess.mayRead(me.user.role) { nav.append(["href": "/staff/improvements", "label": "บันทึกการปรับปรุง", "key": "improvements"]) }
            if ReportAccess.mayRead(me.user.role) { nav.append(["href": "/staff/evidence", "label": "หลักฐานหมวด 3", "key": "evidence"]) }
            if me.user.role == .admin { nav.append(["href": "/staff/pdpa", "label": "คำขอข้อมูลส่วนบุคคล", "key": "pdpa"]) }
            nav.append(["href": "/staff/account", "label": "บัญชีผู้ใช้", "key": "account"])
            values["nav"] = nav.map { item in item.merging(["current": item["key"] as? String == active]) { $1 } }
        }
        return values
    }

    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        pages.render(template, Self.pruned(values), status: status)
    }

    /// Drops empty strings, which Mustache would take as true in a `{{#section}}`.
    static func pruned(_ values: [String: Any]) -> [String: Any] {
        var out: [String: Any] = [:]
        for (key, value) in values {
            switch value {
            case let s as String where s.isEmpty: continue
            case let d as [String: Any]: out[key] = pruned(d)
            case let list as [[String: Any]]: out[key] = list.map(pruned)
            default: out[key] = value
            }
        }
        return out
    }

    /// A page saying why the request was refused, inside the staff layout.
    func refusal(_ me: StaffSignedIn?, status: HTTPResponse.Status, title: String, message: String) -> Response {
        var values = base(me, title: title)
        values["message"] = message
        values["status"] = status.code
        return render("staff-message", values, status: status)
    }

    func csrfRefusal(_ me: StaffSignedIn) -> Response {
        refusal(me, status: .forbidden, title: "ไม่สามารถดำเนินการได้",
                message: "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าของระบบ กรุณากลับไปที่หน้าเดิม โหลดหน้าใหม่ แล้วดำเนินการอีกครั้ง")
    }

    /// Reads a staff form; nil when its CSRF token is not the session's.
    func form(_ request: Request, me: StaffSignedIn) async throws -> FormBody? {
        let form: FormBody
        do {
            form = try await FormBody.read(request, limit: Self.formLimit)
        } catch let error as APIError where error.status == .unsupportedMediaType {
            return nil  // not a form at all, so no token either
        }
        return StaffSessions.csrfMatches(form, session: me.session) ? form : nil
    }

    func audit(_ me: StaffSignedIn, _ action: String, _ id: TrackingID?) async throws {
        try await store.recordAudit(AuditEntry(at: services.clock.now(), actor: me.viewer.actor, action: action, trackingID: id))
    }

    /// Refreshes a few stale SLA index entries before a page reads them (new cases, a citizen's
    /// follow-up, escalations: a handful at a time in steady state) and hands anything larger to the
    /// background catch-up, so no page waits for a backlog.
    func refreshSLAIndex() async throws {
        let now = services.clock.now()
        guard !cache.indexRecentlyIdle(now: now) else { return }
        let done = try await actions.indexer.refresh(limit: Self.slaRefreshPerPage)
        cache.markIndex(idle: done == 0, now: now)
        if done == Self.slaRefreshPerPage { await backfill.start() }
    }

    /// Staff accounts that can hold a case, for the assignee menus.
    func assignableUsers() async throws -> [StaffUser] {
        try await cache.users(now: services.clock.now()) { try await store.staffUsers() }.filter { !$0.disabled && $0.role != .analyst }
    }

    static let slaRefreshPerPage = 50

    func parseID(_ raw: String) -> TrackingID? {
        try? TrackingID.parse(raw.removingPercentEncoding ?? raw, expectedPrefix: services.configuration.trackingPrefix)
    }
}

/// The staff style sheet, separate from the citizen one.
enum StaffAssets {
    static let css: [UInt8] = {
        guard let dir = Bundle.module.url(forResource: "Public", withExtension: nil),
              let data = try? Data(contentsOf: dir.appendingPathComponent("staff.css")) else { return [] }
        return [UInt8](data)
    }()
}
