import Foundation
import SiangCore

/// The 7.2 report engine: facts in, a ``ReportDocument`` out, nothing read or written on the way.
///
/// One call computes the period the request names with its breakdowns and Paretos, and beside it the
/// periods a reader compares with (the previous period, the same period one and two fiscal years
/// before), the months of the fiscal year so far (quarter and fiscal-year reports) and, for a
/// fiscal-year report, every earlier fiscal year with data for the LeTCI trend. The facts are laid out
/// once per call (``CaseTable``, ``AnswerTable``) so each of those periods is a range scan; the
/// definitions are DESIGN.md 5.7's, written out with every choice in docs/reports.md.
///
/// Use it as: ask ``factsNeeded(for:now:)`` how far the store must read, hand the facts in as
/// ``ReportInputs``, call ``report(_:inputs:now:)``, and write the document with ``ReportJSON``.
public enum ReportEngine {
    /// The instant up to which (inclusive) the caller must hand in facts: every case received, every
    /// answer given and every invitation issued at or before it, of any earlier date (the backlog and
    /// the trend read old cases; earlier fiscal years give the trend its points).
    public static func factsNeeded(for request: ReportRequest, now: Date) throws(ReportError) -> Date {
        try request.period.asOf(requested: request.asOf, now: now)
    }

    public static func report(_ request: ReportRequest, inputs: ReportInputs, now: Date) throws(ReportError) -> ReportDocument {
        let key = request.period
        let asOf = try key.asOf(requested: request.asOf, now: now)
        for definition in inputs.catalog.metrics where definition.source != .manual {
            let known = definition.source == .case ? MetricID.caseMetrics : MetricID.surveyMetrics
            guard known.contains(definition.id) else {
                throw .catalog("\"\(definition.id)\" is not a \(definition.source.rawValue) metric this engine computes")
            }
        }
        var run = Run(inputs: inputs, asOf: asOf)
        let related: [(relation: String, key: PeriodKey)] = [
            ("previous_period", key.previous), ("same_period_fy_minus_1", key.sameIn(yearsBefore: 1)),
            ("same_period_fy_minus_2", key.sameIn(yearsBefore: 2)),
        ]
        let months: [FiscalMonth] = key.kind == .month ? [] : key.monthsOfFiscalYearToDate.filter { $0.start <= asOf }
        let trendKeys: [FiscalYear] = key.kind == .fiscalYear ? run.yearsWithData(before: key.fiscalYear) : []
        // Every period this call reads, in the order it reads them; computed up front two at a time (the
        // periods only read the laid-out facts), then taken from the run's cache below.
        var wanted: [Run.Done] = [Run.Done(key: key, asOf: asOf, detail: .full)]
        wanted += related.enumerated().map { n, r in Run.Done(key: r.key, asOf: min(r.key.to, asOf), detail: n == 0 ? .paretoCounts : .values) }
        wanted += months.map { Run.Done(key: .month($0), asOf: min($0.end, asOf), detail: .values) }
        wanted += trendKeys.map { Run.Done(key: .fiscalYear($0), asOf: min($0.end, asOf), detail: .values) }
        run.precompute(wanted)

        let main = run.figures(key, asOf: asOf, detail: .full)
        let relatedFigures = related.enumerated().map { n, r in
            run.figures(r.key, asOf: min(r.key.to, asOf), detail: n == 0 ? .paretoCounts : .values)
        }
        let monthFigures = months.map { run.figures(.month($0), asOf: min($0.end, asOf), detail: .values) }
        let trendYears: [(year: Int, figures: PeriodFigures)] =
            trendKeys.map { ($0.beYear, run.figures(.fiscalYear($0), asOf: min($0.end, asOf), detail: .values)) }

        let fy = key.fiscalYear.beYear
        var metrics: [MetricResult] = []
        for d in inputs.catalog.metrics {
            let manual = d.source == .manual
            func value(_ figures: PeriodFigures, _ period: PeriodKey) -> Double? {
                guard manual else { return figures.metrics[d.id]?.value }
                guard case .fiscalYear(let y) = period else { return nil }
                return manualValue(inputs.targets, d.id, y.beYear)
            }
            let figure = manual ? MetricFigure(value: value(main, key)) : main.metrics[d.id] ?? MetricFigure()
            var result = MetricResult(
                id: d.id, nameTh: d.nameTh, nameEn: d.nameEn, unit: d.unit.rawValue, better: d.better, source: d.source.rawValue,
                pmqaItems: d.pmqaItems, definitionVersion: d.definitionVersion, value: figure.value,
                numerator: figure.numerator, denominator: figure.denominator, breakdowns: figure.breakdowns,
                comparisons: zip(related, relatedFigures).map {
                    PeriodComparison(relation: $0.relation, periodID: $0.key.id, value: value($1, $0.key))
                },
                monthly: zip(months, monthFigures).map {
                    PeriodComparison(relation: "month", periodID: PeriodKey.month($0).id, value: value($1, .month($0)))
                })
            if key.kind == .fiscalYear {
                var points: [LeTCI.TrendPoint] = []
                let computed = Dictionary(uniqueKeysWithValues: trendYears.map { ($0.year, $0.figures) })
                let years = Set(computed.keys).union(inputs.targets.enteredYears(d.id)).filter { $0 < fy }.sorted()
                for year in years {
                    if !manual, let v = computed[year]?.metrics[d.id]?.value {
                        points.append(.init(fiscalYear: year, value: v, source: "data"))
                    } else if let entered = manualValue(inputs.targets, d.id, year) {
                        points.append(.init(fiscalYear: year, value: entered, source: "manual"))
                    }
                }
                points.append(.init(fiscalYear: fy, value: figure.value, source: manual ? "manual" : "data"))
                result.letci = LeTCIAssessment.assess(level: figure.value, better: d.better, points: points,
                                                      entry: inputs.targets.entry(d.id, fiscalYear: fy))
            }
            metrics.append(result)
        }
        return ReportDocument(
            period: key.reportPeriod(asOf: asOf), generatedAt: now, agency: inputs.agency, metrics: metrics,
            reasons: Pareto.reasons(main.reasons),
            frequentComplaints: Pareto.complaints(main.complaintsByCategory, previous: relatedFigures[0].complaintsByCategory))
    }

    /// A manual metric's entered value for a year (its `value`, or a `baseline` given in its place), or
    /// a computed metric's baseline.
    static func manualValue(_ targets: TargetBook, _ metric: String, _ year: Int) -> Double? {
        guard let entry = targets.entry(metric, fiscalYear: year) else { return nil }
        return entry.value ?? entry.baseline
    }

    /// One call's laid-out facts and the periods already computed from them.
    struct Run {
        let inputs: ReportInputs
        let cases: CaseTable
        let answers: AnswerTable
        private var done: [Done: PeriodFigures] = [:]

        struct Done: Hashable {
            var key: PeriodKey
            var asOf: Date
            var detail: PeriodDetail
        }

        init(inputs: ReportInputs, asOf: Date) {
            self.inputs = inputs
            // The two layouts read only the facts: built side by side, one a core.
            nonisolated(unsafe) var cases: CaseTable?
            nonisolated(unsafe) var answers: AnswerTable?
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 {
                    cases = CaseTable(facts: inputs.caseColumns, policy: inputs.policy, calendar: inputs.calendar, latest: asOf)
                } else {
                    answers = AnswerTable(answers: inputs.answerColumns, invitations: inputs.invitations, cases: inputs.caseColumns)
                }
            }
            self.cases = cases!
            self.answers = answers!
        }

        /// The figures of `key` at `asOf`, reusing a period already computed with at least `detail`.
        mutating func figures(_ key: PeriodKey, asOf: Date, detail: PeriodDetail) -> PeriodFigures {
            let wanted = Done(key: key, asOf: asOf, detail: detail)
            if let known = cached(wanted) { return known }
            let figures = compute(wanted)
            done[wanted] = figures
            return figures
        }

        func cached(_ wanted: Done) -> PeriodFigures? {
            let richer: [PeriodDetail] = switch wanted.detail {
            case .full: [.full]
            case .paretoCounts: [.full, .paretoCounts]
            case .values: [.full, .paretoCounts, .values]
            }
            for d in richer { if let known = done[Done(key: wanted.key, asOf: wanted.asOf, detail: d)] { return known } }
            return nil
        }

        func compute(_ wanted: Done) -> PeriodFigures {
            var figures = PeriodFigures()
            CaseMetrics.compute(cases, from: wanted.key.from, to: wanted.key.to, asOf: wanted.asOf, detail: wanted.detail, into: &figures)
            SurveyPeriodMetrics.compute(answers, from: wanted.key.from, to: wanted.key.to, asOf: wanted.asOf, detail: wanted.detail,
                                        into: &figures)
            return figures
        }

        /// Computes the periods of `list` that ``figures(_:asOf:detail:)`` would compute, in the same
        /// way (a period already wanted with a richer detail is not computed again), on every core: the
        /// first period of a fiscal-year report (the year with all its breakdowns) takes about as long
        /// as all the others, so two workers take the list's items as they come free.
        mutating func precompute(_ list: [Done]) {
            var unique: [Done] = []
            var seen = self
            for wanted in list where seen.cached(wanted) == nil {
                unique.append(wanted)
                seen.done[wanted] = PeriodFigures()
            }
            guard !unique.isEmpty else { return }
            let results = UnsafeMutableBufferPointer<PeriodFigures?>.allocate(capacity: unique.count)
            results.initialize(repeating: nil)
            defer { results.deallocate() }
            let slots = ResultSlots(base: results)
            let run = self, todo = unique
            DispatchQueue.concurrentPerform(iterations: todo.count) { n in
                slots.base[n] = run.compute(todo[n])
            }
            for (n, wanted) in unique.enumerated() { done[wanted] = results[n] }
        }

        /// The result buffer the workers write, each its own slot.
        private struct ResultSlots: @unchecked Sendable {
            let base: UnsafeMutableBufferPointer<PeriodFigures?>
        }

        /// Fiscal years before `year` in which a case was received, an answer given or an invitation issued.
        func yearsWithData(before year: FiscalYear) -> [FiscalYear] {
            let firsts = [cases.received.first, answers.answeredAt.first, answers.issuedAt.first].compactMap { $0 }
            guard let earliest = firsts.min() else { return [] }
            let first = FiscalYear(containing: earliest).beYear
            guard first < year.beYear else { return [] }
            return (first..<year.beYear).map { FiscalYear(beYear: $0) }.filter { fy in
                [cases.received, answers.answeredAt, answers.issuedAt].contains { dates in
                    CaseTable.lowerBound(dates, fy.start) < CaseTable.lowerBound(dates, fy.end)
                }
            }
        }
    }
}
