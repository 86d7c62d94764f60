import Foundation
import SiangCore
import SiangStore

/// Everything an evidence pack is built from, handed in so the build is a pure function: the store's
/// counts for the fiscal year, the agency's `evidence:` settings, the improvement log with its
/// computed effects, the fiscal year's report (metric names, values and PMQA items from the catalog)
/// and the agency's names for the codes.
public struct EvidenceInputs: Sendable {
    public var fiscalYear: Int
    public var asOf: Date
    public var facts: EvidenceFacts
    public var settings: EvidenceSettings
    /// Every improvement dated on or before the fiscal year's last day, oldest first (given in any
    /// order; later ones are left out): the L2 history reaches back before the year; the year's own
    /// counts keep to its dates.
    public var improvements: [AssessedImprovement]
    /// The fiscal year's `siang.report.v1` document.
    public var report: ReportDocument
    public var labels: ReportLabels

    public init(fiscalYear: Int, asOf: Date, facts: EvidenceFacts, settings: EvidenceSettings, improvements: [AssessedImprovement],
                report: ReportDocument, labels: ReportLabels) {
        self.fiscalYear = fiscalYear
        self.asOf = asOf
        self.facts = facts
        self.settings = settings
        // A later year's entry is not evidence of this one.
        self.improvements = improvements.filter { EvidenceWording.fiscalYear(of: $0.improvement.date) <= fiscalYear }
            .sorted { ($0.improvement.date, $0.improvement.id) < ($1.improvement.date, $1.improvement.id) }
        self.report = report
        self.labels = labels
    }

    /// The improvements dated inside the fiscal year (1 October to 30 September).
    public var improvementsInYear: [AssessedImprovement] {
        improvements.filter { EvidenceWording.fiscalYear(of: $0.improvement.date) == fiscalYear }
    }
}
