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
        guard ImprovementAccess.mayRead(me.user.role) else { return .answered(improvementForbidden(me, language)) }
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
}
