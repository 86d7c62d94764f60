import Foundation
import SiangCore

/// What a queue page asks for: which cases (a queue, the viewer's own cases, or everything they may
/// see), filters, a search text and a page.
public struct QueueQuery: Sendable, Equatable {
    public enum Scope: Sendable, Equatable {
        /// The cases of one queue.
        case queue(String)
        /// The cases assigned to one person.
        case assignedTo(String)
        /// Every case the viewer may see.
        case all
    }

    public var scope: Scope
    /// Statuses to show; empty means the open ones.
    public var statuses: [Status]
    public var category: String?
    public var channel: Channel?
    public var segment: Segment?
    public var sla: SLAState?
    /// A username, or "" for unassigned cases.
    public var assignee: String?
    public var receivedFrom: Date?
    public var receivedBefore: Date?
    /// Searched in the subject and text (Thai substrings too).
    public var text: String?
    /// 1-based.
    public var page: Int
    public var pageSize: Int

    public init(scope: Scope, statuses: [Status] = [], category: String? = nil, channel: Channel? = nil, segment: Segment? = nil,
                sla: SLAState? = nil, assignee: String? = nil, receivedFrom: Date? = nil, receivedBefore: Date? = nil,
                text: String? = nil, page: Int = 1, pageSize: Int = 50) {
        self.scope = scope
        self.statuses = statuses
        self.category = category
        self.channel = channel
        self.segment = segment
        self.sla = sla
        self.assignee = assignee
        self.receivedFrom = receivedFrom
        self.receivedBefore = receivedBefore
        self.text = text
        self.page = page
        self.pageSize = pageSize
    }
}

/// One line of a queue: the case's cached state, a short excerpt, and its SLA index entry.
public struct QueueRow: Sendable, Equatable {
    public var trackingID: TrackingID
    public var kind: Kind
    public var channel: Channel
    public var status: Status
    public var category: String?
    public var segment: Segment?
    public var priority: Priority
    public var queue: String?
    public var assignee: String?
    public var subject: String?
    public var excerpt: String
    public var receivedAt: Date
    public var updatedAt: Date
    /// Nil while the index has not caught up with the case.
    public var sla: SLAIndexEntry?
}

public struct QueuePage: Sendable, Equatable {
    public var rows: [QueueRow]
    /// Whether a further page exists.
    public var hasMore: Bool
    public init(rows: [QueueRow], hasMore: Bool) {
        self.rows = rows
        self.hasMore = hasMore
    }
}

/// A case's resolution clock reduced to what sorting and filtering need, stored with the case and
/// refreshed whenever its events change (clocks only move on events).
public struct SLAIndexEntry: Sendable, Equatable {
    public enum Phase: Int, Sendable {
        case running = 0, paused = 1, stopped = 2
    }

    public var phase: Phase
    /// Running: when the allowance runs out. Paused: when it would if the clock resumed at the pause.
    /// Stopped: nil.
    public var resolutionDueAt: Date?
    /// Running: when the clock turns `at_risk`.
    public var atRiskAt: Date?
    /// The first-response due time while that clock still runs.
    public var firstResponseDueAt: Date?
    /// The state of a paused or stopped clock, which time does not change: `paused` or `breached`
    /// while paused, `met` or `missed` once stopped. Nil while running.
    public var settledState: SLAState?

    public init(phase: Phase, resolutionDueAt: Date?, atRiskAt: Date?, firstResponseDueAt: Date?, settledState: SLAState?) {
        self.phase = phase
        self.resolutionDueAt = resolutionDueAt
        self.atRiskAt = atRiskAt
        self.firstResponseDueAt = firstResponseDueAt
        self.settledState = settledState
    }

    /// The clock's state at `now`, as ``SLAClock/state(at:atRiskFraction:)`` gives it.
    public func state(at now: Date) -> SLAState {
        if let settledState { return settledState }
        guard let due = resolutionDueAt else { return .onTrack }
        if now > due { return .breached }
        if let risk = atRiskAt, now >= risk { return .atRisk }
        return .onTrack
    }
}

/// A case whose SLA index needs computing.
public struct StaleSLACase: Sendable {
    public var trackingID: TrackingID
    public var eventCount: Int
    public var events: [CaseEvent]
}

public struct SLAIndexUpdate: Sendable {
    public var trackingID: TrackingID
    /// The event count the entry was computed from.
    public var eventCount: Int
    public var entry: SLAIndexEntry?
    public init(trackingID: TrackingID, eventCount: Int, entry: SLAIndexEntry?) {
        self.trackingID = trackingID
        self.eventCount = eventCount
        self.entry = entry
    }
}

/// The supervisor dashboard's figures.
public struct StaffDashboard: Sendable, Equatable {
    public struct QueueLoad: Sendable, Equatable {
        public var queue: String?
        public var onTrack: Int
        public var atRisk: Int
        public var breached: Int
        public var paused: Int
        public var total: Int { onTrack + atRisk + breached + paused }
    }

    public struct Escalated: Sendable, Equatable {
        public var trackingID: TrackingID
        public var at: Date
        public var level: String
        public var clock: String
        public var queue: String?
    }

    /// Open cases by queue and SLA state.
    public var openByQueue: [QueueLoad]
    /// Resolution clocks that passed their due time this month (still open, or closed late).
    public var breachesThisMonth: Int
    public var oldestOpen: [QueueRow]
    /// Cases received this month, by channel and by category.
    public var byChannel: [(channel: Channel, count: Int)]
    public var byCategory: [(category: String?, count: Int)]
    /// Escalations of the last 30 days.
    public var escalations: [Escalated]

    public static func == (a: StaffDashboard, b: StaffDashboard) -> Bool {
        a.openByQueue == b.openByQueue && a.breachesThisMonth == b.breachesThisMonth && a.oldestOpen == b.oldestOpen
            && a.byChannel.map(\.channel) == b.byChannel.map(\.channel) && a.byChannel.map(\.count) == b.byChannel.map(\.count)
            && a.byCategory.map(\.category) == b.byCategory.map(\.category) && a.byCategory.map(\.count) == b.byCategory.map(\.count)
            && a.escalations == b.escalations
    }
}

/// A notice to the citizen (status notice or public reply) and where its delivery stands.
public struct NoticeRecord: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var channel: Channel?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var attempts: Int
    public var lastError: String?
}

/// A notice to give by telephone: the case, what to say and the number to call.
public struct CallbackItem: Sendable, Equatable {
    /// Channels whose notices are given by a call-back rather than sent.
    public static let channels: Set<Channel> = [.hotline, .phone]

    public var outboxID: Int64
    public var trackingID: TrackingID
    public var kind: String
    public var channel: Channel
    /// The notice's text (`payload.text`).
    public var text: String
    public var createdAt: Date
    /// Personal data: show only to the viewer and audit it.
    public var name: String?
    public var phone: String?
}

/// A signed-in browser: the hash of its cookie token, its CSRF token and its two expiry times.
public struct StaffSession: Sendable, Equatable {
    public var tokenHash: String
    public var username: String
    /// Sent with every form of the session and compared on every post.
    public var csrfToken: String
    public var createdAt: Date
    /// Ends the session after a period without use.
    public var idleExpiresAt: Date
    /// Ends the session regardless of use.
    public var expiresAt: Date
    public init(tokenHash: String, username: String, csrfToken: String, createdAt: Date, idleExpiresAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.username = username
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.idleExpiresAt = idleExpiresAt
        self.expiresAt = expiresAt
    }
}

/// An API token as its owner sees it: never the token itself.
public struct APITokenInfo: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var revokedAt: Date?
}

extension CallbackItem {
    /// The words of a queued status notice or reply (its payload's `text`), which staff read out on a call.
    static func text(ofPayload payload: String) -> String {
        ((try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any])?["text"] as? String ?? ""
    }
}
