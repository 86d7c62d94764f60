import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangReports
import SiangStore

/// The staff reports page (`/staff/reports`, DESIGN.md 5.7): the month, quarter and fiscal-year
/// pickers, the 7.2 table with comparisons and LeTCI, the Paretos, downloads in every format, a
/// locked month's revisions and pending changes, and the lock and restatement forms. Thai first,
/// English with `?lang=en`; who may see and do what is ``ReportAccess``.
extension StaffWorkspace {
    var reports: ReportService { ReportService(services: services) }

    func registerReports(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/staff/reports", page: true, on: router, use: reportPage)
        book.get("/staff/reports/download", page: true, on: router, use: reportDownload)
        book.get("/staff/reports/cases", page: true, on: router, use: reportCasesPage)
        book.post("/staff/reports/lock", page: true, on: router, use: lockReportMonth)
        book.post("/staff/reports/restate", page: true, on: router, use: restateReportMonth)
        book.get("/staff/reports/targets", page: true, on: router, use: reportTargetsPage)
        book.post("/staff/reports/targets", page: true, on: router, use: saveReportTarget)
    }

    /// The signed-in reader of a reports page, or the answer for someone who is not one.
    enum ReportGate {
        case allowed(StaffSignedIn, Language)
        case answered(Response)
    }

    func reportGate(_ request: Request, manage: Bool = false) async throws -> ReportGate {
        guard let me = try await sessions.current(request) else { return .answered(signInRedirect(request)) }
        let language = PageRenderer.language(of: request)
        guard ReportAccess.mayRead(me.user.role) else { return .answered(reportRefusal(me, .forbidden, language)) }
        if manage, !ReportAccess.mayManage(me.user.role) { return .answered(reportRefusal(me, .manageForbidden, language)) }
        return .allowed(me, language)
    }

    /// The layout's values for a reports page in `language`, with the link to the same page in the other language.
    func reportBase(_ me: StaffSignedIn, language: Language, title: String, path: String) -> [String: Any] {
        var values = base(me, title: title, active: "reports")
        values["lang"] = language.rawValue
        values["t"] = ReportPageText.strings(language)
        values["isEnglish"] = language == .en
        values["langQuery"] = language == .en ? "?lang=en" : ""
        values["otherLanguageURL"] = path + (language == .th ? (path.contains("?") ? "&" : "?") + "lang=en" : "")
        return values
    }

    func reportRefusal(_ me: StaffSignedIn, _ failure: ReportFailure, _ language: Language) -> Response {
        var values = reportBase(me, language: language, title: ReportPageText.strings(language)["title"]!, path: "/staff/reports")
        // A refused field says which: "the request has errors" alone helps no one.
        values["message"] = ([failure.message(language)] + failure.fields.map { $0.message(language) }).joined(separator: " ")
        values["status"] = failure.status.code
        return render("staff-message", values, status: failure.status)
    }

    /// The period a request names (`kind` and `id`), or the running month when it names none.
    func reportPeriod(_ request: Request) throws(ReportFailure) -> ReportPeriodRef {
        let q = request.uri.queryParameters
        let now = services.clock.now()
        guard let kind = q.get("kind") else { return .current(now: now) }
        do { return try ReportPeriodRef.parse(kind: kind, id: q.get("id") ?? "", now: now) } catch { throw .from(error) }
    }

    // MARK: GET /staff/reports

    @Sendable func reportPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        do {
            let period = try reportPeriod(request)
            let asOfRaw = request.uri.queryParameters.get("asOf")
            let asOf = try ReportService.asOf(asOfRaw, period: period)
            let notice = request.uri.queryParameters.get("done").flatMap { ReportPageText.strings(language)["done." + $0] }
            return try await reportView(me, language: language, period: period, asOf: asOf, asOfRaw: asOfRaw, notice: notice)
        } catch let failure as ReportFailure {
            return reportRefusal(me, failure, language)
        }
    }

    /// Renders the page for one period; `error` and `form` bring a refused post back with what was typed.
    func reportView(_ me: StaffSignedIn, language: Language, period: ReportPeriodRef, asOf: Date?, asOfRaw: String?,
                    notice: String? = nil, error: ReportFailure? = nil, form: [String: String] = [:]) async throws -> Response {
        var values = reportBase(me, language: language, title: ReportPageText.strings(language)["title"]!,
                                path: "/staff/reports?kind=\(period.segment)&id=\(period.id)")
        let pickers = ReportPickers(now: services.clock.now(), language: language)
        func options(_ list: [ReportPickers.Option], _ kind: ReportPeriodRef.Kind) -> [[String: Any]] {
            list.map { ["id": $0.id, "label": $0.label, "selected": period.kind == kind && period.id == $0.id] }
        }
        values["monthOptions"] = options(pickers.months, .monthly)
        values["quarterOptions"] = options(pickers.quarters, .quarter)
        values["yearOptions"] = options(pickers.years, .fy)
        values["notice"] = notice
        if let error { values["error"] = error.message(language) }
        values["reason"] = form["reason"]
        values["mayManage"] = ReportAccess.mayManage(me.user.role)
        values["isMonth"] = period.kind == .monthly
        values["periodKind"] = period.segment
        values["periodID"] = period.id
        var status: HTTPResponse.Status = error?.status ?? .ok
        var document: ReportDocument?
        var revisions: [ReportService.Revision] = []
        do throws(ReportFailure) {
            let loaded = try await reports.document(period, asOf: asOf)
            if period.kind == .monthly, loaded.locked { revisions = try await reports.revisions(month: period) }
            document = loaded
        } catch let failure {
            values["unavailable"] = failure.message(language)
            if error == nil { status = failure.status }
        }
        if let document {
            values.merge(documentValues(document, period: period, asOfRaw: asOfRaw, language: language)) { $1 }
            values["revisions"] = revisions.map { r -> [String: Any] in
                ["revision": r.revision, "at": ThaiDateFormatter.dateTime(r.at, language), "by": r.by, "reason": r.reason ?? "–", "changes": r.changes]
            }
            values["hasRevisions"] = !revisions.isEmpty
            if period.kind == .fy { values.merge(await readinessValues(report: document, period: period, language: language)) { $1 } }
        }
        return render("staff-reports", values, status: status)
    }

    /// The document's part of the page: the table, Paretos and pending changes, the period and the downloads.
    func documentValues(_ document: ReportDocument, period: ReportPeriodRef, asOfRaw: String?, language: Language) -> [String: Any] {
        let reports = self.reports
        let model = ReportPageModel(document: document, period: period, asOfQuery: asOfRaw, language: language,
                                    labels: { reports.label(dimension: $0, key: $1, language: language) },
                                    charts: ReportHTML.charts(document, labels: reports.labels, language: language))
        var values = model.values
        values["hasDocument"] = true
        values["periodLabel"] = language == .th ? document.period.labelTh : document.period.labelEn
        values["from"] = ThaiDateFormatter.date(document.period.from, language, longMonth: true)
        values["to"] = ThaiDateFormatter.date(document.period.to.addingTimeInterval(-1), language, longMonth: true)
        values["asOf"] = ThaiDateFormatter.dateTime(document.period.asOf, language)
        values["locked"] = document.locked
        values["revision"] = document.revision
        let asOfQuery = asOfRaw.map { "&asOf=" + ReportPageModel.encode($0) } ?? ""
        values["downloads"] = ReportFormat.allCases.map { f -> [String: Any] in
            ["format": f.rawValue.uppercased(),
             "href": "/staff/reports/download?kind=\(period.segment)&id=\(period.id)&format=\(f.rawValue)" + asOfQuery + (language == .en ? "&lang=en" : "")]
        }
        return values
    }

    // MARK: GET /staff/reports/download

    @Sendable func reportDownload(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        do {
            let period = try reportPeriod(request)
            guard let format = ReportFormat(rawValue: request.uri.queryParameters.get("format") ?? "") else { throw ReportFailure.badFormat }
            let asOf = try ReportService.asOf(request.uri.queryParameters.get("asOf"), period: period)
            let data = try reports.render(try await reports.document(period, asOf: asOf), as: format, language: language)
            try await audit(me, "report_download", nil)
            return ReportDownload.response(data, format: format, period: period)
        } catch let failure as ReportFailure {
            return reportRefusal(me, failure, language)
        }
    }

    // MARK: POST /staff/reports/lock and /staff/reports/restate

    @Sendable func lockReportMonth(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request, manage: true)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        do {
            let month = try Self.month(form.fields["month"], now: services.clock.now())
            _ = try await reports.lock(month: month, by: me.viewer.actor)
            try await audit(me, "report_lock", nil)
            return Response(status: .seeOther, headers: [.location: "/staff/reports?kind=monthly&id=\(month.id)&done=locked" + (language == .en ? "&lang=en" : "")])
        } catch let failure as ReportFailure {
            return reportRefusal(me, failure, language)
        }
    }

    @Sendable func restateReportMonth(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request, manage: true)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        let month: ReportPeriodRef
        do throws(ReportFailure) { month = try Self.month(form.fields["month"], now: services.clock.now()) } catch {
            return reportRefusal(me, error, language)
        }
        do {
            let reason = try ReportService.reason(form.fields["reason"])
            _ = try await reports.restate(month: month, reason: reason, by: me.viewer.actor)
            try await audit(me, "report_restate", nil)
            return Response(status: .seeOther, headers: [.location: "/staff/reports?kind=monthly&id=\(month.id)&done=restated" + (language == .en ? "&lang=en" : "")])
        } catch let failure as ReportFailure {
            return try await reportView(me, language: language, period: month, asOf: nil, asOfRaw: nil, error: failure, form: form.fields)
        }
    }

    static func month(_ raw: String?, now: Date) throws(ReportFailure) -> ReportPeriodRef {
        do { return try ReportPeriodRef.month(raw ?? "", now: now) } catch { throw .from(error) }
    }
}

extension StaffWorkspace.ReportGate {
    /// The answer of a refused gate (never called on an allowed one).
    var response: Response {
        if case .answered(let r) = self { return r }
        return Response(status: .internalServerError)
    }
}
