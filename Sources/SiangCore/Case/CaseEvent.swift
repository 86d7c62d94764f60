import Foundation

/// One entry of a case's append-only history: who did what, when. A case's status, category,
/// priority, queue and assignee are derived from these (``CaseState``), so any past month can be
/// recomputed for reports.
public struct CaseEvent: Codable, Sendable, Equatable {
    public var at: Date
    /// `citizen`, `system`, or `staff:<username>`.
    public var actor: String
    public var change: CaseChange

    public init(at: Date, actor: String, change: CaseChange) {
        self.at = at
        self.actor = actor
        self.change = change
    }

    public static let citizen = "citizen"
    public static let system = "system"
    public static func staff(_ username: String) -> String { "staff:\(username)" }
}

/// What an event changed. The `type` names are stored and must stay stable once released.
public enum CaseChange: Codable, Sendable, Equatable {
    case received(ReceivedChange)
    case statusChanged(StatusChange)
    case categorized(CategoryChange)
    case kindChanged(Kind)
    case priorityChanged(Priority)
    case queueChanged(String?)
    case assigned(String?)
    /// A reply the complainant sees on the tracking page and through their channel.
    case publicReply(String)
    /// A note only staff see.
    case internalNote(String)
    /// A further message from the complainant (LINE follow-up, email reply).
    case citizenMessage(String)
    /// The classifier's guess when it was not sure enough to set the category; staff decide.
    case suggested(CategoryChange)
    /// A new case that looks like an open one; staff decide whether to merge.
    case possibleDuplicate(PossibleDuplicate)
    /// An SLA clock passed its at-risk point or its due time; the queue's supervisors were told.
    case escalated(Escalation)

    /// The stable name stored beside the event data.
    public var type: String {
        switch self {
        case .received: "received"
        case .statusChanged: "status_changed"
        case .categorized: "categorized"
        case .kindChanged: "kind_changed"
        case .priorityChanged: "priority_changed"
        case .queueChanged: "queue_changed"
        case .assigned: "assigned"
        case .publicReply: "public_reply"
        case .internalNote: "internal_note"
        case .citizenMessage: "citizen_message"
        case .suggested: "classifier_suggestion"
        case .possibleDuplicate: "possible_duplicate"
        case .escalated: "escalated"
        }
    }
}

public struct ReceivedChange: Codable, Sendable, Equatable {
    public var kind: Kind
    public var channel: Channel
    public var category: String?
    public var segment: Segment?
    public var priority: Priority
    public init(kind: Kind, channel: Channel, category: String?, segment: Segment?, priority: Priority) {
        self.kind = kind
        self.channel = channel
        self.category = category
        self.segment = segment
        self.priority = priority
    }
}

public struct StatusChange: Codable, Sendable, Equatable {
    public var from: Status
    public var to: Status
    /// Shown to the complainant on the timeline.
    public var publicNote: String?
    /// Why a case was rejected.
    public var reason: String?
    /// The other agency and its reference, for referrals.
    public var referredTo: String?
    /// The surviving case, for duplicates.
    public var duplicateOf: TrackingID?
    public init(from: Status, to: Status, publicNote: String? = nil, reason: String? = nil, referredTo: String? = nil, duplicateOf: TrackingID? = nil) {
        self.from = from
        self.to = to
        self.publicNote = publicNote
        self.reason = reason
        self.referredTo = referredTo
        self.duplicateOf = duplicateOf
    }
}

public struct CategoryChange: Codable, Sendable, Equatable {
    public var category: String
    /// The classifier's confidence; nil when a person chose.
    public var confidence: Double?
    public init(category: String, confidence: Double? = nil) {
        self.category = category
        self.confidence = confidence
    }
}

public struct PossibleDuplicate: Codable, Sendable, Equatable {
    public var of: TrackingID
    /// 0...1, how alike the two texts are.
    public var similarity: Double
    public init(of: TrackingID, similarity: Double) {
        self.of = of
        self.similarity = similarity
    }
}

public struct Escalation: Codable, Sendable, Equatable {
    /// Which clock: `resolution` or `first_response`.
    public var clock: String
    /// `at_risk` or `breached`.
    public var level: String
    public var dueAt: Date?
    public var queue: String?
    public init(clock: String, level: String, dueAt: Date?, queue: String?) {
        self.clock = clock
        self.level = level
        self.dueAt = dueAt
        self.queue = queue
    }
}
