import Foundation
import Hummingbird
import SiangCore
import SiangStore

/// The cases behind one figure of the reports page (`/staff/reports/cases`): the numerator's and
/// the denominator's cases of a metric, overall or in one breakdown row, each linking to its case page.
///
/// The lists keep to the viewer's reach by the rule the case pages use (``CaseStore/staffRecord(_:viewer:)``):
/// a supervisor sees their queues' cases, an admin every case that is not restricted, an analyst none
/// (aggregates only); the cases outside it are shown as a count, never as IDs, so the page tells no one
/// that a restricted case exists beyond what the aggregate already says.
extension StaffWorkspace {
    /// At most this many IDs are listed per side; the rest are counted.
    static let drillListLimit = 500

    @Sendable func reportCasesPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        let q = request.uri.queryParameters
        let t = ReportPageText.strings(language)
        do {
            let period = try reportPeriod(request)
            let asOf = try ReportService.asOf(q.get("asOf"), period: period)
            guard let metric = q.get("metric"), !metric.isEmpty, metric.count <= 64 else { throw ReportFailure.invalid([
                FieldError("metric", .required, th: "กรุณาระบุตัวชี้วัด", en: "Name the metric.")]) }
            let dimension = q.get("dimension").flatMap { $0.isEmpty ? nil : $0 }
            let key = q.get("key").flatMap { $0.isEmpty ? nil : $0 }
            guard (dimension == nil) == (key == nil), (key?.count ?? 0) <= 200 else { throw ReportFailure.invalid([
                FieldError("key", .invalid, th: "ต้องระบุทั้งมิติและรายการ", en: "dimension and key go together.")]) }
            let behind = try await reports.casesBehind(period, asOf: asOf, metric: metric, dimension: dimension, key: key)
            var values = reportBase(me, language: language, title: t["drillTitle"]!, path: "/staff/reports/cases")
            values["backHref"] = "/staff/reports?kind=\(period.segment)&id=\(period.id)" + (language == .en ? "&lang=en" : "")
            values["metric"] = metric
            values["breakdown"] = dimension.map { "\($0): \(reports.label(dimension: $0, key: key!, language: language))" } ?? t["overall"]!
            values["lists"] = [
                try await reachable(behind.numerator, me: me, title: t["numerator"]!, id: "numerator"),
                try await reachable(behind.denominator, me: me, title: t["denominator"]!, id: "denominator"),
            ]
            try await audit(me, "report_drill_down", nil)
            return render("staff-report-cases", values)
        } catch let failure as ReportFailure {
            return reportRefusal(me, failure, language)
        }
    }

    /// One list split by the viewer's reach: the IDs they may open and the number they may not.
    func reachable(_ ids: [TrackingID], me: StaffSignedIn, title: String, id: String) async throws -> [String: Any] {
        var shown: [[String: Any]] = []
        var hidden = 0, more = 0
        for caseID in ids {
            guard me.viewer.seesCases, try await store.staffRecord(caseID, viewer: me.viewer) != nil else { hidden += 1; continue }
            if shown.count < Self.drillListLimit { shown.append(["id": caseID.description, "href": "/staff/cases/\(caseID)"]) } else { more += 1 }
        }
        return ["title": title, "listId": id, "total": ids.count, "cases": shown, "hasCases": !shown.isEmpty, "hidden": hidden,
                "hasHidden": hidden > 0, "more": more, "hasMore": more > 0]
    }
}
