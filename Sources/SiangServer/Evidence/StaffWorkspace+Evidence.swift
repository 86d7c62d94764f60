import Foundation
import Hummingbird
import SiangCore
import SiangReports
import SiangStore

/// The staff evidence page (`/staff/evidence?fy=`, DESIGN.md 5.9): each approach's 15 ADLI items with
/// their figures and where each came from, the Thai narrative draft, and the readiness check, for the
/// roles that read the reports. The readiness section is shared with the reports page's fiscal-year view.
extension StaffWorkspace {
    func registerEvidence(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/staff/evidence", page: true, on: router, use: evidencePage)
    }

    @Sendable func evidencePage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let gate = try await reportGate(request)
        guard case .allowed(let me, let language) = gate else { return gate.response }
        let fy: String? = request.uri.queryParameters.get("fy")
        let values: [String: Any]
        do throws(ReportFailure) {
            values = try await evidenceValues(me, language: language, fy: fy)
        } catch {
            return reportRefusal(me, error, language)
        }
        return render("staff-evidence", values)
    }

    func evidenceValues(_ me: StaffSignedIn, language: Language, fy: String?) async throws(ReportFailure) -> [String: Any] {
        let evidence = EvidenceService(services: services)
        let t = EvidencePageText.strings(language)
        let period = try evidence.fiscalYear(fy)
        let year = try await evidence.year(period)
        let pack = evidence.pack(year)
        var values = reportBase(me, language: language, title: t["title"]!, path: "/staff/evidence?fy=\(period.id)")
        values["nav"] = base(me, title: t["title"]!, active: "evidence")["nav"]
        values["e"] = t
        values["fiscalYear"] = pack.fiscalYear
        values["asOf"] = ThaiDateFormatter.dateTime(pack.asOf, language)
        values["yearOptions"] = ReportPickers(now: services.clock.now(), language: language).years.map { option -> [String: Any] in
            ["id": option.id, "label": option.label, "selected": option.id == period.id]
        }
        values["approaches"] = pack.approaches.map { EvidencePageModel.approach($0, language: language) }
        values.merge(EvidencePageModel.readiness(evidence.readiness(year), language: language)) { $1 }
        return values
    }

    /// The readiness section of the reports page's fiscal-year view (empty when it cannot be computed:
    /// the page still shows the report).
    func readinessValues(report: ReportDocument, period: ReportPeriodRef, language: Language) async -> [String: Any] {
        let evidence = EvidenceService(services: services)
        guard let year = try? await evidence.year(period, report: report) else { return [:] }
        return EvidencePageModel.readiness(evidence.readiness(year), language: language)
    }
}

/// What the evidence templates show, read from the pack and the check; nothing is computed here.
enum EvidencePageModel {
    static func approach(_ a: ApproachEvidence, language: Language) -> [String: Any] {
        let t = EvidencePageText.strings(language)
        return [
            "id": a.id.rawValue, "name": language == .th ? a.nameTh : a.nameEn,
            "items": a.items.map { item -> [String: Any] in
                ["key": item.key.rawValue, "label": item.key.label.text(language), "source": item.source.rawValue,
                 "sourceLabel": t["source." + item.source.rawValue]!, "text": item.text,
                 "entries": item.entries.map { entry($0, language: language) }, "hasEntries": !item.entries.isEmpty]
            },
            "paragraphs": a.narrativeTh.components(separatedBy: "\n\n"),
            "metricIds": a.metricIds.joined(separator: ", "),
        ]
    }

    static func entry(_ e: EvidenceEntry, language: Language) -> [String: Any] {
        let t = EvidencePageText.strings(language)
        var details: [String] = []
        if let n = e.count { details.append("\(t["count"]!) \(EvidenceWording.count(n))") }
        if let v = e.value { details.append("\(t["value"]!) \(EvidenceWording.number(v))") }
        if let d = e.firstUsedOn.flatMap({ ImprovementDay($0) }) { details.append("\(t["firstUsed"]!) \(EvidenceWording.date(d, language))") }
        if let d = e.date.flatMap({ ImprovementDay($0) }) { details.append("\(t["date"]!) \(EvidenceWording.date(d, language))") }
        var values: [String: Any] = ["label": language == .th ? e.labelTh : e.labelEn, "details": details.joined(separator: " · ")]
        // Only web addresses become links; the configuration refuses anything else already.
        if let url = e.url, url.hasPrefix("https://") || url.hasPrefix("http://") { values["url"] = url }
        return values
    }

    static func readiness(_ check: ReadinessCheck, language: Language) -> [String: Any] {
        let t = EvidencePageText.strings(language)
        let th = language == .th
        return [
            "readiness": [
                "r": t, "fiscalYear": check.fiscalYear, "english": !th,
                "lines": check.lines.map { line -> [String: Any] in
                    ["id": line.id.rawValue, "pass": line.status == .pass, "status": line.status.rawValue, "statusLabel": t[line.status.rawValue]!,
                     "criticism": th ? line.criticismTh : line.criticismEn, "evidence": th ? line.evidenceTh : line.evidenceEn,
                     "action": (th ? line.actionTh : line.actionEn) ?? "",
                     "figures": line.figures.map { "\($0.name) = \(EvidenceWording.number($0.value))" }.joined(separator: " · ")]
                },
            ] as [String: Any],
        ]
    }
}
