/// LeTCI for one metric of a fiscal-year report (DESIGN.md 5.7, PMQA 4.0 category 7): the level, the
/// trend over the fiscal years with a value, the comparison with each comparator, and the result
/// against the target with its band. Everything is judged on full-precision values; rounding is only
/// for writing.
enum LeTCIAssessment {
    /// `points` oldest first, this fiscal year last.
    static func assess(level: Double?, better: BetterDirection, points: [LeTCI.TrendPoint],
                       entry: TargetBook.Entry?) -> LeTCI {
        let target = entry?.target
        let gap = betterThanTargetPct(value: level, target: target, better: better)
        return LeTCI(
            level: level, trend: points, direction: direction(points.compactMap(\.value), better: better),
            comparison: (entry?.comparators ?? []).map {
                LeTCI.ComparatorResult(name: $0.name, value: $0.value, why: $0.why,
                                       outcome: outcome(level, against: $0.value, better: better))
            },
            target: target, betterThanTargetPct: gap, band: gap.map(band))
    }

    /// `improving` when each year is better than the one before in the metric's direction, `declining`
    /// when each is worse, `fluctuating` otherwise (including a year equal to the one before, and
    /// metrics with no better direction), `insufficient` with fewer than 3 years.
    static func direction(_ values: [Double], better: BetterDirection) -> LeTCI.Direction {
        guard values.count >= 3 else { return .insufficient }
        let steps = zip(values, values.dropFirst()).map { outcome($1, against: $0, better: better) }
        if steps.allSatisfy({ $0 == .better }) { return .improving }
        if steps.allSatisfy({ $0 == .worse }) { return .declining }
        return .fluctuating
    }

    /// How `value` stands against `other` in the metric's direction; nil without a value or a direction.
    static func outcome(_ value: Double?, against other: Double, better: BetterDirection) -> LeTCI.Outcome? {
        guard let value, better != .none else { return nil }
        if value == other { return .equal }
        return (value > other) == (better == .higher) ? .better : .worse
    }

    /// 100 × (value − target) ÷ target for higher-is-better, 100 × (target − value) ÷ target for
    /// lower-is-better; nil without a value, a target, a direction, or with a zero target.
    static func betterThanTargetPct(value: Double?, target: Double?, better: BetterDirection) -> Double? {
        guard let value, let target, target != 0 else { return nil }
        switch better {
        case .higher: return 100 * (value - target) / target
        case .lower: return 100 * (target - value) / target
        case .none: return nil
        }
    }

    /// The PMQA 4.0 category 7 bands: below 0 `below_target`; 0 to under 5 `basic`; 5 to 10 inclusive
    /// `advance`; over 10 `significance`.
    static func band(_ pct: Double) -> LeTCI.Band {
        if pct < 0 { return .belowTarget }
        if pct < 5 { return .basic }
        if pct <= 10 { return .advance }
        return .significance
    }
}
