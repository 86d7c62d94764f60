import Foundation

/// The `siang.report.v1` document of DESIGN.md 5.7: one period's 7.2 metrics with their breakdowns,
/// LeTCI (fiscal-year reports), the dissatisfaction-reason Pareto and the frequent-complaint Pareto.
///
/// It is the one value every rendering (JSON, CSV, XLSX, HTML) and the staff page are made from, so
/// the engine computes it once and nothing downstream recomputes a figure. It holds aggregates only:
/// no personal data and no free text from citizens. Numbers are kept at full precision here and
/// rounded (half away from zero, 2 decimals) only when written (``ReportRounding``).
public struct ReportDocument: Sendable, Equatable {
    public static let schema = "siang.report.v1"

    public var period: ReportPeriod
    /// 0 for a live (unlocked) report and for the first stored revision of a locked month.
    public var revision: Int
    public var locked: Bool
    /// When the figures were computed.
    public var generatedAt: Date
    /// The agency named on the printed report (from configuration).
    public var agency: ReportAgency
    public var metrics: [MetricResult]
    public var reasons: [ReasonParetoRow]
    public var frequentComplaints: [ComplaintParetoRow]
    /// Monthly reports: per category, the words whose share of the month's cases rose most against the
    /// three months before (``EmergingTopics``). Empty for quarters and fiscal years.
    public var emergingTopics: [EmergingTopic]
    /// For a locked month whose recomputation differs from the stored revision: what changed.
    public var pendingChanges: [PendingChange]
    /// The reason given for this revision (restatements only).
    public var restatementReason: String?

    public init(period: ReportPeriod, revision: Int = 0, locked: Bool = false, generatedAt: Date, agency: ReportAgency,
                metrics: [MetricResult], reasons: [ReasonParetoRow], frequentComplaints: [ComplaintParetoRow],
                pendingChanges: [PendingChange] = [], restatementReason: String? = nil, emergingTopics: [EmergingTopic] = []) {
        self.period = period
        self.revision = revision
        self.locked = locked
        self.generatedAt = generatedAt
        self.agency = agency
        self.metrics = metrics
        self.reasons = reasons
        self.frequentComplaints = frequentComplaints
        self.emergingTopics = emergingTopics
        self.pendingChanges = pendingChanges
        self.restatementReason = restatementReason
    }

    public func metric(_ id: String) -> MetricResult? { metrics.first { $0.id == id } }
}

/// Which period a report covers: `[from, to)` in Asia/Bangkok, figures taken at `asOf`.
public struct ReportPeriod: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case month, quarter, fiscalYear = "fiscal_year"
    }
    public var kind: Kind
    /// `2025-10` (month, CE), `2569-Q1` (quarter, BE fiscal year), `2569` (fiscal year, BE).
    public var id: String
    /// The BE fiscal year the period lies in.
    public var fiscalYear: Int
    public var from: Date
    public var to: Date
    public var asOf: Date
    /// The period's name as a Thai reader writes it: `ตุลาคม 2568`, `ไตรมาส 1 ปีงบประมาณ 2569`, `ปีงบประมาณ 2569`.
    public var labelTh: String
    public var labelEn: String

    public init(kind: Kind, id: String, fiscalYear: Int, from: Date, to: Date, asOf: Date, labelTh: String, labelEn: String) {
        self.kind = kind
        self.id = id
        self.fiscalYear = fiscalYear
        self.from = from
        self.to = to
        self.asOf = asOf
        self.labelTh = labelTh
        self.labelEn = labelEn
    }
}

public struct ReportAgency: Sendable, Equatable {
    public var nameTh: String
    public var nameEn: String
    public init(nameTh: String, nameEn: String) {
        self.nameTh = nameTh
        self.nameEn = nameEn
    }
}

/// Which way a metric improves.
public enum BetterDirection: String, Sendable, Codable, CaseIterable {
    case higher, lower
    /// Counts such as `cases_received`: neither more nor fewer is better.
    case none
}

/// One metric of one period: its value overall and by each breakdown, and for fiscal-year reports its LeTCI.
public struct MetricResult: Sendable, Equatable {
    public var id: String
    public var nameTh: String
    public var nameEn: String
    /// `percent`, `count`, `days`.
    public var unit: String
    public var better: BetterDirection
    /// `case` (from cases), `survey` (from survey answers), `manual` (entered per fiscal year).
    public var source: String
    /// PMQA items this metric evidences (`7.2`, `3.2`, …), from the catalog.
    public var pmqaItems: [String]
    public var definitionVersion: Int
    /// Nil when the denominator is empty (never 0 in its place).
    public var value: Double?
    /// For shares and means; nil for plain counts.
    public var numerator: Double?
    public var denominator: Double?
    /// Dimension (`channel`, `category`, `segment`, `queue`, `servicePoint`, `source`, `kind`) to its rows, keys sorted.
    public var breakdowns: [String: [BreakdownRow]]
    /// The same metric in the periods a reader compares with: the previous period and the same period of
    /// the fiscal years before (for a month: the previous month, and the same month of FY-1 and FY-2).
    public var comparisons: [PeriodComparison]
    /// The value in each month of the period's fiscal year up to the period's end (quarter and fiscal-year
    /// reports; the month-by-month chart), oldest first; empty for a monthly report.
    public var monthly: [PeriodComparison]
    /// Fiscal-year reports only.
    public var letci: LeTCI?

    public init(id: String, nameTh: String, nameEn: String, unit: String, better: BetterDirection, source: String,
                pmqaItems: [String], definitionVersion: Int, value: Double?, numerator: Double? = nil,
                denominator: Double? = nil, breakdowns: [String: [BreakdownRow]] = [:], comparisons: [PeriodComparison] = [],
                monthly: [PeriodComparison] = [], letci: LeTCI? = nil) {
        self.id = id
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.unit = unit
        self.better = better
        self.source = source
        self.pmqaItems = pmqaItems
        self.definitionVersion = definitionVersion
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
        self.breakdowns = breakdowns
        self.comparisons = comparisons
        self.monthly = monthly
        self.letci = letci
    }
}

public struct BreakdownRow: Sendable, Equatable {
    public var key: String
    public var value: Double?
    public var numerator: Double?
    public var denominator: Double?
    public init(key: String, value: Double?, numerator: Double? = nil, denominator: Double? = nil) {
        self.key = key
        self.value = value
        self.numerator = numerator
        self.denominator = denominator
    }
}

/// The metric's value in another period (`relation`: `previous_period`, `same_period_fy_minus_1`,
/// `same_period_fy_minus_2`; `month` for the rows of ``MetricResult/monthly``).
public struct PeriodComparison: Sendable, Equatable {
    public var relation: String
    public var periodID: String
    public var value: Double?
    public init(relation: String, periodID: String, value: Double?) {
        self.relation = relation
        self.periodID = periodID
        self.value = value
    }
}

/// Level, Trend, Comparison and Integration with targets (PMQA 4.0 category 7), DESIGN 5.7.
public struct LeTCI: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable {
        case improving, declining, fluctuating, insufficient
    }
    public enum Band: String, Sendable, Codable {
        case belowTarget = "below_target", basic, advance, significance
    }
    public enum Outcome: String, Sendable, Codable {
        case better, equal, worse
    }
    public struct TrendPoint: Sendable, Equatable {
        public var fiscalYear: Int
        public var value: Double?
        /// `data` (computed from cases and answers) or `manual` (a baseline or a manual metric's entry).
        public var source: String
        public init(fiscalYear: Int, value: Double?, source: String) {
            self.fiscalYear = fiscalYear
            self.value = value
            self.source = source
        }
    }
    public struct ComparatorResult: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var why: String
        public var outcome: Outcome?
        public init(name: String, value: Double, why: String, outcome: Outcome?) {
            self.name = name
            self.value = value
            self.why = why
            self.outcome = outcome
        }
    }

    public var level: Double?
    /// Oldest first, this fiscal year last.
    public var trend: [TrendPoint]
    public var direction: Direction
    public var comparison: [ComparatorResult]
    public var target: Double?
    public var betterThanTargetPct: Double?
    public var band: Band?

    public init(level: Double?, trend: [TrendPoint], direction: Direction, comparison: [ComparatorResult], target: Double?,
                betterThanTargetPct: Double?, band: Band?) {
        self.level = level
        self.trend = trend
        self.direction = direction
        self.comparison = comparison
        self.target = target
        self.betterThanTargetPct = betterThanTargetPct
        self.band = band
    }
}

/// One row of the dissatisfaction-reason Pareto.
public struct ReasonParetoRow: Sendable, Equatable {
    public var code: String
    public var count: Int
    /// Share of all reasons chosen, 0...100.
    public var share: Double
    public var cumulativeShare: Double
    public init(code: String, count: Int, share: Double, cumulativeShare: Double) {
        self.code = code
        self.count = count
        self.share = share
        self.cumulativeShare = cumulativeShare
    }
}

/// One row of the frequent-complaint (category) Pareto.
public struct ComplaintParetoRow: Sendable, Equatable {
    public var category: String
    public var count: Int
    public var share: Double
    public var cumulativeShare: Double
    /// The count the previous period of the same kind has in its own report.
    public var previousCount: Int
    public init(category: String, count: Int, share: Double, cumulativeShare: Double, previousCount: Int) {
        self.category = category
        self.count = count
        self.share = share
        self.cumulativeShare = cumulativeShare
        self.previousCount = previousCount
    }
}

/// A figure of a locked month whose recomputation now differs from the stored revision.
public struct PendingChange: Sendable, Equatable {
    public var metric: String
    /// `overall`, or `dimension:key` (`category:water`).
    public var breakdown: String
    public var stored: Double?
    public var now: Double?
    public init(metric: String, breakdown: String, stored: Double?, now: Double?) {
        self.metric = metric
        self.breakdown = breakdown
        self.stored = stored
        self.now = now
    }
}

/// Rounding for what is written: 2 decimals, half away from zero, on the shortest decimal that reads
/// back as the computed double (so 12.345 computed as 12.3449999… is written 12.35, as a person
/// working the figure by hand would write it).
public enum ReportRounding {
    public static func round2(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        var decimal = Decimal(string: "\(value)") ?? Decimal(value)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &decimal, 2, .plain)
        // Through the decimal text: NSDecimalNumber's doubleValue can land a unit off (71.43 came back
        // as 71.42999999999999 on Linux), and the written figure must read back as the rounded one.
        return Double("\(rounded)") ?? NSDecimalNumber(decimal: rounded).doubleValue
    }

    public static func round2(_ value: Double?) -> Double? { value.map { round2($0) } }
}
