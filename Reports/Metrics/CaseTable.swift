import Foundation
import SiangCore

/// The cases of one report run, laid out once so every period of the run (the report's own, the
/// comparisons, the months, the trend years) is a range of one sorted array and a few flat look-ups.
///
/// Built in one pass over the facts: the order by received time, whether each is a complaint, its
/// SLA allowances (from the policy, for its current category and priority), and when it first left
/// the open statuses, which answers "open at T?" for the backlog without replaying its timeline.
struct CaseTable {
    let facts: [CaseFact]
    /// Fact indices by received time (stable for equal times).
    let order: [Int]
    /// `facts[order[i]].receivedAt`.
    let received: [Date]
    let isComplaint: [Bool]
    /// Business seconds, for complaints (0 for other kinds, which no SLA metric reads).
    let resolutionAllowance: [Double]
    let firstResponseAllowance: [Double]
    /// Complaints only, by received time: where "open at T" is `received <= T < openUntil`; nil for a
    /// timeline that reopens or goes back in time, which is replayed instead.
    let complaintOrder: [Int]
    let complaintReceived: [Date]
    let complaintOpenUntil: [Date?]
    let time: BusinessTimeIndex
    let minutesPerBusinessDay: Double

    init(facts: [CaseFact], policy: SLAPolicy, calendar: BusinessCalendar, latest: Date) {
        self.facts = facts
        var order = Array(facts.indices)
        if !zip(facts, facts.dropFirst()).allSatisfy({ $0.receivedAt <= $1.receivedAt }) {
            order.sort { (facts[$0].receivedAt, $0) < (facts[$1].receivedAt, $1) }
        }
        self.order = order
        received = order.map { facts[$0].receivedAt }
        isComplaint = facts.map { $0.kind == .complaint }
        var resolution = [Double](repeating: 0, count: facts.count)
        var firstResponse = [Double](repeating: 0, count: facts.count)
        var cOrder: [Int] = [], cReceived: [Date] = [], cOpenUntil: [Date?] = []
        let plainPolicy = policy.overrides.isEmpty
        let byPriority = Dictionary(uniqueKeysWithValues: Priority.allCases.map {
            ($0, Double(policy.resolutionAllowanceMinutes(category: nil, priority: $0)) * 60)
        })
        let plainFirst = Double(policy.firstResponseAllowanceMinutes(category: nil)) * 60
        for i in order where isComplaint[i] {
            let f = facts[i]
            if plainPolicy {
                resolution[i] = byPriority[f.priority]!
                firstResponse[i] = plainFirst
            } else {
                resolution[i] = Double(policy.resolutionAllowanceMinutes(category: f.category, priority: f.priority)) * 60
                firstResponse[i] = Double(policy.firstResponseAllowanceMinutes(category: f.category)) * 60
            }
            cOrder.append(i)
            cReceived.append(f.receivedAt)
            cOpenUntil.append(Self.openUntil(f))
        }
        resolutionAllowance = resolution
        firstResponseAllowance = firstResponse
        complaintOrder = cOrder
        complaintReceived = cReceived
        complaintOpenUntil = cOpenUntil
        let earliest = received.first ?? latest
        time = BusinessTimeIndex(calendar: calendar, from: min(earliest, latest), to: max(earliest, latest).addingTimeInterval(400 * 86_400))
        minutesPerBusinessDay = Double(policy.minutesPerBusinessDay)
    }

    /// When the case first left the open statuses (distant future when it has not); nil when its
    /// timeline reopens or is out of time order, so the quick test would be wrong.
    static func openUntil(_ f: CaseFact) -> Date? {
        var left: Date?
        var previous = f.receivedAt
        for point in f.statuses.dropFirst() {
            if point.at < previous { return nil }
            previous = point.at
            if point.status.isOpen {
                if left != nil { return nil }
            } else if left == nil {
                left = point.at
            }
        }
        return left ?? .distantFuture
    }

    /// The first index of `sorted` whose date is not before `date` (binary search).
    static func lowerBound(_ sorted: [Date], _ date: Date) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first index of `sorted` whose date is after `date`.
    static func upperBound(_ sorted: [Date], _ date: Date) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: Clocks at an instant

    /// The resolution clock of `f` at `t`, replayed from its status points as ``SLAClock`` builds it
    /// (pauses in `awaiting_info` not counted, a change dated before the one before it taken at that
    /// earlier instant): business seconds used, and whether it is running at `t`.
    func resolutionUsed(_ f: CaseFact, at t: Date) -> (used: Double, running: Bool) {
        guard f.receivedAt <= t else { return (0, false) }
        var phase = SLAClock.Phase.running
        var last = f.receivedAt
        var spanStart = f.receivedAt
        var used = 0.0
        for point in f.statuses.dropFirst() {
            let next = SLAClock.resolutionPhase(of: point.status)
            if next == phase { continue }
            let at = max(point.at, last)
            if at > t { break }
            if phase == .running { used += time.seconds(from: spanStart, to: at) }
            if next == .running { spanStart = at }
            phase = next
            last = at
        }
        if phase == .running { used += time.seconds(from: spanStart, to: t) }
        return (used, phase == .running)
    }

    /// Whether an open complaint's resolution due time is before `t` (DESIGN 5.7 `open_breached`): the
    /// allowance was used up, and not exactly at `t` by a clock still counting then.
    func isBreached(_ i: Int, at t: Date) -> Bool {
        let (used, running) = resolutionUsed(facts[i], at: t)
        let allowance = resolutionAllowance[i]
        if used > allowance { return true }
        if used < allowance { return false }
        return !(running && time.countsJustBefore(t))
    }

    /// Whether complaint `i` is open (received, triaged, in progress or awaiting information) at `t`.
    func isOpen(complaint k: Int, at t: Date) -> Bool {
        guard complaintReceived[k] <= t else { return false }
        if let until = complaintOpenUntil[k] { return t < until }
        return facts[complaintOrder[k]].status(at: t).isOpen
    }
}
