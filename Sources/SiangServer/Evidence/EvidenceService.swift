import Foundation
import SiangCore
import SiangReports
import SiangStore

/// The one place the server builds the category 3 evidence pack and the readiness check of a fiscal
/// year (DESIGN.md 5.9): the fiscal year's report from ``ReportService``, the evidence counts from the
/// store, the agency's `evidence:` settings and the improvement log, handed to the pure builders in
/// `Reports/Evidence` and `Reports/Readiness`. The staff page, the API and the CLI all come here.
struct EvidenceService: Sendable {
    let services: SiangServices
    var reports: ReportService { ReportService(services: services) }

    /// Everything a fiscal year's pack and check are made from.
    struct Year: Sendable {
        var period: ReportPeriodRef
        var report: ReportDocument
        var facts: EvidenceFacts
        var improvements: [AssessedImprovement]
    }

    /// The fiscal year a request names (`2569`), or the running one when it names none.
    func fiscalYear(_ raw: String?) throws(ReportFailure) -> ReportPeriodRef {
        let now = services.clock.now()
        let id = raw.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !id.isEmpty else { return ReportPeriodRef(kind: .fy, key: .fiscalYear(FiscalYear(containing: now))) }
        guard id.count <= 8 else { throw .malformedPeriod }
        do { return try ReportPeriodRef.parse(kind: ReportPeriodRef.Kind.fy.rawValue, id: id, now: now) } catch { throw .from(error) }
    }

    /// The improvement log's entries dated up to the fiscal year's last day, each with its before and
    /// after values computed by the report engine.
    func assessedImprovements(fy: Int) async throws -> [AssessedImprovement] {
        // improvement log: wired by the lead at merge
        []
    }

    /// The year's inputs; `report` when the caller has already computed the year's report (the reports page).
    func year(_ period: ReportPeriodRef, report known: ReportDocument? = nil) async throws(ReportFailure) -> Year {
        let report: ReportDocument
        if let known { report = known } else { report = try await reports.document(period, asOf: nil) }
        guard let store = services.store as? any EvidenceStore else { throw .notReady }
        // The report's as-of instant is inclusive, the store's end exclusive.
        let end = report.period.asOf.addingTimeInterval(0.001)
        let facts = try await ReportService.stored { () async throws(StoreError) in try await store.evidenceFacts(from: period.start, to: end) }
        let improvements: [AssessedImprovement]
        do { improvements = try await assessedImprovements(fy: report.period.fiscalYear) } catch let failure as ReportFailure {
            throw failure
        } catch {
            throw .storeFailed
        }
        return Year(period: period, report: report, facts: facts, improvements: improvements)
    }

    func pack(_ year: Year) -> EvidencePack {
        EvidencePackBuilder.build(EvidenceInputs(fiscalYear: year.report.period.fiscalYear, asOf: year.report.period.asOf, facts: year.facts,
                                                 settings: services.configuration.evidence, improvements: year.improvements,
                                                 report: year.report, labels: reports.labels))
    }

    func readiness(_ year: Year) -> ReadinessCheck {
        ReadinessChecker.check(.init(fiscalYear: year.report.period.fiscalYear, asOf: year.report.period.asOf, report: year.report,
                                     facts: year.facts, improvements: year.improvements, labels: reports.labels))
    }
}
