import Foundation
import HTTPTypes
import Hummingbird
import SiangCore
import SiangReports
import SiangStore

/// The improvement log's forms: a new entry (which the reports page's Pareto rows and the case page
/// open prefilled through ``ImprovementLinks``) and the change of one, with its version so a change
/// made meanwhile by someone else is refused. A refused form comes back with what was typed and every
/// problem linked to its control.
extension StaffWorkspace {
    /// `/staff/improvements/new?category=road&reason=delay&date=2026-03-31`: a new entry, prefilled.
    @Sendable func newImprovementPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await improvementGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        let q = request.uri.queryParameters
        var input = ImprovementInput(date: q.get("date") ?? Self.isoDay(services.clock.now()), learningLevel: LearningLevel.pdca.rawValue)
        if let c = q.get("category") { input.categories = [c] }
        if let r = q.get("reason") { input.reasonCodes = [r] }
        if let m = q.get("metric") { input.metricIds = [m] }
        if let p = q.get("servicePoint") { input.servicePoint = p }
        return try improvementForm(me, language: language, input: input, id: nil, version: nil)
    }

    @Sendable func editImprovementPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await improvementGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        guard let id = Int64(try context.parameters.require("id")),
              let entry = try await store.improvement(id: id) else { return improvementNotFound(me, language) }
        return try improvementForm(me, language: language, input: ImprovementInput(entry), id: id, version: entry.version)
    }

    @Sendable func addImprovement(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await improvementGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        guard ImprovementAccess.mayWrite(me.user.role) else { return improvementForbidden(me, language) }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        let input = Self.improvementInput(form.fields)
        do {
            let log = try improvementService.log()
            let now = services.clock.now()
            let entry = try await ImprovementService.run { () async throws(ImprovementLog.Failure) in
                try await log.add(input, actor: me.viewer.actor, now: now)
            }
            return Self.backToList(entry.improvement, done: "added", language: language)
        } catch let error as APIError {
            return try improvementForm(me, language: language, input: input, id: nil, version: nil, error: error)
        }
    }

    @Sendable func updateImprovement(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await improvementGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        guard ImprovementAccess.mayWrite(me.user.role) else { return improvementForbidden(me, language) }
        guard let id = Int64(try context.parameters.require("id")) else { return improvementNotFound(me, language) }
        guard let form = try await form(request, me: me) else { return csrfRefusal(me) }
        let input = Self.improvementInput(form.fields)
        let version = form.fields["version"].flatMap { Int64($0) }
        do {
            let log = try improvementService.log()
            let now = services.clock.now()
            let entry = try await ImprovementService.run { () async throws(ImprovementLog.Failure) in
                try await log.update(id: id, expectedVersion: version, actor: me.viewer.actor, now: now) { stored in
                    stored = input
                    return []
                }
            }
            return Self.backToList(entry.improvement, done: "updated", language: language)
        } catch let error as APIError {
            if error.status == .notFound { return improvementNotFound(me, language) }
            return try improvementForm(me, language: language, input: input, id: id, version: version, error: error)
        }
    }

    static func backToList(_ i: Improvement, done: String, language: Language) -> Response {
        let year = FiscalYear(containing: BangkokTime.calendar.date(from: DateComponents(year: i.date.year, month: i.date.month, day: i.date.day, hour: 12))!).beYear
        return Response(status: .seeOther, headers: [
            .location: "/staff/improvements?fy=\(year)&done=\(done)" + (language == .en ? "&lang=en" : "") + "#improvement-\(i.id)",
        ])
    }

    /// The form's fields as input: one checkbox per category, reason and metric (`category.road=on`).
    static func improvementInput(_ f: [String: String]) -> ImprovementInput {
        func checked(_ prefix: String) -> [String] { f.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted() }
        var date = f["date"]?.trimmingCharacters(in: .whitespaces)
        if let typed = date, typed.contains("/"), let day = QueueFilters.day(typed) { date = isoDay(day) }
        return ImprovementInput(date: date, title: f["title"], action: f["action"], owningUnit: f["owningUnit"], learningLevel: f["learningLevel"],
                                categories: checked("category."), reasonCodes: checked("reason."), metricIds: checked("metric."),
                                servicePoint: f["servicePoint"].flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The Bangkok day of an instant, `YYYY-MM-DD`.
    static func isoDay(_ instant: Date) -> String {
        let w = BangkokTime.wallClock(instant)
        return String(format: "%04d-%02d-%02d", w.year, w.month, w.day)
    }

    func improvementForm(_ me: StaffSignedIn, language: Language, input: ImprovementInput, id: Int64?, version: Int64?,
                         error: APIError? = nil) throws -> Response {
        let t = ImprovementPageText.strings(language)
        let path = id.map { "/staff/improvements/\($0)/edit" } ?? "/staff/improvements/new"
        var values = improvementBase(me, language: language, title: t[id == nil ? "add" : "editTitle"]!, path: path)
        values["heading"] = t[id == nil ? "add" : "editTitle"]
        values["action"] = (id.map { "/staff/improvements/\($0)" } ?? "/staff/improvements") + (language == .en ? "?lang=en" : "")
        values["version"] = version.map(String.init) ?? ""
        values["form"] = ["date": input.date ?? "", "title": input.title ?? "", "action": input.action ?? "", "owningUnit": input.owningUnit ?? ""]
        values["levels"] = LearningLevel.allCases.map { l -> [String: Any] in
            ["code": l.rawValue, "label": t["level." + l.rawValue]!, "checked": input.learningLevel == l.rawValue]
        }
        let vocabulary: ImprovementVocabulary
        do { vocabulary = try improvementService.log().vocabulary } catch let e as APIError { return improvementRefusal(me, language, e) }
        func options(_ terms: [ImprovementVocabulary.Term], _ chosen: [String], prefix: String) -> [[String: Any]] {
            terms.map { ["name": prefix + $0.code, "id": (prefix + $0.code).replacingOccurrences(of: ".", with: "-"),
                         "label": $0.label(language), "checked": chosen.contains($0.code)] }
        }
        values["categoryOptions"] = options(vocabulary.categories, input.categories, prefix: "category.")
        values["reasonOptions"] = options(vocabulary.reasonCodes, input.reasonCodes, prefix: "reason.")
        values["metricOptions"] = options(vocabulary.metrics, input.metricIds, prefix: "metric.")
        values["servicePointOptions"] = vocabulary.servicePoints.map { ["code": $0.code, "label": $0.label(language), "selected": input.servicePoint == $0.code] }
        values["hasServicePoints"] = !vocabulary.servicePoints.isEmpty
        if let error {
            values["error"] = error.fields.isEmpty ? (language == .th ? error.messageTh : error.message) : t["invalid"]
            values["fieldErrors"] = error.fields.map { ["field": Self.anchor($0.field), "message": $0.message(language)] }
        }
        return render("staff-improvement-form", values, status: error?.status ?? .ok)
    }

    /// The form control a field error points to.
    static func anchor(_ field: String) -> String {
        switch field {
        case "triggers", "triggers.categories": "triggers"
        case "triggers.reasonCodes": "reasons"
        case "triggers.metricIds": "metrics"
        case "triggers.servicePoint": "improvement-servicePoint"
        default: "improvement-\(field)"
        }
    }

    /// A refusal page in the staff layout, in the page's language.
    func improvementRefusal(_ me: StaffSignedIn, _ language: Language, _ e: APIError) -> Response {
        refusal(me, status: e.status, title: ImprovementPageText.strings(language)["title"]!, message: language == .th ? e.messageTh : e.message)
    }

    func improvementNotFound(_ me: StaffSignedIn, _ language: Language) -> Response { improvementRefusal(me, language, ImprovementService.notFound) }
    func improvementForbidden(_ me: StaffSignedIn, _ language: Language) -> Response { improvementRefusal(me, language, ImprovementService.forbidden) }
}
