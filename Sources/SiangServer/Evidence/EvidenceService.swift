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

    /// The fiscal year a request names (`2569`), or the running one when it names none.
    func fiscalYear(_ raw: String?) throws(ReportFailure) -> ReportPeriodRef {
        let now = services.clock.now()
        let id = raw.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !id.isEmpty else { return ReportPeriodRef(kind: .fy, key: .fiscalYear(FiscalYear(containing: now))) }
        guard id.count <= 8 else { throw .malformedPeriod }
        let period: ReportPeriodRef
        do { period = try ReportPeriodRef.parse(kind: ReportPeriodRef.Kind.fy.rawValue, id: id, now: now) } catch { throw .from(error) }
        // The year's improvement entries are looked up by day, and days before CE 2000 have none.
        guard ImprovementLog.fiscalYears.contains(period.key.fiscalYear.beYear) else { throw .malformedPeriod }
        return period
    }

    /// The year's inputs (``EvidenceYear``); `report` when the caller has already computed the year's
    /// report (the reports page).
    func year(_ period: ReportPeriodRef, report known: ReportDocument? = nil) async throws(ReportFailure) -> EvidenceYear {
        let report: ReportDocument
        if let known { report = known } else { report = try await reports.document(period, asOf: nil) }
        guard let store = services.store as? any EvidenceStore, let log = try? ImprovementService(services: services).log() else {
            throw .notReady
        }
        // The lookups this server has counted and not yet written belong in the figures.
        await services.lookupTally.write(to: store)
        do { return try await EvidenceYear.read(report: report, from: period.start, store: store, log: log) } catch {
            throw .storeFailed
        }
    }

    func pack(_ year: EvidenceYear) -> EvidencePack { year.pack(settings: services.configuration.evidence, labels: reports.labels) }

    func readiness(_ year: EvidenceYear) -> ReadinessCheck { year.readiness(labels: reports.labels) }
}
