import Foundation
import HTTPTypes
import Hummingbird
import SiangCore
import SiangReports
import SiangStore

/// The improvement-log pages (`/staff/improvements`, DESIGN.md 5.9): a fiscal year's entries with
/// each linked metric before and after, the form for a new entry (which the reports page's Pareto
/// rows and the case page open prefilled) and the form that changes one. Thai first, English with
/// `?lang=en`; CSRF-protected forms; who may use them is ``ImprovementAccess``.
extension StaffWorkspace {
    var improvementService: ImprovementService { ImprovementService(services: services) }

    func registerImprovements(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/staff/improvements", page: true, on: router, use: improvementsPage)
        book.get("/staff/improvements/new", page: true, on: router, use: newImprovementPage)
        book.post("/staff/improvements", page: true, on: router, use: addImprovement)
        book.get("/staff/improvements/{id}/edit", page: true, on: router, use: editImprovementPage)
        book.post("/staff/improvements/{id}", page: true, on: router, use: updateImprovement)
    }

    /// The signed-in user of an improvement page and the page's language, or the answer for anyone else.
    func improvementGate(_ request: Request) async throws -> ReportGate {
        guard let me = try await sessions.current(request) else { return .answered(signInRedirect(request)) }
        let language = PageRenderer.language(of: request)
        guard ImprovementAccess.mayRead(me.user.role) else {
            let e = ImprovementService.forbidden
            return .answered(refusal(me, status: .forbidden, title: ImprovementPageText.strings(language)["title"]!,
                                     message: language == .th ? e.messageTh : e.message))
        }
        return .allowed(me, language)
    }

    func improvementBase(_ me: StaffSignedIn, language: Language, title: String, path: String) -> [String: Any] {
        var values = base(me, title: title, active: "improvements")
        values["lang"] = language.rawValue
        values["t"] = ImprovementPageText.strings(language)
        values["isEnglish"] = language == .en
        values["langQuery"] = language == .en ? "?lang=en" : ""
        values["langSuffix"] = language == .en ? "&lang=en" : ""
        values["otherLanguageURL"] = path + (language == .th ? (path.contains("?") ? "&" : "?") + "lang=en" : "")
        return values
    }

    // MARK: GET /staff/improvements[?fy=2569]

    @Sendable func improvementsPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await improvementGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        let t = ImprovementPageText.strings(language)
        let now = services.clock.now()
        let current = FiscalYear(containing: now).beYear
        let year = (try? ImprovementService.fiscalYear(request.uri.queryParameters.get("fy"))).flatMap { $0 } ?? current
        var values = improvementBase(me, language: language, title: t["title"]!, path: "/staff/improvements?fy=\(year)")
        values["notice"] = request.uri.queryParameters.get("done").flatMap { t["done." + $0] }
        values["yearOptions"] = (current - 4...current + 1).reversed().map { ["year": $0, "selected": $0 == year] }
        values["mayWrite"] = ImprovementAccess.mayWrite(me.user.role)
        do {
            let log = try improvementService.log()
            let entries = try await ImprovementService.run { () async throws(ImprovementLog.Failure) in
                try await log.assessed(fiscalYear: year, now: now)
            }
            let rows = entries.map { improvementRow($0, vocabulary: log.vocabulary, language: language) }
            values["entries"] = rows
            values["hasEntries"] = !rows.isEmpty
        } catch let error as APIError {
            values["unavailable"] = language == .th ? error.messageTh : error.message
            return render("staff-improvements", values, status: error.status)
        }
        return render("staff-improvements", values)
    }

    /// One entry on the list: names for its codes, dates as the language writes them, and each effect.
    func improvementRow(_ a: AssessedImprovement, vocabulary: ImprovementVocabulary, language: Language) -> [String: Any] {
        let t = ImprovementPageText.strings(language), i = a.improvement
        func names(_ codes: [String], _ terms: [ImprovementVocabulary.Term]) -> String {
            codes.map { ImprovementVocabulary.label($0, in: terms, language) }.joined(separator: ", ")
        }
        func window(_ w: ImprovementWindow, ended: Bool) -> [String: Any] {
            let months = [w.fromMonth, w.toMonth].compactMap(Self.fiscalMonth).map { ThaiDateFormatter.month($0, language) }
            let value = w.value.map { ReportPageModel.number($0, language: language) } ?? (ended ? t["noData"]! : t["pendingWindow"]!)
            return ["months": months.joined(separator: " – "), "value": value,
                    "denominator": w.denominator.map { "n = \($0)" } ?? ""]
        }
        let now = services.clock.now()
        let windows = ImprovementWindows(day: i.date)
        return [
            "id": i.id, "date": Self.dayLabel(i.date, language), "title": i.title, "action": i.action, "unit": i.owningUnit,
            "level": t["level." + i.learningLevel.rawValue] ?? i.learningLevel.rawValue,
            "recordedAt": ThaiDateFormatter.dateTime(i.recordedAt, language),
            "categories": names(i.triggers.categories, vocabulary.categories),
            "reasonCodes": names(i.triggers.reasonCodes, vocabulary.reasonCodes),
            "servicePoint": i.triggers.servicePoint.map { names([$0], vocabulary.servicePoints) } ?? "",
            "effects": a.effects.map { e -> [String: Any] in
                ["metric": ImprovementVocabulary.label(e.metricId, in: vocabulary.metrics, language), "metricId": e.metricId,
                 "before": window(e.before, ended: windows.before.to <= now), "after": window(e.after, ended: windows.after.to <= now)]
            },
            "hasEffects": !a.effects.isEmpty,
        ]
    }

    static func fiscalMonth(_ id: String) -> FiscalMonth? {
        guard case .month(let m)? = try? PeriodKey.parse(id, kind: .month) else { return nil }
        return m
    }

    /// `15 มีนาคม 2569` or `15 Mar 2026`.
    static func dayLabel(_ day: ImprovementDay, _ language: Language) -> String {
        let noon = BangkokTime.calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!
        return ThaiDateFormatter.date(noon, language, longMonth: true)
    }

    // MARK: The form

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
        do { vocabulary = try improvementService.log().vocabulary } catch let e as APIError {
            return refusal(me, status: e.status, title: t["title"]!, message: language == .th ? e.messageTh : e.message)
        }
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

    func improvementNotFound(_ me: StaffSignedIn, _ language: Language) -> Response {
        let e = ImprovementService.notFound
        return refusal(me, status: .notFound, title: ImprovementPageText.strings(language)["title"]!, message: language == .th ? e.messageTh : e.message)
    }

    func improvementForbidden(_ me: StaffSignedIn, _ language: Language) -> Response {
        let e = ImprovementService.forbidden
        return refusal(me, status: .forbidden, title: ImprovementPageText.strings(language)["title"]!, message: language == .th ? e.messageTh : e.message)
    }
}
