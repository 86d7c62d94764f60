import Foundation
import SiangCore

/// The cases behind one figure of a report: the tracking IDs counted in a case metric's numerator and
/// denominator, overall or in one breakdown row, so an assessor's "show me" is one click from the page.
///
/// It runs the engine's own pass over the period (``CaseMetrics``) and listens to it count
/// (``CaseMetrics/Trace``): no metric is defined a second time here, so the lists can only disagree
/// with the figure if the figure's rules change without the pass. Counts (`cases_received`,
/// `open_backlog`, …) have only a numerator list; `median_days_to_resolve` lists the cases whose time
/// enters the median. Survey metrics are figures over answers, many of them anonymous, and have no case
/// list. The lists are every case, restricted ones included: the caller keeps to its viewer's reach.
public enum DrillDown {
    public struct Cases: Sendable, Equatable {
        /// In the order the pass counted them (by received time; the backlog by complaint received time).
        public var numerator: [TrackingID]
        public var denominator: [TrackingID]
        public init(numerator: [TrackingID], denominator: [TrackingID]) {
            self.numerator = numerator
            self.denominator = denominator
        }
    }

    /// The dimensions a case metric breaks down by (`kind` splits the case counts).
    public static var dimensions: [String] { CaseMetrics.dimensions }

    public static func isCaseMetric(_ id: String) -> Bool { MetricID.caseMetrics.contains(id) }

    /// The cases of `metric` in the period `request` names, at its as-of, with the same inputs the report
    /// was computed from; `dimension` and `key` (a breakdown row's key, `none` for cases without a value)
    /// narrow it to one row.
    public static func cases(_ request: ReportRequest, inputs: ReportInputs, metric: String, dimension: String? = nil,
                             key: String? = nil, now: Date) throws(ReportError) -> Cases {
        guard isCaseMetric(metric) else {
            throw .catalog("\"\(metric)\" is not a case metric; only case metrics list the cases behind their figures")
        }
        var row: (dimension: Int, key: String)?
        if let dimension {
            guard let index = CaseMetrics.dimensions.firstIndex(of: dimension), let key else {
                throw .catalog("\"\(dimension)\" is not a breakdown of case metrics (\(CaseMetrics.dimensions.joined(separator: ", "))), or its key is missing")
            }
            row = (index, key)
        }
        let period = request.period
        let asOf = try period.asOf(requested: request.asOf, now: now)
        let table = CaseTable(facts: inputs.caseColumns, policy: inputs.policy, calendar: inputs.calendar, latest: asOf)
        var numerator: [TrackingID] = [], denominator: [TrackingID] = []
        var figures = PeriodFigures()
        CaseMetrics.compute(table, from: period.from, to: period.to, asOf: asOf, detail: .values, into: &figures) { counted, i, n, d in
            guard counted == metric else { return }
            if let row, (CaseMetrics.key(table.facts, i, row.dimension) ?? GroupKeys.none) != row.key { return }
            if n > 0 { numerator.append(table.facts.trackingID(i)) }
            if d > 0 { denominator.append(table.facts.trackingID(i)) }
        }
        return Cases(numerator: numerator, denominator: denominator)
    }
}
