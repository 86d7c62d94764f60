import Foundation

/// A case's current state, derived by folding its events in order. The store caches it in a row for
/// queries, but the events are the truth.
public struct CaseState: Sendable, Equatable {
    public var kind: Kind
    public var channel: Channel
    public var status: Status
    public var category: String?
    public var segment: Segment?
    public var priority: Priority
    public var queue: String?
    public var assignee: String?
    public var receivedAt: Date
    public var updatedAt: Date
    /// When the case was last resolved (for the complainant's reopen window).
    public var resolvedAt: Date?
    /// The first staff action the complainant can see (first-response SLA).
    public var firstResponseAt: Date?

    public init(kind: Kind, channel: Channel, status: Status, category: String?, segment: Segment?, priority: Priority,
                queue: String?, assignee: String?, receivedAt: Date, updatedAt: Date, resolvedAt: Date? = nil,
                firstResponseAt: Date? = nil) {
        self.kind = kind
        self.channel = channel
        self.status = status
        self.category = category
        self.segment = segment
        self.priority = priority
        self.queue = queue
        self.assignee = assignee
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
        self.resolvedAt = resolvedAt
        self.firstResponseAt = firstResponseAt
    }

    /// Folds `events`; nil when the first is not a `received` event.
    public static func fold<S: Sequence>(_ events: S) -> CaseState? where S.Element == CaseEvent {
        var iterator = events.makeIterator()
        guard let first = iterator.next(), case .received(let r) = first.change else { return nil }
        var state = CaseState(
            kind: r.kind, channel: r.channel, status: .received, category: r.category, segment: r.segment,
            priority: r.priority, queue: nil, assignee: nil, receivedAt: first.at, updatedAt: first.at)
        while let e = iterator.next() { state.apply(e) }
        return state
    }

    public mutating func apply(_ event: CaseEvent) {
        switch event.change {
        case .escalated, .suggested, .possibleDuplicate:
            break  // the system's own bookkeeping is not an update the complainant would see
        default:
            updatedAt = max(updatedAt, event.at)
        }
        let isStaff = event.actor.hasPrefix("staff:")
        switch event.change {
        case .received:
            break
        case .statusChanged(let s):
            status = s.to
            if s.to == .resolved { resolvedAt = event.at }
            if isStaff, firstResponseAt == nil, [.triaged, .inProgress, .resolved, .referred, .rejected].contains(s.to) {
                firstResponseAt = event.at
            }
        case .categorized(let c): category = c.category
        case .kindChanged(let k): kind = k
        case .priorityChanged(let p): priority = p
        case .queueChanged(let q): queue = q
        case .assigned(let a): assignee = a
        case .publicReply:
            if isStaff, firstResponseAt == nil { firstResponseAt = event.at }
        case .internalNote, .citizenMessage, .suggested, .possibleDuplicate, .escalated:
            break
        }
    }
}
