import Foundation
import Hummingbird
import SiangCore
import SiangReports

/// Targets, comparators and baselines per metric and fiscal year on the staff reports page: the list
/// and a form that sets one metric's entry for one year (analyst and admin).
extension StaffWorkspace {
    @Sendable func reportTargetsPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        let notice = request.uri.queryParameters.get("done") == "target" ? ReportPageText.strings(language)["done.target"] : nil
        return try await targetsView(me, language: language, notice: notice)
    }

    @Sendable func saveReportTarget(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request, manage: true)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        do {
            let metrics = Set(try reports.catalog().ids)
            let parsed = try TargetForm.read(form.fields, metrics: metrics).get()
            try await reports.setTarget(metric: parsed.metric, fiscalYear: parsed.fiscalYear, entry: parsed.entry, by: me.viewer.actor)
            try await audit(me, "report_targets_set", nil)
            return Response(status: .seeOther, headers: [.location: "/staff/reports/targets?done=target" + (language == .en ? "&lang=en" : "")])
        } catch let failure as ReportFailure {
            return try await targetsView(me, language: language, failure: failure, form: form.fields)
        }
    }

    func targetsView(_ me: StaffSignedIn, language: Language, notice: String? = nil, failure: ReportFailure? = nil,
                     form: [String: String] = [:]) async throws -> Response {
        var values = reportBase(me, language: language, title: ReportPageText.strings(language)["targetsTitle"]!, path: "/staff/reports/targets")
        values["notice"] = notice
        values["mayManage"] = ReportAccess.mayManage(me.user.role)
        values["form"] = form
        if let failure {
            values["error"] = failure.message(language)
            values["fieldErrors"] = failure.fields.map { ["field": $0.field, "message": $0.message(language)] }
        }
        values["comparatorRows"] = (1...TargetForm.comparatorRows).map { i -> [String: Any] in
            ["n": i, "name": form["c\(i)_name"] ?? "", "value": form["c\(i)_value"] ?? "", "why": form["c\(i)_why"] ?? ""]
        }
        var status = failure?.status ?? .ok
        var loaded: (catalog: MetricCatalog, book: TargetBook)?
        do throws(ReportFailure) {
            loaded = (try reports.catalog(), try await reports.targets())
        } catch {
            values["unavailable"] = error.message(language)
            if failure == nil { status = error.status }
        }
        if let (catalog, book) = loaded {
            values["metricOptions"] = catalog.metrics.map { m -> [String: Any] in
                ["id": m.id, "name": language == .th ? m.nameTh : m.nameEn, "selected": form["metric"] == m.id]
            }
            values["fiscalYear"] = form["fiscalYear"] ?? String(FiscalYear(containing: services.clock.now()).beYear)
            let rows = catalog.metrics.flatMap { m in targetRows(m, entries: book.entries[m.id] ?? [:], language: language) }
            values["rows"] = rows
            values["hasRows"] = !rows.isEmpty
            values["hasCatalog"] = true
        }
        return render("staff-report-targets", values, status: status)
    }

    func targetRows(_ m: MetricDefinition, entries: [Int: TargetBook.Entry], language: Language) -> [[String: Any]] {
        entries.sorted { $0.key < $1.key }.map { year, e -> [String: Any] in
            ["metric": language == .th ? m.nameTh : m.nameEn, "id": m.id, "year": year,
             "target": e.target.map { ReportPageModel.number($0, language: language) } ?? "–",
             "baseline": (e.value ?? e.baseline).map { ReportPageModel.number($0, language: language) } ?? "–",
             "comparators": e.comparators.map { c -> [String: Any] in
                 ["name": c.name, "value": ReportPageModel.number(c.value, language: language), "why": c.why]
             }]
        }
    }
}
