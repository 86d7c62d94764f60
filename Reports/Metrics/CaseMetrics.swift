import Foundation
import SiangCore

/// The case metrics of DESIGN.md 5.7 for one period: one pass over the period's cohort (cases received
/// in `[from, to)` and by as-of, duplicates at as-of left out) and one over the complaints open at
/// as-of. Attributes are the cases' current ones; statuses and clocks are replayed at as-of.
enum CaseMetrics {
    /// Breakdown dimensions, in the order the key numbers are kept; `kind` splits `cases_received` only.
    static let dimensions = ["channel", "category", "segment", "queue", "kind"]
    static let complaintDimensions = 0..<4

    /// `detail`: breakdowns and Pareto counts for the report's own period; Pareto counts alone for the
    /// previous period (its `previousCount`); values alone for every other period.
    static func compute(_ table: CaseTable, from: Date, to: Date, asOf: Date, detail: PeriodDetail,
                        into figures: inout PeriodFigures) {
        let breakdowns = detail == .full
        var names = GroupKeys(dimensions: dimensions)
        var keys = [Int](repeating: 0, count: dimensions.count)
        var received = GroupTally(dimensions: 5)
        var complaints = GroupTally(dimensions: 4)
        var finished = GroupTally(dimensions: 4)
        var withinSLA = GroupTally(dimensions: 4)
        var firstResponse = GroupTally(dimensions: 4)
        var days = GroupValues(dimensions: 4)
        var categories: [String: Int] = [:]

        let lo = CaseTable.lowerBound(table.received, from)
        let hi = min(CaseTable.lowerBound(table.received, to), CaseTable.upperBound(table.received, asOf))
        let dayLength = 60 * table.minutesPerBusinessDay
        let t = asOf.timeIntervalSince1970
        for position in lo..<max(lo, hi) {
            let i = table.order[position]
            let status = table.status(i, at: t)
            if status == .duplicate { continue }
            if breakdowns { fill(&keys, table.facts[i], &names) }
            let k = breakdowns ? keys : nil
            received.add(numerator: 1, denominator: 0, keys: k)
            guard table.isComplaint[i] else { continue }
            complaints.add(numerator: 1, denominator: 0, keys: k)
            if detail != .values { categories[table.facts[i].category ?? GroupKeys.none, default: 0] += 1 }

            let isFinished = status == .resolved || status == .closed || status == .referred
            if status != .rejected { finished.add(numerator: isFinished ? 1 : 0, denominator: 1, keys: k) }

            // Resolution SLA: stopped by resolution or referral by as-of, or still open and overrun.
            if isFinished {
                let used = table.resolutionUsed(i, at: t).used
                withinSLA.add(numerator: used <= table.resolutionAllowance[i] ? 1 : 0, denominator: 1, keys: k)
            } else if status.isOpen, table.resolutionUsed(i, at: t).used > table.resolutionAllowance[i] {
                withinSLA.add(numerator: 0, denominator: 1, keys: k)
            } else if breakdowns {
                withinSLA.add(numerator: 0, denominator: 0, keys: k)
            }

            // First response: never paused, so its elapsed time is plain business time since receipt.
            let response = table.firstResponseAt[i]
            if response <= t {
                let elapsed = table.seconds(table.receivedAt[i], response)
                firstResponse.add(numerator: elapsed <= table.firstResponseAllowance[i] ? 1 : 0, denominator: 1, keys: k)
            } else if table.seconds(table.receivedAt[i], t) > table.firstResponseAllowance[i] {
                firstResponse.add(numerator: 0, denominator: 1, keys: k)
            } else if breakdowns {
                firstResponse.add(numerator: 0, denominator: 0, keys: k)
            }

            if let stop = table.firstResolution(i, atOrBefore: t) {
                days.add(table.resolutionUsed(i, at: stop).used / dayLength, keys: k)
            }
        }

        let count: (Double, Double) -> Double? = { n, _ in n }
        let share: (Double, Double) -> Double? = MetricFigure.share
        figures.metrics[MetricID.casesReceived] = MetricFigure(
            value: received.numerator,
            breakdowns: breakdowns ? received.rows(names, value: count, shares: false) : [:])
        figures.metrics[MetricID.complaintsReceived] = MetricFigure(
            value: complaints.numerator,
            breakdowns: breakdowns ? complaints.rows(names, value: count, shares: false) : [:])
        for (id, tally) in [(MetricID.complaintsResolved, finished), (MetricID.resolvedWithinSLA, withinSLA),
                            (MetricID.firstResponseWithinSLA, firstResponse)] {
            figures.metrics[id] = MetricFigure(
                value: share(tally.numerator, tally.denominator), numerator: tally.numerator, denominator: tally.denominator,
                breakdowns: breakdowns ? tally.rows(names, value: share, shares: true) : [:])
        }
        figures.metrics[MetricID.medianDaysToResolve] = MetricFigure(
            value: GroupValues.median(days.all),
            breakdowns: breakdowns ? days.rows(names, population: complaints, dimensions: complaintDimensions) : [:])
        figures.complaintsByCategory = categories

        backlog(table, asOf: t, breakdowns: breakdowns, into: &figures)
    }

    /// `open_backlog` and `open_breached`: complaints of any receipt date open at as-of, and those of
    /// them whose resolution due time is before as-of.
    static func backlog(_ table: CaseTable, asOf: Double, breakdowns: Bool, into figures: inout PeriodFigures) {
        var names = GroupKeys(dimensions: dimensions)
        var keys = [Int](repeating: 0, count: dimensions.count)
        var open = GroupTally(dimensions: 4)
        var breached = GroupTally(dimensions: 4)
        let end = CaseTable.upperBound(table.complaintReceived, Date(timeIntervalSince1970: asOf))
        for k in 0..<end where table.isOpen(complaint: k, at: asOf) {
            let i = table.complaintOrder[k]
            if breakdowns { fill(&keys, table.facts[i], &names) }
            let groups = breakdowns ? keys : nil
            open.add(numerator: 1, denominator: 0, keys: groups)
            breached.add(numerator: table.isBreached(i, at: asOf) ? 1 : 0, denominator: 0, keys: groups)
        }
        let count: (Double, Double) -> Double? = { n, _ in n }
        figures.metrics[MetricID.openBacklog] = MetricFigure(
            value: open.numerator, breakdowns: breakdowns ? open.rows(names, value: count, shares: false) : [:])
        figures.metrics[MetricID.openBreached] = MetricFigure(
            value: breached.numerator, breakdowns: breakdowns ? breached.rows(names, value: count, shares: false) : [:])
    }

    static func fill(_ keys: inout [Int], _ f: CaseFact, _ names: inout GroupKeys) {
        keys[0] = names.number(0, ordinal: ordinal(f.channel), f.channel.rawValue)
        keys[1] = names.number(1, f.category)
        keys[2] = f.segment.map { names.number(2, ordinal: ordinal($0), $0.rawValue) } ?? names.number(2, nil)
        keys[3] = names.number(3, f.queue)
        keys[4] = names.number(4, ordinal: ordinal(f.kind), f.kind.rawValue)
    }

    /// The position of a case of a payload-free enum: its one-byte tag, read without building `allCases`.
    static func ordinal<E: CaseIterable & Equatable>(_ value: E) -> Int {
        if MemoryLayout<E>.size == 1 { return Int(unsafeBitCast(value, to: UInt8.self)) }
        return E.allCases.firstIndex(of: value).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) } ?? 0
    }
}
