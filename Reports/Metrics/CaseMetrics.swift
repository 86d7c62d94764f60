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
    /// Told of every case a metric counts, as it is counted: the metric, the fact's index and what the case
    /// adds to the numerator and the denominator. ``DrillDown`` lists a figure's cases through it, so the
    /// cases behind a figure come from the very rules that made it.
    typealias Trace = (_ metric: String, _ fact: Int, _ numerator: Double, _ denominator: Double) -> Void

    static func compute(_ table: CaseTable, from: Date, to: Date, asOf: Date, detail: PeriodDetail,
                        into figures: inout PeriodFigures, trace: Trace? = nil) {
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
            if breakdowns { fill(&keys, table.facts, i, &names) }
            let k = breakdowns ? keys : nil
            received.add(numerator: 1, denominator: 0, keys: k)
            trace?(MetricID.casesReceived, i, 1, 0)
            guard table.isComplaint[i] else { continue }
            complaints.add(numerator: 1, denominator: 0, keys: k)
            trace?(MetricID.complaintsReceived, i, 1, 0)
            if detail != .values { categories[table.facts.category(i) ?? GroupKeys.none, default: 0] += 1 }

            let isFinished = status == .resolved || status == .closed || status == .referred
            if status != .rejected {
                finished.add(numerator: isFinished ? 1 : 0, denominator: 1, keys: k)
                trace?(MetricID.complaintsResolved, i, isFinished ? 1 : 0, 1)
            }

            // Resolution SLA: stopped by resolution or referral by as-of, or still open and overrun.
            if isFinished {
                let used = table.resolutionUsed(i, at: t).used
                withinSLA.add(numerator: used <= table.resolutionAllowance[i] ? 1 : 0, denominator: 1, keys: k)
                trace?(MetricID.resolvedWithinSLA, i, used <= table.resolutionAllowance[i] ? 1 : 0, 1)
            } else if status.isOpen, table.resolutionUsed(i, at: t).used > table.resolutionAllowance[i] {
                withinSLA.add(numerator: 0, denominator: 1, keys: k)
                trace?(MetricID.resolvedWithinSLA, i, 0, 1)
            } else if breakdowns {
                withinSLA.add(numerator: 0, denominator: 0, keys: k)
            }

            // First response: never paused, so its elapsed time is plain business time since receipt.
            let response = table.firstResponseAt[i]
            if response <= t {
                let elapsed = table.seconds(table.receivedAt[i], response)
                firstResponse.add(numerator: elapsed <= table.firstResponseAllowance[i] ? 1 : 0, denominator: 1, keys: k)
                trace?(MetricID.firstResponseWithinSLA, i, elapsed <= table.firstResponseAllowance[i] ? 1 : 0, 1)
            } else if table.seconds(table.receivedAt[i], t) > table.firstResponseAllowance[i] {
                firstResponse.add(numerator: 0, denominator: 1, keys: k)
                trace?(MetricID.firstResponseWithinSLA, i, 0, 1)
            } else if breakdowns {
                firstResponse.add(numerator: 0, denominator: 0, keys: k)
            }

            if let stop = table.firstResolution(i, atOrBefore: t) {
                days.add(table.resolutionUsed(i, at: stop).used / dayLength, keys: k)
                trace?(MetricID.medianDaysToResolve, i, 1, 0)
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

        backlog(table, asOf: t, breakdowns: breakdowns, into: &figures, trace: trace)
    }

    /// `open_backlog` and `open_breached`: complaints of any receipt date open at as-of, and those of
    /// them whose resolution due time is before as-of.
    static func backlog(_ table: CaseTable, asOf: Double, breakdowns: Bool, into figures: inout PeriodFigures, trace: Trace? = nil) {
        var names = GroupKeys(dimensions: dimensions)
        var keys = [Int](repeating: 0, count: dimensions.count)
        var open = GroupTally(dimensions: 4)
        var breached = GroupTally(dimensions: 4)
        let end = CaseTable.upperBound(table.complaintReceived, Date(timeIntervalSince1970: asOf))
        for k in 0..<end where table.isOpen(complaint: k, at: asOf) {
            let i = table.complaintOrder[k]
            if breakdowns { fill(&keys, table.facts, i, &names) }
            let groups = breakdowns ? keys : nil
            let isBreached = table.isBreached(i, at: asOf)
            open.add(numerator: 1, denominator: 0, keys: groups)
            breached.add(numerator: isBreached ? 1 : 0, denominator: 0, keys: groups)
            trace?(MetricID.openBacklog, i, 1, 0)
            trace?(MetricID.openBreached, i, isBreached ? 1 : 0, 0)
        }
        let count: (Double, Double) -> Double? = { n, _ in n }
        figures.metrics[MetricID.openBacklog] = MetricFigure(
            value: open.numerator, breakdowns: breakdowns ? open.rows(names, value: count, shares: false) : [:])
        figures.metrics[MetricID.openBreached] = MetricFigure(
            value: breached.numerator, breakdowns: breakdowns ? breached.rows(names, value: count, shares: false) : [:])
    }

    /// A case's breakdown keys, each numbered through its column's own number (enum position, place in
    /// the names; none is 0 where a value may be missing): a text is hashed once a pass, not once a case.
    static func fill(_ keys: inout [Int], _ facts: CaseFactColumns, _ i: Int, _ names: inout GroupKeys) {
        let channel = facts.channels[i], kind = facts.kinds[i], segment = facts.segments[i]
        keys[0] = names.number(0, ordinal: ordinal(channel), channel.rawValue)
        let category = Int(facts.categories[i]) + 1, queue = Int(facts.queues[i]) + 1
        if let n = names.known(1, ordinal: category) { keys[1] = n } else {
            keys[1] = names.number(1, ordinal: category, facts.category(i) ?? GroupKeys.none)
        }
        keys[2] = names.number(2, ordinal: segment.map { ordinal($0) + 1 } ?? 0, segment?.rawValue ?? GroupKeys.none)
        if let n = names.known(3, ordinal: queue) { keys[3] = n } else {
            keys[3] = names.number(3, ordinal: queue, facts.queue(i) ?? GroupKeys.none)
        }
        keys[4] = names.number(4, ordinal: ordinal(kind), kind.rawValue)
    }

    /// The case's key in a breakdown dimension (an index into ``dimensions``), the text ``fill`` numbers;
    /// nil is written ``GroupKeys/none``.
    static func key(_ facts: CaseFactColumns, _ i: Int, _ dimension: Int) -> String? {
        switch dimension {
        case 0: facts.channels[i].rawValue
        case 1: facts.category(i)
        case 2: facts.segments[i]?.rawValue
        case 3: facts.queue(i)
        default: facts.kinds[i].rawValue
        }
    }

    /// The position of a case of a payload-free enum: its one-byte tag, read without building `allCases`.
    static func ordinal<E: CaseIterable & Equatable>(_ value: E) -> Int {
        if MemoryLayout<E>.size == 1 { return Int(unsafeBitCast(value, to: UInt8.self)) }
        return E.allCases.firstIndex(of: value).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) } ?? 0
    }
}
