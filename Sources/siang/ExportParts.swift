import Foundation
import SiangCore
import SiangReports

/// The category 3 parts of a scoring-core export (evidence pack, improvement log, readiness check) for
/// the fiscal year of the exported period, as `GET /api/v1/evidence`, `/api/v1/improvements?fy=` and
/// `/api/v1/readiness` answer them, all taken at the exported report's as-of instant (``EvidenceYear``).
struct ExportParts {
    let runtime: Runtime
    let desk: ReportDesk

    /// `report` is the exported period's; a month or quarter's parts come from its fiscal year's report
    /// as of the same instant.
    func parts(for report: ReportDocument, now: Date) async throws -> ScoringCoreParts {
        let period = PeriodKey.fiscalYear(FiscalYear(beYear: report.period.fiscalYear))
        let yearReport = report.period.kind == .fiscalYear
            ? report
            : try await desk.answer(ReportRequest(period: period, asOf: report.period.asOf), now: now)
        let year: EvidenceYear
        do {
            year = try await EvidenceYear.read(report: yearReport, from: period.from, store: runtime.store,
                                               log: Improvements.log(runtime, desk: desk))
        } catch {
            switch error {
            case .store(let e): throw Failure("the evidence counts could not be read: \(e)")
            case .improvements(let e): throw Failure("the improvement log could not be read: \(e)")
            }
        }
        let labels = ReportLabels(configuration: runtime.configuration)
        return ScoringCoreParts(evidence: year.pack(settings: runtime.configuration.evidence, labels: labels),
                                improvements: JSONValue.array(year.improvementsInYear.map(ImprovementJSON.value)),
                                readiness: year.readiness(labels: labels))
    }
}
