import Foundation
import Hummingbird
import SiangCore
import SiangReports
import SiangStore

/// The supervisor dashboard and the call-back list.
extension StaffWorkspace {
    @Sendable func dashboardPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        try await refreshSLAIndex()
        let now = services.clock.now()
        let month = FiscalMonth(containing: now)
        let figures = try await store.dashboard(viewer: me.viewer, now: now, monthStart: month.start, monthEnd: month.end, oldest: 10)
        var values = base(me, title: "ภาพรวมการดำเนินงาน", active: "dashboard")
        values["monthLabel"] = "เดือน\(ThaiDateFormatter.month(month, .th)) (เดือนที่ \(month.number) ของปีงบประมาณ พ.ศ. \(month.year.beYear))"
        values["asOf"] = text.date(now)
        values["isAnalyst"] = me.user.role == .analyst

        let loads = figures.openByQueue
        values["openTotal"] = loads.reduce(0) { $0 + $1.total }
        values["breachedNow"] = loads.reduce(0) { $0 + $1.breached }
        values["atRiskNow"] = loads.reduce(0) { $0 + $1.atRisk }
        values["breachesThisMonth"] = figures.breachesThisMonth
        let states: [(SLAState, KeyPath<StaffDashboard.QueueLoad, Int>)] = [(.breached, \.breached), (.atRisk, \.atRisk), (.onTrack, \.onTrack), (.paused, \.paused)]
        values["queueChart"] = SVGCharts.stackedBars(
            title: "เรื่องที่ยังไม่แล้วเสร็จ จำแนกตามคิวงานและสถานะระยะเวลา",
            rows: loads.map { load in
                (text.queue(load.queue), states.map { SVGCharts.Segment(value: load[keyPath: $0.1], cssClass: "sla-\($0.0.rawValue)", label: $0.0.label.th) })
            })
        values["legend"] = states.map { ["state": $0.0.rawValue, "label": $0.0.label.th] }
        values["queueRows"] = loads.map { l -> [String: Any] in
            ["queue": text.queue(l.queue), "onTrack": l.onTrack, "atRisk": l.atRisk, "breached": l.breached, "paused": l.paused, "total": l.total]
        }
        values["hasQueues"] = !loads.isEmpty
        values["channelChart"] = SVGCharts.bars(title: "เรื่องที่รับในเดือนนี้ จำแนกตามช่องทาง",
                                                rows: figures.byChannel.map { ($0.channel.label.th, $0.count) })
        values["channelRows"] = figures.byChannel.map { ["label": $0.channel.label.th, "count": $0.count] }
        values["categoryChart"] = SVGCharts.bars(title: "เรื่องที่รับในเดือนนี้ จำแนกตามหมวดเรื่อง",
                                                 rows: figures.byCategory.map { (text.category($0.category), $0.count) })
        values["categoryRows"] = figures.byCategory.map { ["label": text.category($0.category), "count": $0.count] }
        values["monthTotal"] = figures.byChannel.reduce(0) { $0 + $1.count }
        values["oldest"] = figures.oldestOpen.map { r -> [String: Any] in
            var row = self.row(for: r, now: now)
            row["age"] = "\(Int(now.timeIntervalSince(r.receivedAt) / 86_400)) วัน"
            return row
        }
        values["hasOldest"] = !figures.oldestOpen.isEmpty
        values["escalations"] = figures.escalations.map { e -> [String: Any] in
            ["id": e.trackingID.description, "href": "/staff/cases/\(e.trackingID)", "at": text.date(e.at),
             "what": "\(text.clockName(e.clock)) \(text.levelName(e.level))", "level": e.level, "queue": text.queue(e.queue)]
        }
        values["hasEscalations"] = !figures.escalations.isEmpty
        // Cases the SLA ticker set aside (their events cannot be read): for admins and the integrity role, whose cases they may be.
        if [.admin, .integrity].contains(me.user.role) {
            let unreadable = try await store.slaSetAside(viewer: me.viewer)
            values["hasUnreadable"] = !unreadable.isEmpty
            values["unreadableCount"] = unreadable.count
            values["unreadable"] = unreadable.map { ["id": $0.trackingID.description, "href": "/staff/cases/\($0.trackingID)"] }
        }
        return render("staff-dashboard", values)
    }

    // MARK: Call-backs

    @Sendable func callbacksPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.viewer.seesCases else { return analystRefusal(me) }
        let items = try await store.callbacks(viewer: me.viewer, limit: 200)
        // The list shows names and telephone numbers: each case's contact seen is audited.
        for id in Set(items.map(\.trackingID)) { try await audit(me, "view_callback_contact", id) }
        var values = base(me, title: "รายการโทรกลับแจ้งผู้ร้อง", active: "callbacks")
        values["items"] = items.map { item -> [String: Any] in
            ["outboxId": item.outboxID, "id": item.trackingID.description, "href": "/staff/cases/\(item.trackingID)",
             "what": item.kind == "public_reply" ? "คำตอบถึงผู้ร้อง" : "แจ้งความคืบหน้า", "text": item.text,
             "name": item.name ?? "ไม่ระบุชื่อ", "phone": item.phone ?? "", "channel": item.channel.label.th, "at": text.date(item.createdAt)]
        }
        values["hasItems"] = !items.isEmpty
        if request.uri.queryParameters.get("done") == "1" { values["notice"] = "บันทึกว่าโทรแจ้งผู้ร้องแล้ว" }
        try await addSurveyCallBacks(to: &values, request: request, me: me)
        return render("staff-callbacks", values)
    }

    @Sendable func completeCallback(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        guard me.viewer.seesCases else { return analystRefusal(me) }
        guard try await form(request, me: me) != nil else { return csrfRefusal(me) }
        guard let id = Int64(try context.parameters.require("outboxId")),
              try await store.completeCallback(outboxID: id, viewer: me.viewer, at: services.clock.now()) else {
            return refusal(me, status: .notFound, title: "ไม่พบรายการ", message: "ไม่พบรายการโทรกลับนี้ หรือมีผู้บันทึกไว้แล้ว")
        }
        try await audit(me, "callback_made", nil)
        return Response(status: .seeOther, headers: [.location: "/staff/callbacks?done=1"])
    }
}
