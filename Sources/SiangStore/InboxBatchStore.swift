import Foundation
import SiangCore

/// Writes one pass of a webhook inbox (the LINE channel's) in one transaction: the cases its events
/// open, the follow-ups they add, the follow state they change, the answers they queue, and the inbox
/// rows they finish. Either all of it is stored or none of it, so a crash or a store failure in the
/// middle of a pass leaves every row pending and nothing half-written; the next pass does it again.
///
/// A pass costs one commit (one disk sync, one round of PostgreSQL's commit) for hundreds of events,
/// where each event written on its own waited for a commit of its own or shared one with the few
/// others handled at that moment.
public protocol InboxBatchStore: Sendable {
    /// Stores `batch`, all or nothing, durable before it returns.
    ///
    /// Throws ``StoreError/concurrentChange`` (writing nothing) when the batch was planned on a
    /// view that is no longer true: a case it opens has a channel key stored meanwhile, or an inbox
    /// row it finishes was finished meanwhile. Throws ``StoreError/trackingIDTaken`` when a case it
    /// opens has a tracking ID in use. In both cases the caller plans the pass again.
    func commitInboxBatch(_ batch: InboxBatch) async throws(StoreError)
}

/// Everything one pass of the inbox writes; see ``InboxBatchStore``.
public struct InboxBatch: Sendable {
    /// The changes to cases, in the order they are applied (a follow-up after the case it joins).
    public var changes: [InboxChange]
    /// Answers to queue; a dedupe key seen before is skipped.
    public var outbox: [OutboxMessage]
    /// The inbox rows finished, each with what went wrong (nil: nothing).
    public var finished: [FinishedInboxRow]
    /// When the pass finished them.
    public var at: Date

    public init(changes: [InboxChange] = [], outbox: [OutboxMessage] = [], finished: [FinishedInboxRow] = [], at: Date) {
        self.changes = changes
        self.outbox = outbox
        self.finished = finished
        self.at = at
    }

    public var isEmpty: Bool { changes.isEmpty && outbox.isEmpty && finished.isEmpty }
}

/// An inbox row done with, and what went wrong with it, if anything (never personal data).
public struct FinishedInboxRow: Sendable, Equatable {
    public var id: Int64
    public var error: String?

    public init(id: Int64, error: String? = nil) {
        self.id = id
        self.error = error
    }
}

/// One change an inbox event makes.
public enum InboxChange: Sendable {
    /// A new case, stored as ``CaseStore/create(_:)`` would. Its channel key must not be stored yet:
    /// the batch was planned after looking (``StoreError/concurrentChange`` otherwise).
    case open(NewCase)
    /// A follow-up to a case, as ``CaseStore/appendMessage(_:to:attachments:channel:key:outbox:)``
    /// would add it: skipped when its channel key was stored before.
    case addMessage(InboxFollowUp)
    /// The follow state of a LINE user, as ``CaseStore/setLINEFollowing(userID:following:)`` sets it.
    case setLINEFollowing(userID: String, following: Bool)
}

/// A further message from a complainant to a case, for ``InboxChange/addMessage(_:)``.
public struct InboxFollowUp: Sendable {
    public var trackingID: TrackingID
    public var events: [CaseEvent]
    public var attachments: [AttachmentRef]
    public var channel: Channel
    public var key: String?

    public init(trackingID: TrackingID, events: [CaseEvent], attachments: [AttachmentRef] = [], channel: Channel, key: String?) {
        self.trackingID = trackingID
        self.events = events
        self.attachments = attachments
        self.channel = channel
        self.key = key
    }
}
