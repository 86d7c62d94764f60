import SiangCore
import SiangStore

/// What feeds each approach's data items (docs/evidence.md, "What each item holds"): the catalog
/// measures of its process (A5) and of its results (A6), the PMQA category 3 items whose 7.2 measures
/// it drives (I3), and which improvements of the log belong to it (L1, L2).
struct EvidencePlan {
    var processMetrics: [String]
    var resultMetrics: [String]
    /// Category 3 items; I3 holds the catalog's metrics that evidence 7.2 and one of these.
    var pmqaItems: [String]
    /// Extra I3 metrics beyond the PMQA items (the segmentation approach's satisfaction by group).
    var extraMetrics: [String] = []

    static func of(_ approach: EvidenceApproach) -> EvidencePlan {
        switch approach {
        case .listeningChannels:
            EvidencePlan(processMetrics: ["cases_received", "first_response_within_sla_pct"],
                         resultMetrics: ["satisfaction_pct", "engagement_pct"], pmqaItems: ["3.1"])
        case .complaintManagement:
            EvidencePlan(processMetrics: ["complaints_received", "first_response_within_sla_pct", "resolved_within_sla_pct",
                                          "median_days_to_resolve", "open_backlog"],
                         resultMetrics: ["complaints_resolved_pct", "complaint_handling_satisfaction_pct"], pmqaItems: ["3.3"])
        case .satisfactionSurvey:
            EvidencePlan(processMetrics: ["survey_response_rate_pct"],
                         resultMetrics: ["satisfaction_pct", "dissatisfaction_pct", "trust_pct", "engagement_pct"], pmqaItems: ["3.2"])
        case .improvementFromFeedback:
            // Its measures are the improvements themselves and the metrics they are linked to.
            EvidencePlan(processMetrics: [], resultMetrics: [], pmqaItems: [])
        case .segmentation:
            EvidencePlan(processMetrics: ["cases_received"], resultMetrics: ["satisfaction_pct"], pmqaItems: ["3.1"],
                         extraMetrics: ["satisfaction_pct"])
        }
    }

    /// I3: the report's metrics that evidence 7.2 and one of the approach's items, in catalog order;
    /// for the improvement approach, the metrics the year's improvements are linked to.
    static func drivenMetrics(_ approach: EvidenceApproach, report: ReportDocument, improvementsInYear: [AssessedImprovement]) -> [String] {
        let known = report.metrics.map(\.id)
        if approach == .improvementFromFeedback {
            let linked = Set(improvementsInYear.flatMap(\.improvement.triggers.metricIds))
            return known.filter(linked.contains)
        }
        let plan = of(approach)
        return report.metrics.filter { m in
            (m.pmqaItems.contains("7.2") && !Set(m.pmqaItems).isDisjoint(with: plan.pmqaItems)) || plan.extraMetrics.contains(m.id)
        }.map(\.id)
    }

    /// Whether an improvement belongs to the approach: linked to one of its I3 metrics, or triggered by
    /// what the approach produces (complaint categories for complaint management; reason codes or a
    /// service point for the survey). Every improvement belongs to the improvement approach.
    static func relates(_ i: Improvement, to approach: EvidenceApproach, driven: [String]) -> Bool {
        let t = i.triggers
        let linked = !Set(t.metricIds).isDisjoint(with: driven)
        switch approach {
        case .improvementFromFeedback: return true
        case .complaintManagement: return linked || !t.categories.isEmpty
        case .satisfactionSurvey: return linked || !t.reasonCodes.isEmpty || t.servicePoint != nil
        case .listeningChannels, .segmentation: return linked
        }
    }
}
