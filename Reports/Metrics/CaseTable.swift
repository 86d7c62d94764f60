import Foundation
import SiangCore

/// The cases of one report run, laid out once so every period of the run (the report's own, the
/// comparisons, the months, the trend years) is a range of one sorted array and a few flat look-ups.
///
/// Built in one pass over the facts: the order by received time, whether each is a complaint, its
/// SLA allowances (from the policy, for its current category and priority), its status timeline as
/// flat arrays (so the hot loops never copy a fact and its references), and when it first left the
/// open statuses, which answers "open at T?" for the backlog without replaying its timeline.
struct CaseTable {
    let facts: CaseFactColumns
    /// Fact indices by received time (stable for equal times).
    let order: [Int]
    /// `facts[order[i]].receivedAt`.
    let received: [Date]
    let isComplaint: [Bool]
    /// Business seconds, for complaints (0 for other kinds, which no SLA metric reads).
    let resolutionAllowance: [Double]
    let firstResponseAllowance: [Double]
    /// By fact index: received time and first response (infinity when none), in seconds since 1970.
    let receivedAt: [Double]
    let firstResponseAt: [Double]
    /// Every fact's status points, back to back: fact `i` owns `pointStart[i] ..< pointStart[i + 1]`.
    let pointStart: [Int32]
    let pointAt: [Double]
    let pointStatus: [Status]
    /// Complaints only, by received time: where "open at T" is `received <= T < openUntil`; nil for a
    /// timeline that reopens or goes back in time, which is replayed instead.
    let complaintOrder: [Int]
    let complaintReceived: [Date]
    let complaintOpenUntil: [Double?]
    let time: BusinessTimeIndex
    let minutesPerBusinessDay: Double

    /// The columns' own arrays are used as they are (no copy of the timelines): only what the
    /// metrics add (kind tests, allowances, the order, the complaints' open spans) is laid out here.
    init(facts: CaseFactColumns, policy: SLAPolicy, calendar: BusinessCalendar, latest: Date) {
        self.facts = facts
        let count = facts.count
        let receivedAt = Self.asDates(facts.receivedAt)
        let firstResponseAt = Self.asDates(facts.firstResponseAt)
        let pointAt = Self.asDates(facts.pointAt)
        var isComplaint = [Bool](repeating: false, count: count)
        var resolution = [Double](repeating: 0, count: count)
        var firstResponse = [Double](repeating: 0, count: count)
        let plainPolicy = policy.overrides.isEmpty
        var byPriority = [Double](repeating: 0, count: Priority.allCases.count)
        for (n, p) in Priority.allCases.enumerated() { byPriority[n] = Double(policy.resolutionAllowanceMinutes(category: nil, priority: p)) * 60 }
        let plainFirst = Double(policy.firstResponseAllowanceMinutes(category: nil)) * 60
        var sorted = true
        for i in 0..<count {
            if i > 0, receivedAt[i] < receivedAt[i - 1] { sorted = false }
            guard facts.kinds[i] == .complaint else { continue }
            isComplaint[i] = true
            if plainPolicy {
                resolution[i] = byPriority[Self.priorityIndex(facts.priorities[i])]
                firstResponse[i] = plainFirst
            } else {
                let category = facts.category(i)
                resolution[i] = Double(policy.resolutionAllowanceMinutes(category: category, priority: facts.priorities[i])) * 60
                firstResponse[i] = Double(policy.firstResponseAllowanceMinutes(category: category)) * 60
            }
        }
        var order = Array(0..<count)
        if !sorted { order.sort { receivedAt[$0] != receivedAt[$1] ? receivedAt[$0] < receivedAt[$1] : $0 < $1 } }
        self.order = order
        received = order.map { Date(timeIntervalSince1970: receivedAt[$0]) }
        self.receivedAt = receivedAt
        self.firstResponseAt = firstResponseAt
        self.isComplaint = isComplaint
        resolutionAllowance = resolution
        firstResponseAllowance = firstResponse
        pointStart = facts.pointStart
        self.pointAt = pointAt
        pointStatus = facts.pointStatus
        var cOrder: [Int] = [], cReceived: [Date] = [], cOpenUntil: [Double?] = []
        for i in order where isComplaint[i] {
            cOrder.append(i)
            cReceived.append(Date(timeIntervalSince1970: receivedAt[i]))
            cOpenUntil.append(Self.openUntil(from: Int(pointStart[i]), to: Int(pointStart[i + 1]), at: pointAt, status: pointStatus))
        }
        complaintOrder = cOrder
        complaintReceived = cReceived
        complaintOpenUntil = cOpenUntil
        let earliest = received.first ?? latest
        time = BusinessTimeIndex(calendar: calendar, from: min(earliest, latest), to: max(earliest, latest).addingTimeInterval(400 * 86_400))
        minutesPerBusinessDay = Double(policy.minutesPerBusinessDay)
    }

    /// Stored seconds as the metrics have always read them: through a `Date`, whose own reference
    /// date can move the last bit of a time far from it. For the times of any real case the trip
    /// changes nothing and the column is used as it is, uncopied.
    static func asDates(_ seconds: [Double]) -> [Double] {
        let unchanged = seconds.withUnsafeBufferPointer { all in
            all.allSatisfy { Date(timeIntervalSince1970: $0).timeIntervalSince1970 == $0 || $0.isNaN }
        }
        return unchanged ? seconds : seconds.map { Date(timeIntervalSince1970: $0).timeIntervalSince1970 }
    }

    static func priorityIndex(_ p: Priority) -> Int {
        switch p {
        case .urgent: 0
        case .normal: 1
        case .complex: 2
        }
    }

    /// When the case first left the open statuses (infinity when it has not); nil when its timeline
    /// reopens or is out of time order, so the quick test would be wrong.
    static func openUntil(from: Int, to: Int, at: [Double], status: [Status]) -> Double? {
        var left: Double?
        for p in from..<to {
            if p > from, at[p] < at[p - 1] { return nil }
            if status[p].isOpen {
                if left != nil { return nil }
            } else if left == nil {
                left = at[p]
            }
        }
        return left ?? .infinity
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

    // MARK: The timeline at an instant

    /// The status of fact `i` at `t`: its last point at or before `t` (``CaseFact/status(at:)``).
    func status(_ i: Int, at t: Double) -> Status {
        var p = Int(pointStart[i + 1]) - 1
        while p >= Int(pointStart[i]) {
            if pointAt[p] <= t { return pointStatus[p] }
            p -= 1
        }
        return .received
    }

    /// When fact `i` first became resolved or referred, if that was at or before `t`.
    func firstResolution(_ i: Int, atOrBefore t: Double) -> Double? {
        for p in Int(pointStart[i])..<Int(pointStart[i + 1]) where pointStatus[p] == .resolved || pointStatus[p] == .referred {
            return pointAt[p] <= t ? pointAt[p] : nil
        }
        return nil
    }

    /// Business seconds between two instants given in seconds since 1970.
    func seconds(_ from: Double, _ to: Double) -> Double {
        time.seconds(from: Date(timeIntervalSince1970: from), to: Date(timeIntervalSince1970: to))
    }

    /// The resolution clock of fact `i` at `t`, replayed from its status points as ``SLAClock`` builds
    /// it (pauses in `awaiting_info` not counted, a change dated before the one before it taken at that
    /// earlier instant): business seconds used, and whether it is running at `t`.
    func resolutionUsed(_ i: Int, at t: Double) -> (used: Double, running: Bool) {
        let start = receivedAt[i]
        guard start <= t else { return (0, false) }
        var phase = SLAClock.Phase.running
        var last = start
        var spanStart = start
        var used = 0.0
        var p = Int(pointStart[i]) + 1
        let end = Int(pointStart[i + 1])
        while p < end {
            let next = SLAClock.resolutionPhase(of: pointStatus[p])
            if next != phase {
                let at = max(pointAt[p], last)
                if at > t { break }
                if phase == .running { used += seconds(spanStart, at) }
                if next == .running { spanStart = at }
                phase = next
                last = at
            }
            p += 1
        }
        if phase == .running { used += seconds(spanStart, t) }
        return (used, phase == .running)
    }

    /// Whether an open complaint's resolution due time is before `t` (DESIGN 5.7 `open_breached`): the
    /// allowance was used up, and not exactly at `t` by a clock still counting then.
    func isBreached(_ i: Int, at t: Double) -> Bool {
        let (used, running) = resolutionUsed(i, at: t)
        let allowance = resolutionAllowance[i]
        if used > allowance { return true }
        if used < allowance { return false }
        return !(running && time.countsJustBefore(Date(timeIntervalSince1970: t)))
    }

    /// Whether complaint `k` (of ``complaintOrder``) is open (received, triaged, in progress or
    /// awaiting information) at `t`.
    func isOpen(complaint k: Int, at t: Double) -> Bool {
        let i = complaintOrder[k]
        guard receivedAt[i] <= t else { return false }
        if let until = complaintOpenUntil[k] { return t < until }
        return status(i, at: t).isOpen
    }
}
