import Foundation
import SiangCore
import SiangStore

/// Computes the before/after values of improvements with the report engine's own metric code.
///
/// Each window is one period of three whole months, computed exactly as the engine computes a
/// quarter: one pass over the cases received (and the answers given, the invitations issued) in the
/// window, as of the window's end. So a share is the ratio of the window's summed numerator and
/// denominator, never a mean of three monthly ratios; a median is the median over the window's cases;
/// the backlog is the one open at the window's end (docs/reports.md, "Improvement log").
///
/// Pure, like the engine: facts in (``ReportInputs``), effects out. Nothing is stored, so a late case
/// or a reclassification changes a value the next time it is read. A window that has not ended by
/// `now`, an empty denominator, a metric of the `manual` source (entered per fiscal year, it has no
/// three-month value) and a metric id the catalog no longer has all give `value: null`.
public enum ImprovementEffects {
    /// The instant up to which (inclusive) the caller must hand in facts: the end of the latest window
    /// that has ended by `now`; nil when no linked metric has an ended window (nothing to read).
    public static func factsNeeded(for improvements: [Improvement], now: Date) -> Date? {
        improvements.filter { !$0.triggers.metricIds.isEmpty }
            .flatMap { i in let w = ImprovementWindows(day: i.date); return [w.before.to, w.after.to] }
            .filter { $0 <= now }.max()
    }

    public static func assess(_ improvements: [Improvement], inputs: ReportInputs, now: Date) -> [AssessedImprovement] {
        let run = factsNeeded(for: improvements, now: now).map { ReportEngine.Run(inputs: inputs, asOf: $0) }
        var computed: [Date: PeriodFigures] = [:]
        func window(_ span: MonthSpan, _ metric: String) -> ImprovementWindow {
            var result = ImprovementWindow(fromMonth: span.fromMonth, toMonth: span.toMonth, value: nil, denominator: nil)
            guard span.to <= now, let run,
                  let definition = inputs.catalog.definition(metric), definition.source != .manual else { return result }
            let figures = computed[span.from] ?? run.figures(from: span.from, to: span.to, asOf: span.to)
            computed[span.from] = figures
            let figure = figures.metrics[metric]
            result.value = figure?.value
            result.denominator = figure?.denominator.map { Int($0.rounded()) }
            return result
        }
        return improvements.map { improvement in
            let windows = ImprovementWindows(day: improvement.date)
            return AssessedImprovement(improvement: improvement, effects: improvement.triggers.metricIds.map {
                ImprovementEffect(metricId: $0, before: window(windows.before, $0), after: window(windows.after, $0))
            })
        }
    }
}

extension ReportEngine.Run {
    /// The values of every computed metric over `[from, to)` as of `asOf`: the code path of a report
    /// period, over a range that need not be a month, quarter or fiscal year.
    func figures(from: Date, to: Date, asOf: Date) -> PeriodFigures {
        var figures = PeriodFigures()
        CaseMetrics.compute(cases, from: from, to: to, asOf: asOf, detail: .values, into: &figures)
        SurveyPeriodMetrics.compute(answers, from: from, to: to, asOf: asOf, detail: .values, into: &figures)
        return figures
    }
}
