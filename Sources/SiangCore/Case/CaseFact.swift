import Foundation

/// One case as the reports see it: its **current** attributes, when it was received, every status it
/// passed through with the time, and its first response. Nothing personal and no free text.
///
/// DESIGN.md 5.7 takes a case's attributes as they are now (a reclassification corrects every period)
/// but its status and SLA clocks as they were at the report's as-of instant. The status timeline is
/// what makes the second possible without reading the event log: the status at any instant is the last
/// point at or before it, and the resolution clock is rebuilt from the same points (``resolutionClock``).
/// The store keeps one fact per case current in the same transaction as every event and can rebuild all
/// of them from the events, which stay the truth.
public struct CaseFact: Sendable, Equatable {
    /// A status the case entered, and when (the event's effective time).
    public struct StatusPoint: Sendable, Equatable {
        public var at: Date
        public var status: Status
        public init(at: Date, status: Status) {
            self.at = at
            self.status = status
        }
    }

    public var trackingID: TrackingID
    public var kind: Kind
    public var channel: Channel
    public var category: String?
    public var segment: Segment?
    public var queue: String?
    public var priority: Priority
    public var receivedAt: Date
    /// Starts with `received` at ``receivedAt``; in event order (times as recorded, which never go
    /// backwards within a case once the status machine has checked them).
    public var statuses: [StatusPoint]
    /// The first staff action the complainant could see (``CaseState/firstResponseAt``), nil when none yet.
    public var firstResponseAt: Date?

    public init(trackingID: TrackingID, kind: Kind, channel: Channel, category: String?, segment: Segment?, queue: String?,
                priority: Priority, receivedAt: Date, statuses: [StatusPoint], firstResponseAt: Date?) {
        self.trackingID = trackingID
        self.kind = kind
        self.channel = channel
        self.category = category
        self.segment = segment
        self.queue = queue
        self.priority = priority
        self.receivedAt = receivedAt
        self.statuses = statuses
        self.firstResponseAt = firstResponseAt
    }

    /// The fact of a case from its whole event log; nil when the log does not start with `received`.
    public init?(trackingID: TrackingID, events: [CaseEvent]) {
        guard let first = events.first, case .received(let r) = first.change else { return nil }
        self.init(trackingID: trackingID, kind: r.kind, channel: r.channel, category: r.category, segment: r.segment,
                  queue: nil, priority: r.priority, receivedAt: first.at,
                  statuses: [StatusPoint(at: first.at, status: .received)], firstResponseAt: nil)
        var state = CaseState.fold(CollectionOfOne(first))!
        for event in events.dropFirst() { apply(event, state: &state) }
    }

    /// Brings the fact up to date with one more event; `state` is the case's state before the event
    /// and is advanced with it (the first response needs the state's rule, not a copy of it).
    public mutating func apply(_ event: CaseEvent, state: inout CaseState) {
        state.apply(event)
        kind = state.kind
        category = state.category
        segment = state.segment
        queue = state.queue
        priority = state.priority
        if firstResponseAt == nil { firstResponseAt = state.firstResponseAt }
        if case .statusChanged(let change) = event.change {
            statuses.append(StatusPoint(at: event.at, status: change.to))
        }
    }

    /// The status at `instant`: the last point at or before it (`received` before the case existed,
    /// which callers exclude by the received time).
    public func status(at instant: Date) -> Status {
        statuses.last { $0.at <= instant }?.status ?? .received
    }

    /// When the status first became one of `targets` at or before `instant`, if it did.
    public func firstTime(of targets: Set<Status>, atOrBefore instant: Date) -> Date? {
        statuses.first { targets.contains($0.status) && $0.at <= instant }?.at
    }

    /// The resolution clock rebuilt from the status points, as ``SLAClock/resolution(events:allowanceMinutes:calendar:)``
    /// builds it from the events.
    public func resolutionClock(allowanceMinutes: Int, calendar: BusinessCalendar) -> SLAClock {
        let changes = statuses.dropFirst().map { SLAClock.Transition(at: $0.at, phase: SLAClock.resolutionPhase(of: $0.status)) }
        return SLAClock(startedAt: receivedAt, changes: changes, allowanceMinutes: allowanceMinutes, calendar: calendar)
    }

    /// The first-response clock rebuilt from the fact, as ``SLAClock/firstResponse(events:allowanceMinutes:calendar:)``
    /// builds it: stopped by the first response, or by the case leaving the open statuses some other way.
    public func firstResponseClock(allowanceMinutes: Int, calendar: BusinessCalendar) -> SLAClock {
        let leftOpen = statuses.dropFirst().first { !$0.status.isOpen }?.at
        let stop = [firstResponseAt, leftOpen].compactMap { $0 }.min()
        return SLAClock(startedAt: receivedAt, changes: stop.map { [SLAClock.Transition(at: $0, phase: .stopped)] } ?? [],
                        allowanceMinutes: allowanceMinutes, calendar: calendar)
    }
}
