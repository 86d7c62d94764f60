import Foundation
import HTTPTypes
import Hummingbird
import SiangCore
import SiangPipeline
import SiangStore

/// `/staff/pdpa`: the admin's page for PDPA data-subject requests (docs/pdpa.md), the same requests as
/// `siang pdpa` and `POST /api/v1/staff/pdpa/*`: find a person by phone, email or LINE user ID, see what
/// is held, and erase it after ticking the confirmation. Admins only; each case is audited.
extension StaffWorkspace {
    func registerPDPA(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/staff/pdpa", page: true, on: router, use: pdpaPage)
        book.post("/staff/pdpa", page: true, on: router, use: pdpaRequest)
    }

    func pdpaRefusal(_ me: StaffSignedIn) -> Response {
        refusal(me, status: .forbidden, title: "ไม่มีสิทธิ์เข้าถึง", message: "คำขอของเจ้าของข้อมูลส่วนบุคคลดำเนินการได้โดยผู้ดูแลระบบเท่านั้น")
    }

    @Sendable func pdpaPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.user.role == .admin else { return pdpaRefusal(me) }
        return pdpaRender(me, by: "phone", value: "", status: .ok)
    }

    @Sendable func pdpaRequest(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.user.role == .admin else { return pdpaRefusal(me) }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        let by = form.fields["by"] ?? "phone", value = (form.fields["value"] ?? "").trimmingCharacters(in: .whitespaces)
        let subject: DataSubject
        do {
            subject = try DataSubject(phone: by == "phone" ? value : nil, email: by == "email" ? value : nil,
                                      lineUser: by == "lineUser" ? value : nil)
        } catch {
            return pdpaRender(me, by: by, value: value, error: error.th, status: .unprocessableContent)
        }
        guard let personal = store as? any CaseStore & PersonalDataStore else { return pdpaRender(me, by: by, value: value, error: "ระบบยังไม่พร้อม", status: .serviceUnavailable) }
        let requests = DataSubjectRequests(store: personal, attachments: services.attachments, clock: services.clock)
        if form.fields["action"] == "erase" {
            guard form.fields["confirm"] == "yes" else {
                return pdpaRender(me, by: by, value: value, error: "กรุณาทำเครื่องหมายยืนยันก่อนลบข้อมูล การลบไม่สามารถย้อนกลับได้",
                                  status: .unprocessableContent)
            }
            let erasure = try await requests.erase(subject, actor: me.viewer.actor)
            let notice = erasure.cases.isEmpty ? "ไม่พบเรื่องของบุคคลนี้"
                : "ลบข้อมูลส่วนบุคคลใน \(erasure.cases.count) เรื่องแล้ว (ลบไฟล์ \(erasure.filesDeleted) ไฟล์) เรื่องและตัวเลขรายงานยังคงอยู่"
            return pdpaRender(me, by: by, value: "", notice: notice, status: .ok)
        }
        let export = try await requests.export(subject, actor: me.viewer.actor)
        return pdpaRender(me, by: by, value: value, export: export, status: .ok)
    }

    func pdpaRender(_ me: StaffSignedIn, by: String, value: String, export: DataSubjectExport? = nil, notice: String? = nil,
                    error: String? = nil, status: HTTPResponse.Status) -> Response {
        var values = base(me, title: "คำขอของเจ้าของข้อมูลส่วนบุคคล", active: "pdpa")
        values["value"] = value
        values["options"] = [("phone", "หมายเลขโทรศัพท์"), ("email", "อีเมล"), ("lineUser", "LINE user ID")].map { key, label in
            ["key": key, "label": label, "selected": key == by] as [String: Any]
        }
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        if let export {
            values["searched"] = true
            values["hasCases"] = !export.cases.isEmpty
            values["cases"] = export.cases.map { held -> [String: Any] in
                let when = ISO8601Instant.parse(held.receivedAt).map(text.date) ?? held.receivedAt
                let contact = [held.contact?.name, held.contact?.phone, held.contact?.email, held.contact?.lineUserId].compactMap { $0 }
                return ["id": held.trackingId, "href": "/staff/cases/\(held.trackingId)", "received": when, "status": held.status,
                        "text": held.text, "contact": contact.joined(separator: " · "), "attachments": held.attachments.count,
                        "answers": held.surveyAnswers.count]
            }
        }
        var response = render("staff-pdpa", values, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
