import Foundation

/// Where an SLA clock stands (DESIGN.md section 4). The raw values are the public contract.
public enum SLAState: String, Codable, Sendable, CaseIterable {
    /// Running, less than the at-risk share of the allowance used.
    case onTrack = "on_track"
    /// Running, at least the at-risk share used, due time not yet passed.
    case atRisk = "at_risk"
    /// The due time has passed and the clock has not stopped.
    case breached
    /// Waiting for the complainant (`awaiting_info`); the clock does not count.
    case paused
    /// Stopped at or before the due time.
    case met
    /// Stopped after the due time.
    case missed

    /// Stopped for good (until a reopen starts the clock again).
    public var isFinal: Bool { self == .met || self == .missed }

    public var label: LocalizedLabel {
        switch self {
        case .onTrack: LocalizedLabel(th: "อยู่ในกำหนด", en: "On track")
        case .atRisk: LocalizedLabel(th: "ใกล้ครบกำหนด", en: "At risk")
        case .breached: LocalizedLabel(th: "เกินกำหนด", en: "Breached")
        case .paused: LocalizedLabel(th: "หยุดนับเวลา (รอข้อมูล)", en: "Paused (awaiting information)")
        case .met: LocalizedLabel(th: "แล้วเสร็จทันกำหนด", en: "Met")
        case .missed: LocalizedLabel(th: "แล้วเสร็จเกินกำหนด", en: "Missed")
        }
    }
}

/// One SLA clock of one case: business time counted from when the case was received, paused and
/// stopped by what happened to the case, measured against an allowance.
///
/// Build it from the case's events with ``resolution(events:allowanceMinutes:calendar:)`` or
/// ``firstResponse(events:allowanceMinutes:calendar:)`` and ask it about any instant `now` (passed in,
/// never read from the system clock). Asking about an instant before the last event answers as of
/// that instant, as if later events had not happened yet, so reports can restate past months.
///
/// The allowance is the one that applies now (current category and priority); a reclassification
/// therefore re-bases the due time on the received instant, as the agency's rules ask.
public struct SLAClock: Sendable {
    /// What the clock is doing from a given instant on.
    public enum Phase: String, Sendable, Equatable {
        case running, paused, stopped
    }

    /// From `at` on, the clock is `phase`.
    public struct Transition: Sendable, Equatable {
        public var at: Date
        public var phase: Phase
        public init(at: Date, phase: Phase) {
            self.at = at
            self.phase = phase
        }
    }

    /// The received instant; the clock starts here (counting from the next opening if outside hours).
    public let startedAt: Date
    /// Starts with `running` at ``startedAt``; times never go backwards; no two neighbours share a phase.
    public let transitions: [Transition]
    public let allowanceSeconds: TimeInterval
    public let calendar: BusinessCalendar

    /// A clock that starts running at `startedAt` and then follows `changes` in order. A change dated
    /// before the one before it is taken to happen at that earlier instant; a change to the phase the
    /// clock is already in changes nothing.
    public init(startedAt: Date, changes: [Transition] = [], allowanceMinutes: Int, calendar: BusinessCalendar) {
        var list = [Transition(at: startedAt, phase: .running)]
        for change in changes where change.phase != list[list.count - 1].phase {
            list.append(Transition(at: max(change.at, list[list.count - 1].at), phase: change.phase))
        }
        self.startedAt = startedAt
        self.transitions = list
        self.allowanceSeconds = TimeInterval(max(0, allowanceMinutes)) * 60
        self.calendar = calendar
    }

    // MARK: Building from events

    /// The resolution clock: runs while the case is `received`, `triaged` or `in_progress`; paused
    /// in `awaiting_info`; stopped by `resolved`, `referred`, `rejected`, `duplicate` (and `closed`).
    /// A reopen (resolved -> in_progress) runs it again from the time already used. Nil when the
    /// events do not start with `received`.
    public static func resolution(events: [CaseEvent], allowanceMinutes: Int, calendar: BusinessCalendar) -> SLAClock? {
        guard let first = events.first, case .received = first.change else { return nil }
        var changes: [Transition] = []
        for event in events.dropFirst() {
            if case .statusChanged(let change) = event.change {
                changes.append(Transition(at: event.at, phase: resolutionPhase(of: change.to)))
            }
        }
        return SLAClock(startedAt: first.at, changes: changes, allowanceMinutes: allowanceMinutes, calendar: calendar)
    }

    /// The first-response clock: runs from `received` until the first action the complainant can see
    /// (``CaseState/firstResponseAt``: a staff public reply or a staff move to triaged, in progress,
    /// resolved, referred or rejected; the automatic acknowledgement does not count). It also stops when
    /// the case leaves the open statuses some other way (a duplicate merged by the system), since
    /// there is then nothing left to respond to. It never pauses. Nil when the events do not start with
    /// `received`.
    public static func firstResponse(events: [CaseEvent], allowanceMinutes: Int, calendar: BusinessCalendar) -> SLAClock? {
        guard let first = events.first, var state = CaseState.fold(CollectionOfOne(first)) else { return nil }
        var changes: [Transition] = []
        for event in events.dropFirst() {
            state.apply(event)
            if state.firstResponseAt != nil || !state.status.isOpen {
                changes.append(Transition(at: event.at, phase: .stopped))
                break
            }
        }
        return SLAClock(startedAt: first.at, changes: changes, allowanceMinutes: allowanceMinutes, calendar: calendar)
    }

    /// The resolution clock with the allowance for the case's current category and priority.
    public static func resolution(events: [CaseEvent], policy: SLAPolicy, calendar: BusinessCalendar) -> SLAClock? {
        guard let state = CaseState.fold(events) else { return nil }
        return resolution(events: events,
                          allowanceMinutes: policy.resolutionAllowanceMinutes(category: state.category, priority: state.priority),
                          calendar: calendar)
    }

    /// The first-response clock with the allowance for the case's current category.
    public static func firstResponse(events: [CaseEvent], policy: SLAPolicy, calendar: BusinessCalendar) -> SLAClock? {
        guard let state = CaseState.fold(events) else { return nil }
        return firstResponse(events: events, allowanceMinutes: policy.firstResponseAllowanceMinutes(category: state.category),
                             calendar: calendar)
    }

    /// What a status does to the resolution clock.
    public static func resolutionPhase(of status: Status) -> Phase {
        switch status {
        case .received, .triaged, .inProgress: .running
        case .awaitingInfo: .paused
        case .resolved, .closed, .referred, .rejected, .duplicate: .stopped
        }
    }

    // MARK: Questions about an instant

    /// The phase at `now` (running before the start, as nothing has happened yet).
    public func phase(at now: Date) -> Phase {
        transitions.last { $0.at <= now }?.phase ?? .running
    }

    /// Business seconds counted up to `now`.
    public func usedSeconds(at now: Date) -> TimeInterval {
        runningSpans(asOf: now).reduce(0) { $0 + calendar.businessSeconds(from: $1.start, to: min($1.end ?? now, now)) }
    }

    /// Whole business minutes counted up to `now`.
    public func usedMinutes(at now: Date) -> Int {
        Int((usedSeconds(at: now) / 60).rounded(.down))
    }

    /// Business seconds left of the allowance at `now`; negative once it is overrun.
    public func remainingSeconds(at now: Date) -> TimeInterval {
        allowanceSeconds - usedSeconds(at: now)
    }

    /// Where the clock stands at `now`. Running: `on_track`, then `at_risk` once `atRiskFraction` of the
    /// allowance is used, then `breached` from the first instant after the due time. Paused: `paused`,
    /// or `breached` if the due time had already passed. Stopped: `met` when stopped at or before the
    /// due time, else `missed`.
    public func state(at now: Date, atRiskFraction: Double) -> SLAState {
        let used = usedSeconds(at: now)
        switch phase(at: now) {
        case .running:
            if used >= allowanceSeconds, let due = instant(reaching: allowanceSeconds, asOf: now), now > due { return .breached }
            return used >= atRiskFraction * allowanceSeconds ? .atRisk : .onTrack
        case .paused:
            if used >= allowanceSeconds, let due = instant(reaching: allowanceSeconds, asOf: now), now > due { return .breached }
            return .paused
        case .stopped:
            guard let stop = stoppedAt(at: now), let due = instant(reaching: allowanceSeconds, asOf: now) else { return .met }
            return stop <= due ? .met : .missed
        }
    }

    /// When the allowance runs out. Running: the due instant (moved later by any paused time). Paused:
    /// the due instant if the clock resumed at `now` (or the past instant it already ran out). Stopped:
    /// nil; see ``state(at:atRiskFraction:)`` for met or missed.
    public func dueAt(at now: Date) -> Date? {
        switch phase(at: now) {
        case .running:
            return instant(reaching: allowanceSeconds, asOf: now)
        case .paused:
            let used = usedSeconds(at: now)
            guard used < allowanceSeconds else { return instant(reaching: allowanceSeconds, asOf: now) }
            return calendar.adding(businessSeconds: allowanceSeconds - used, to: now)
        case .stopped:
            return nil
        }
    }

    /// For the escalation ticker: the instant a running clock becomes (or became) `at_risk`. Nil while
    /// paused or stopped: nothing changes until the next event, which rebuilds the clock.
    public func atRiskAt(fraction: Double, at now: Date) -> Date? {
        guard phase(at: now) == .running else { return nil }
        return instant(reaching: fraction * allowanceSeconds, asOf: now)
    }

    /// For the escalation ticker: the due instant of a running clock; the clock is `breached` from the
    /// first instant after it. Nil while paused or stopped.
    public func breachAt(at now: Date) -> Date? {
        guard phase(at: now) == .running else { return nil }
        return instant(reaching: allowanceSeconds, asOf: now)
    }

    /// When the clock stopped, if it is stopped at `now`.
    public func stoppedAt(at now: Date) -> Date? {
        guard let last = transitions.last(where: { $0.at <= now }), last.phase == .stopped else { return nil }
        return last.at
    }

    // MARK: Spans

    /// The running stretches as known at `now`: later transitions are ignored, so the stretch that
    /// contains `now` is open-ended.
    private func runningSpans(asOf now: Date) -> [(start: Date, end: Date?)] {
        var spans: [(start: Date, end: Date?)] = []
        for (index, transition) in transitions.enumerated() where transition.phase == .running && transition.at <= now {
            let next = transitions.dropFirst(index + 1).first
            spans.append((transition.at, next.flatMap { $0.at <= now ? $0.at : nil }))
        }
        return spans
    }

    /// The earliest instant at which `target` business seconds have been counted, as known at `now`;
    /// nil when the clock stopped or paused before counting that much.
    private func instant(reaching target: TimeInterval, asOf now: Date) -> Date? {
        guard target > 0 else { return startedAt }
        var counted: TimeInterval = 0
        for span in runningSpans(asOf: now) {
            guard let end = span.end else {
                return calendar.adding(businessSeconds: target - counted, to: span.start)
            }
            let length = calendar.businessSeconds(from: span.start, to: end)
            if counted + length >= target {
                return calendar.adding(businessSeconds: target - counted, to: span.start)
            }
            counted += length
        }
        return nil
    }
}
