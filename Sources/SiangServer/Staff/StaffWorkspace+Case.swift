import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangPipeline
import SiangStore
import WebForm

/// The case page: everything about one case, and a form for each action that is open to the staff
/// member now (only legal status moves are offered).
extension StaffWorkspace {
    @Sendable func casePage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.viewer.seesCases else { return analystRefusal(me) }
        guard let id = parseID(try context.parameters.require("trackingId")),
              let record = try await store.staffRecord(id, viewer: me.viewer) else { return caseNotFound(me) }
        let done = request.uri.queryParameters.get("done").flatMap { StaffText.doneMessages[$0] }
        return try await caseView(me, record: record, notice: done, error: nil, form: [:], status: .ok)
    }

    func caseNotFound(_ me: StaffSignedIn) -> Response {
        refusal(me, status: .notFound, title: "ไม่พบเรื่อง", message: "ไม่พบเรื่องนี้ หรือท่านไม่มีสิทธิ์เข้าถึงเรื่องนี้ กรุณาตรวจสอบเลขที่เรื่องอีกครั้ง")
    }

    /// Renders the case page; reading it shows personal data, which is audited.
    func caseView(_ me: StaffSignedIn, record: CaseRecord, notice: String?, error: String?, form: [String: String],
                  status: HTTPResponse.Status, personalDataWarning: Bool = false) async throws -> Response {
        let id = record.trackingID
        let events = try await store.events(of: id)
        let contact = try await store.contact(of: id)
        let files = try await store.attachments(of: id)
        let notices = try await store.notices(of: id)
        try await audit(me, "view_case_personal_data", id)
        let now = services.clock.now()
        let state = record.state
        let configuration = services.configuration

        var values = base(me, title: "เรื่องเลขที่ \(id)", active: "queue")
        if let notice { values["notice"] = notice }
        if let error { values["error"] = error }
        values["id"] = id.description
        values["eventCount"] = record.eventCount
        values["statusLabel"] = state.status.label.th
        values["statusCode"] = state.status.rawValue
        values["kind"] = state.kind.label.th
        values["category"] = text.category(state.category)
        if let category = state.category, ImprovementAccess.mayWrite(me.user.role) {
            values["improveHref"] = ImprovementLinks.newEntry(category: category, day: services.clock.now(), language: .th)
        }
        values["priority"] = state.priority.label.th
        values["queue"] = text.queue(state.queue)
        values["assignee"] = state.assignee ?? "ยังไม่มีผู้รับผิดชอบ"
        values["channel"] = state.channel.label.th
        values["segment"] = state.segment?.label.th ?? "ไม่ระบุ"
        values["receivedAt"] = text.date(state.receivedAt)
        values["updatedAt"] = text.date(state.updatedAt)
        values["subject"] = record.subject ?? ""
        values["text"] = record.text
        values["externalRef"] = record.externalRef ?? ""
        values["warnings"] = record.warnings
        values["hasWarnings"] = !record.warnings.isEmpty
        values["hasAttachments"] = !files.isEmpty
        values["hasNotices"] = !notices.isEmpty
        if let location = record.location {
            var parts: [String] = []
            if let a = location.address { parts.append(a) }
            if let lat = location.lat, let lon = location.lon { parts.append("พิกัด \(lat), \(lon)") }
            values["location"] = parts.joined(separator: " · ")
        }
        // Personal data.
        if let contact, !contact.isEmpty {
            values["contact"] = [
                "name": contact.name ?? "", "phone": contact.phone ?? "", "email": contact.email ?? "",
                "line": (contact.lineUserID ?? "").isEmpty ? "" : "ติดต่อทาง LINE ได้",
            ]
        }
        values["trackURL"] = services.trackURL(id)
        values["attachments"] = files.map { f -> [String: Any] in
            var item: [String: Any] = ["name": f.isErased ? "ไฟล์ถูกลบแล้วตามการคุ้มครองข้อมูลส่วนบุคคล" : f.filename,
                                       "size": f.size >= 1024 ? "\(f.size / 1024) KB" : "\(f.size) ไบต์", "type": f.contentType]
            if !f.isErased { item["href"] = "/staff/cases/\(id)/attachments/\(f.sha256)" }
            return item
        }
        // SLA clocks.
        values["slaResolution"] = text.slaCell(actions.indexer.entry(events: events), now: now)
        if let first = SLAClock.firstResponse(events: events, policy: services.sla.policy, calendar: services.sla.calendar) {
            let firstState = first.state(at: now, atRiskFraction: services.sla.policy.atRiskFraction)
            var cell: [String: Any] = ["state": firstState.rawValue, "label": firstState.label.th]
            if let at = state.firstResponseAt {
                cell["countdown"] = "ตอบรับแล้วเมื่อ \(text.date(at))"
            } else if let due = first.dueAt(at: now) {
                cell["countdown"] = text.countdown(to: due, now: now)
                cell["due"] = text.date(due)
            }
            values["slaFirstResponse"] = cell
        }
        // The classifier's word and possible duplicates.
        for e in events {
            switch e.change {
            case .suggested(let c):
                values["suggestion"] = ["category": text.category(c.category), "code": c.category,
                                        "confidence": c.confidence.map(StaffText.percent) ?? "-"]
            case .categorized(let c) where c.confidence != nil:
                values["autoCategory"] = ["category": text.category(c.category), "confidence": StaffText.percent(c.confidence!)]
            default: break
            }
        }
        var duplicates: [[String: Any]] = []
        for e in events {
            if case .possibleDuplicate(let d) = e.change {
                let visible = try await store.staffRecord(d.of, viewer: me.viewer) != nil
                duplicates.append(["id": d.of.description, "visible": visible, "similarity": StaffText.percent(d.similarity)])
            }
        }
        values["duplicates"] = duplicates
        // Timeline and messages.
        values["timeline"] = events.map { e -> [String: Any] in
            let d = text.describe(e.change)
            var item: [String: Any] = ["at": text.date(e.at), "iso": ISO8601.format(e.at), "actor": text.actor(e.actor), "title": d.title,
                                       "type": e.change.type]
            if let detail = d.detail { item["detail"] = detail }
            return item
        }
        var messages: [[String: Any]] = [["direction": "in", "label": "ผู้ร้องแจ้ง", "at": text.date(state.receivedAt), "text": record.text]]
        for e in events {
            switch e.change {
            case .citizenMessage(let t): messages.append(["direction": "in", "label": "ผู้ร้องส่งเพิ่มเติม", "at": text.date(e.at), "text": t])
            case .publicReply(let t): messages.append(["direction": "out", "label": "ตอบผู้ร้อง (\(text.actor(e.actor)))", "at": text.date(e.at), "text": t])
            case .statusChanged(let s) where s.publicNote != nil:
                messages.append(["direction": "out", "label": "แจ้งผู้ร้อง: \(s.to.label.th)", "at": text.date(e.at), "text": s.publicNote!])
            default: break
            }
        }
        values["messages"] = messages
        values["notices"] = notices.map { n -> [String: Any] in
            let how = n.channel.map { CallbackItem.channels.contains($0) ? "โทรแจ้ง" : $0.label.th } ?? "-"
            let what = n.kind == "acknowledgement" ? "แจ้งรับเรื่อง" : n.kind == "public_reply" ? "คำตอบถึงผู้ร้อง" : "แจ้งความคืบหน้า"
            let result: String
            if let at = n.deliveredAt { result = "ส่งแล้ว \(text.date(at))" }
            else if n.channel.map(CallbackItem.channels.contains) == true { result = "รอโทรแจ้ง" }
            else if n.attempts > 0 { result = "ยังส่งไม่สำเร็จ (พยายาม \(n.attempts) ครั้ง)" }
            else { result = "รอส่ง" }
            return ["what": what, "how": how, "at": text.date(n.createdAt), "result": result]
        }
        // The actions open now.
        let offered = CaseActionService.offeredStatuses(from: state, now: now)
        let special: Set<Status> = [.awaitingInfo, .resolved, .referred, .rejected, .duplicate]
        values["statusChoices"] = offered.filter { !special.contains($0) }.map { ["value": $0.rawValue, "label": $0.label.th] }
        values["canMoveStatus"] = offered.contains { !special.contains($0) }
        values["canAsk"] = offered.contains(.awaitingInfo)
        values["canResolve"] = offered.contains(.resolved)
        values["canRefer"] = offered.contains(.referred)
        values["canReject"] = offered.contains(.rejected)
        values["canMerge"] = offered.contains(.duplicate)
        values["isOpen"] = state.status.isOpen
        values["canTake"] = state.assignee != me.user.username
        values["canRelease"] = state.assignee == me.user.username
        values["mayReassign"] = me.viewer.mayReassign
        if me.viewer.mayReassign {
            values["users"] = try await assignableUsers().map {
                ["value": $0.username, "label": "\($0.username) (\(text.role($0.role)))", "selected": $0.username == state.assignee]
            }
        }
        values["categories"] = configuration.taxonomy.categories.map { ["value": $0.code, "label": $0.th, "selected": $0.code == state.category] }
        // The integrity queue is not a queue to move to: handing a case there is its own action, for supervisors and up.
        let integrity = configuration.routing.integrityQueue
        values["queues"] = configuration.routing.queues.filter { $0.code != integrity || $0.code == state.queue }
            .map { ["value": $0.code, "label": $0.th, "selected": $0.code == state.queue] }
        values["canReferToIntegrity"] = me.viewer.mayReferToIntegrity && state.queue != integrity
        values["priorities"] = Priority.allCases.map { ["value": $0.rawValue, "label": $0.label.th, "selected": $0 == state.priority] }
        values["mergeDefault"] = form["duplicateOf"] ?? duplicates.first.flatMap { $0["id"] as? String } ?? ""
        // What was typed into the form that failed, back in that form only.
        if let action = form["action"] {
            for (key, value) in form where key != "csrf" { values["k_\(action)_\(key)"] = value }
            // A personal-data warning brings the form back with a box to confirm publishing anyway.
            if personalDataWarning { values["pd_\(action)"] = true }
        }
        return render("staff-case", values, status: status)
    }

    @Sendable func caseAction(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.viewer.seesCases else { return analystRefusal(me) }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        guard let id = parseID(try context.parameters.require("trackingId")),
              let record = try await store.staffRecord(id, viewer: me.viewer) else { return caseNotFound(me) }
        let f = form.fields
        func value(_ key: String) -> String? { f[key]?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmptyStaff }
        let action = f["action"] ?? ""
        var missing: String?
        let change: CaseChangeRequest?
        switch action {
        case "take": change = .assign(to: me.user.username)
        case "release": change = .assign(to: nil)
        case "assign": change = .assign(to: value("assignee"))
        case "reclassify": change = value("category").map(CaseChangeRequest.reclassify)
        case "priority": change = value("priority").flatMap(Priority.init(rawValue:)).map(CaseChangeRequest.changePriority)
        case "queue": change = value("queue").map(CaseChangeRequest.moveQueue)
        case "integrity":
            change = .referToIntegrity(queue: services.configuration.routing.integrityQueue, reason: value("internalNote"))
        case "status": change = value("status").flatMap(Status.init(rawValue:)).map { .move(to: $0, publicNote: value("publicNote")) }
        case "reply":
            change = value("publicNote").map(CaseChangeRequest.reply)
            if change == nil { missing = "กรุณาพิมพ์ข้อความที่จะตอบผู้ร้อง" }
        case "note":
            change = value("internalNote").map(CaseChangeRequest.note)
            if change == nil { missing = "กรุณาพิมพ์บันทึกภายใน" }
        case "ask":
            change = value("publicNote").map(CaseChangeRequest.askForInformation)
            if change == nil { missing = "กรุณาระบุข้อมูลที่ต้องการจากผู้ร้อง" }
        case "resolve":
            change = value("publicNote").map(CaseChangeRequest.resolve)
            if change == nil { missing = "กรุณาบันทึกผลการดำเนินการเพื่อแจ้งผู้ร้อง" }
        case "refer":
            let agency = value("referAgency")
            let reference = value("referReference")
            change = agency.map { a in CaseChangeRequest.refer(to: reference.map { "\(a) (เลขที่อ้างอิง \($0))" } ?? a, publicNote: value("publicNote")) }
            if change == nil { missing = "กรุณาระบุหน่วยงานที่ส่งต่อ" }
        case "reject":
            change = value("reason").map { CaseChangeRequest.reject(reason: $0, publicNote: value("publicNote")) }
            if change == nil { missing = "กรุณาระบุเหตุผลที่ไม่รับเรื่อง" }
        case "merge":
            if let raw = value("duplicateOf") {
                if let survivor = parseID(raw) { change = .mergeDuplicate(of: survivor, publicNote: value("publicNote")) } else {
                    change = nil
                    missing = "เลขที่เรื่อง \(raw) ไม่ถูกต้อง กรุณาตรวจสอบ"
                }
            } else {
                change = nil
                missing = "กรุณาระบุเลขที่เรื่องที่จะรวมเข้าด้วย"
            }
        default: change = nil
        }
        guard var change else {
            return try await caseView(me, record: record, notice: nil, error: missing ?? "กรุณาเลือกการดำเนินการและกรอกข้อมูลให้ครบถ้วน",
                                      form: f, status: .unprocessableContent)
        }
        change.confirmPersonalData = f["confirmPersonalData"] == "1"
        do {
            _ = try await actions.apply(change, to: id, by: me.viewer, expectedEventCount: f["eventCount"].flatMap(Int.init))
        } catch {
            // The case may have left the viewer's reach meanwhile.
            guard let fresh = try await store.staffRecord(id, viewer: me.viewer) else { return caseNotFound(me) }
            var warning = false
            if case .personalData = error { warning = true }
            return try await caseView(me, record: fresh, notice: nil, error: error.thai, form: f, status: error.httpStatus,
                                      personalDataWarning: warning)
        }
        return Response(status: .seeOther, headers: [.location: "/staff/cases/\(id)?done=\(action)"])
    }

    @Sendable func attachment(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.viewer.seesCases else { return analystRefusal(me) }
        guard let id = parseID(try context.parameters.require("trackingId")),
              try await store.staffRecord(id, viewer: me.viewer) != nil else { return caseNotFound(me) }
        let sha = try context.parameters.require("sha256")
        // An erased attachment is never served, though another case may still hold the same content.
        guard let file = try await store.attachments(of: id).first(where: { $0.sha256 == sha && !$0.isErased }),
              let data = try services.attachments.read(sha256: file.sha256) else { return caseNotFound(me) }
        try await audit(me, "view_attachment", id)
        let inline = ["image/jpeg", "image/png", "image/webp", "application/pdf"].contains(file.contentType)
        let name = file.filename.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? "file"
        return Response(status: .ok, headers: [
            .contentType: file.contentType,
            .cacheControl: "private, no-store",
            HTTPField.Name("Content-Disposition")!: "\(inline ? "inline" : "attachment"); filename*=UTF-8''\(name)",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; img-src 'self'; sandbox",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension String {
    var nilIfEmptyStaff: String? { isEmpty ? nil : self }
}
