import Foundation
import SiangCore
import SiangStore

/// What a fiscal year's category 3 parts are made from, read once: the year's report, the store's
/// evidence counts up to the report's as-of instant and the improvement log with its effects as of that
/// same instant, so the pack, the readiness check and the export's improvement list agree with one
/// another and with the report. The staff pages, the evidence API and the scoring-core export all read
/// a year through ``read(report:from:store:log:)``.
public struct EvidenceYear: Sendable {
    /// The fiscal year's `siang.report.v1` document.
    public var report: ReportDocument
    public var facts: EvidenceFacts
    /// Every entry dated on or before the fiscal year's last day (the L2 history reaches back).
    public var improvements: [AssessedImprovement]

    public init(report: ReportDocument, facts: EvidenceFacts, improvements: [AssessedImprovement]) {
        self.report = report
        self.facts = facts
        self.improvements = improvements
    }

    public enum Failure: Error, Sendable {
        case store(StoreError)
        case improvements(ImprovementLog.Failure)
    }

    /// Reads the counts for `[start, asOf]` and the log's entries up to the year's last day.
    public static func read(report: ReportDocument, from start: Date, store: any EvidenceStore,
                            log: ImprovementLog) async throws(Failure) -> EvidenceYear {
        let asOf = report.period.asOf
        // The report's as-of instant is inclusive, the store's end exclusive.
        let facts: EvidenceFacts
        do { facts = try await store.evidenceFacts(from: start, to: asOf.addingTimeInterval(0.001)) } catch { throw .store(error) }
        let lastDay = ImprovementLog.days(ofFiscalYear: report.period.fiscalYear).last
        let improvements: [AssessedImprovement]
        do { improvements = try await log.assessed(from: nil, to: lastDay, now: asOf) } catch { throw .improvements(error) }
        return EvidenceYear(report: report, facts: facts, improvements: improvements)
    }

    public func pack(settings: EvidenceSettings, labels: ReportLabels) -> EvidencePack {
        EvidencePackBuilder.build(EvidenceInputs(fiscalYear: report.period.fiscalYear, asOf: report.period.asOf, facts: facts,
                                                 settings: settings, improvements: improvements, report: report, labels: labels))
    }

    public func readiness(labels: ReportLabels) -> ReadinessCheck {
        ReadinessChecker.check(.init(fiscalYear: report.period.fiscalYear, asOf: report.period.asOf, report: report, facts: facts,
                                     improvements: improvements, labels: labels))
    }

    /// The entries dated inside the fiscal year, oldest first: the export's `improvements`, as
    /// `GET /api/v1/improvements?fy=` lists them.
    public var improvementsInYear: [AssessedImprovement] {
        let days = ImprovementLog.days(ofFiscalYear: report.period.fiscalYear)
        return improvements.filter { $0.improvement.date >= days.first && $0.improvement.date <= days.last }
    }
}
