/// One metric's figures in one period, before the catalog's names are put on them.
struct MetricFigure: Equatable {
    var value: Double?
    var numerator: Double?
    var denominator: Double?
    var breakdowns: [String: [BreakdownRow]] = [:]

    /// 100 × numerator ÷ denominator; nil for an empty denominator (never 0 in its place).
    static func share(_ n: Double, _ d: Double) -> Double? { d > 0 ? 100 * n / d : nil }
    /// 100 × mean ÷ 5 from a sum of 1-5 scores and their count.
    static func scorePercent(_ sum: Double, _ count: Double) -> Double? { count > 0 ? 100 * (sum / count) / 5 : nil }
}

/// Everything one period contributes to a report: each computed metric's figures, and the counts the
/// two Paretos are made from.
struct PeriodFigures {
    var metrics: [String: MetricFigure] = [:]
    /// Complaints of the cohort by current category (`none` when unclassified).
    var complaintsByCategory: [String: Int] = [:]
    /// Reason codes chosen in the period's dissatisfied answers, each counted once per answer.
    var reasons: [String: Int] = [:]
}

/// How much of a period a report needs: everything for its own period, the Pareto counts for the
/// previous one (`previousCount`), the values alone for comparisons, months and trend years.
enum PeriodDetail: Hashable {
    case full, paretoCounts, values
}

/// The computed metric ids of DESIGN.md 5.7, in the order the engine fills them.
enum MetricID {
    static let casesReceived = "cases_received"
    static let complaintsReceived = "complaints_received"
    static let complaintsResolved = "complaints_resolved_pct"
    static let resolvedWithinSLA = "resolved_within_sla_pct"
    static let firstResponseWithinSLA = "first_response_within_sla_pct"
    static let medianDaysToResolve = "median_days_to_resolve"
    static let openBacklog = "open_backlog"
    static let openBreached = "open_breached"
    static let satisfaction = "satisfaction_pct"
    static let satisfiedShare = "satisfied_share_pct"
    static let dissatisfaction = "dissatisfaction_pct"
    static let trust = "trust_pct"
    static let engagement = "engagement_pct"
    static let complaintHandlingSatisfaction = "complaint_handling_satisfaction_pct"
    static let surveyResponseRate = "survey_response_rate_pct"

    static let caseMetrics: Set<String> = [casesReceived, complaintsReceived, complaintsResolved, resolvedWithinSLA,
                                           firstResponseWithinSLA, medianDaysToResolve, openBacklog, openBreached]
    static let surveyMetrics: Set<String> = [satisfaction, satisfiedShare, dissatisfaction, trust, engagement,
                                             complaintHandlingSatisfaction, surveyResponseRate]
}
