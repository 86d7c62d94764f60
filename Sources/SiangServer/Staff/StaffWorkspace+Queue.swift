import Foundation
import Hummingbird
import SiangCore
import SiangStore

/// The queue page: a queue's cases in SLA urgency order with countdowns, filters, Thai search and
/// paging.
extension StaffWorkspace {
    @Sendable func queuePage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.viewer.seesCases else { return analystRefusal(me) }
        let configuration = services.configuration
        let params = QueueFilters.formQuery(request.uri.query)
        let filters = QueueFilters({ params[$0] }, viewer: me.viewer, configuration: configuration)
        // A tracking ID typed into the search box opens the case.
        if let q = filters.raw["q"], q.count >= 10, let id = parseID(q) {
            return Response(status: .seeOther, headers: [.location: "/staff/cases/\(id)"])
        }
        let now = services.clock.now()
        var values = base(me, title: "คิวงาน", active: filters.queue == "mine" ? "mine" : "queue")
        var page = QueuePage(rows: [], hasMore: false)
        if filters.problems.isEmpty {
            try await refreshSLAIndex()
            page = try await store.queue(filters.query, viewer: me.viewer, now: now)
        } else {
            values["errors"] = filters.problems.map { ["message": $0.messageTh, "field": $0.field] }
        }
        values["heading"] = switch filters.queue {
        case "mine": "เรื่องที่ฉันรับผิดชอบ"
        case "all": "ทุกเรื่องที่ท่านมีสิทธิ์เข้าถึง"
        default: "คิวงาน: \(text.queue(filters.queue))"
        }
        values["rowsHTML"] = StaffHTML.queueRows(page.rows.map { row(for: $0, now: now) })
        values["hasRows"] = !page.rows.isEmpty
        values["pageNumber"] = filters.query.page
        if filters.query.page > 1 { values["prevURL"] = filters.link(page: filters.query.page - 1) }
        if page.hasMore { values["nextURL"] = filters.link(page: filters.query.page + 1) }
        values["searching"] = filters.raw["q"] != nil
        for (key, value) in filters.raw { values["v_\(key)"] = value }
        values["currentQueue"] = filters.queue
        try await addFilterOptions(&values, filters: filters, viewer: me.viewer)
        return render("staff-queue", values, status: filters.problems.isEmpty ? .ok : .unprocessableContent)
    }

    func row(for r: QueueRow, now: Date) -> [String: Any] {
        // Both are cut short by the query.
        let hasSubject = r.subject?.isEmpty == false
        return [
            "id": r.trackingID.description, "href": "/staff/cases/\(r.trackingID)",
            "summary": hasSubject ? r.subject! : r.excerpt, "excerpt": hasSubject ? r.excerpt : "",
            "category": text.category(r.category), "status": r.status.label.th, "statusCode": r.status.rawValue,
            "priority": r.priority.label.th, "priorityCode": r.priority.rawValue, "channel": r.channel.label.th,
            "queue": text.queue(r.queue), "assignee": r.assignee ?? "", "receivedAt": text.date(r.receivedAt),
            "sla": text.slaCell(r.sla, now: now),
        ]
    }

    func addFilterOptions(_ values: inout [String: Any], filters: QueueFilters, viewer: StaffViewer) async throws {
        let configuration = services.configuration
        var queues: [(value: String, label: String)] = [("mine", "เรื่องที่ฉันรับผิดชอบ"), ("all", "ทุกคิวที่มีสิทธิ์")]
        queues += QueueFilters.queueChoices(for: viewer, configuration: configuration).map { ($0, text.queue($0)) }
        values["queueOptions"] = StaffHTML.options(queues, selected: filters.queue)
        let statuses = [("open", "เรื่องที่ยังไม่แล้วเสร็จ"), ("all", "ทุกสถานะ")] + Status.allCases.map { ($0.rawValue, $0.label.th) }
        values["statusOptions"] = StaffHTML.options(statuses, selected: filters.raw["status"] ?? "open")
        let categories = configuration.taxonomy.categories.filter { !$0.restricted || viewer.seesRestricted }.map { ($0.code, $0.th) }
        values["categoryOptions"] = StaffHTML.options([("", "ทุกหมวด")] + categories, selected: filters.raw["category"] ?? "")
        values["channelOptions"] = StaffHTML.options([("", "ทุกช่องทาง")] + Channel.allCases.map { ($0.rawValue, $0.label.th) }, selected: filters.raw["channel"] ?? "")
        values["segmentOptions"] = StaffHTML.options([("", "ทุกกลุ่ม")] + Segment.allCases.map { ($0.rawValue, $0.label.th) }, selected: filters.raw["segment"] ?? "")
        let slaStates: [SLAState] = [.breached, .atRisk, .onTrack, .paused, .met, .missed]
        values["slaOptions"] = StaffHTML.options([("", "ทุกสถานะ")] + slaStates.map { ($0.rawValue, $0.label.th) }, selected: filters.raw["sla"] ?? "")
        let users = try await assignableUsers().map { ($0.username, $0.username) }
        values["assigneeOptions"] = StaffHTML.options([("", "ทุกคน"), ("none", "ยังไม่มีผู้รับผิดชอบ")] + users, selected: filters.raw["assignee"] ?? "")
    }

    func analystRefusal(_ me: StaffSignedIn) -> Response {
        refusal(me, status: .forbidden, title: "ไม่มีสิทธิ์เข้าถึง",
                message: "บทบาทผู้วิเคราะห์ข้อมูลดูได้เฉพาะข้อมูลสรุปภาพรวม ซึ่งไม่มีข้อมูลส่วนบุคคล โปรดใช้หน้า \"ภาพรวมการดำเนินงาน\"")
    }
}
