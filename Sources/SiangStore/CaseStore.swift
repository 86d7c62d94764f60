import Foundation
import SiangCore

/// Everything the pipeline, server and CLI need from persistence, behind one protocol, so the SQLite
/// store (embedded default) and a PostgreSQL store (scale-out) are interchangeable to callers.
///
/// Every write is one transaction that is durable (synced) before the call returns: callers may
/// acknowledge to the outside world as soon as it returns.
public protocol CaseStore: StaffStore, SurveyStore, CaseImportStore, ImprovementStore, InboxBatchStore, TrackingStore, Sendable {
    /// Stores a new case with its first events, contact, attachments, channel key and outbox rows,
    /// all or nothing. When the channel key was seen before, returns the existing case's receipt and
    /// writes nothing.
    func create(_ newCase: NewCase) async throws(StoreError) -> CreateOutcome
    /// Stores many new cases in one transaction, each as ``create(_:)`` would, and in the same
    /// transaction the hotline call records `calls` makes from their outcomes (in order), so an
    /// import's cases and calls are stored together or not at all.
    func createMany(_ newCases: [NewCase], recordingCalls calls: @escaping @Sendable ([CreateOutcome]) -> [CallRecord])
        async throws(StoreError) -> [CreateOutcome]

    /// The case with this ID, without personal data.
    func record(_ id: TrackingID) async throws(StoreError) -> CaseRecord?
    /// The case's events in order.
    func events(of id: TrackingID) async throws(StoreError) -> [CaseEvent]
    /// The personal data of a case; callers must audit the access (``recordAudit(_:)``).
    func contact(of id: TrackingID) async throws(StoreError) -> Contact?
    func attachments(of id: TrackingID) async throws(StoreError) -> [AttachmentRef]

    /// Appends events to a case and refreshes its cached state, with any outbox rows, atomically.
    /// `expectedEventCount` guards against a concurrent change (optimistic concurrency).
    func append(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int?, outbox: [OutboxMessage]) async throws(StoreError)

    /// Adds a further message from the complainant to a case (events, attachments), idempotent by
    /// its channel key: returns false, writing nothing, when the key was seen before.
    func appendMessage(_ events: [CaseEvent], to id: TrackingID, attachments: [AttachmentRef], channel: Channel,
                       key: String?, outbox: [OutboxMessage]) async throws(StoreError) -> Bool
    /// The case a channel message key belongs to.
    func caseID(channel: Channel, key: String) async throws(StoreError) -> TrackingID?

    // SLA escalation schedule.
    /// Open cases whose clocks are due to be looked at by `now`, oldest first.
    func casesDueForSLACheck(now: Date, limit: Int) async throws(StoreError) -> [TrackingID]
    /// When to look at a case's clocks next; nil for never (until the case changes).
    func scheduleSLACheck(_ id: TrackingID, at: Date?) async throws(StoreError)
    /// Takes a case the SLA ticker cannot read off its schedule and lists it for an admin; true the
    /// first time (so it is logged once), false when it was set aside before or is unknown.
    func setAsideFromSLA(_ id: TrackingID, reason: String, at: Date) async throws(StoreError) -> Bool
    /// The cases set aside, those `viewer` may see, oldest first.
    func slaSetAside(viewer: StaffViewer) async throws(StoreError) -> [SLASetAside]
    /// How many cases are set aside (for `/metrics`; a count, no case).
    func slaSetAsideCount() async throws(StoreError) -> Int

    /// Open cases of a category received since a time, newest first (for duplicate flagging), with
    /// when each was received (a check of many cases reads once for all of them and keeps each one's window).
    func recentOpenCases(category: String, since: Date, limit: Int) async throws(StoreError) -> [(id: TrackingID, text: String, receivedAt: Date)]

    /// A small value a channel keeps between runs (the IMAP watermark), nil when never set.
    func channelState(_ key: String) async throws(StoreError) -> String?
    func setChannelState(_ key: String, _ value: String) async throws(StoreError)

    // Hotline call statistics.
    /// The call IDs among `ids` already imported.
    func knownCallIDs(_ ids: [String]) async throws(StoreError) -> Set<String>
    /// Records imported calls; a call ID seen before is left as it was.
    func recordCalls(_ calls: [CallRecord]) async throws(StoreError)
    /// Calls per Bangkok day, queue and disposition in `[from, to)`.
    func callStatistics(from: Date, to: Date) async throws(StoreError) -> [CallCount]

    // Staff accounts and API tokens.
    func addUser(_ user: NewUser) async throws(StoreError)
    func user(named username: String) async throws(StoreError) -> StaffUser?
    /// Stores the hash of a new API token for a user.
    func addToken(hash: String, for username: String, at: Date) async throws(StoreError)
    /// The active user behind a token hash; nil for unknown or revoked tokens.
    func user(forTokenHash hash: String) async throws(StoreError) -> StaffUser?

    /// Writes one line of the audit log (who saw or changed what).
    func recordAudit(_ entry: AuditEntry) async throws(StoreError)
    func auditLog(of id: TrackingID) async throws(StoreError) -> [AuditEntry]

    /// Stores a raw incoming payload before it is processed (webhooks); returns its inbox id.
    func enqueueInbox(source: String, headers: [String: String], body: Data, at: Date) async throws(StoreError) -> Int64
    func pendingOutbox(limit: Int) async throws(StoreError) -> [StoredOutboxMessage]
    /// Undelivered messages whose next attempt is due by `now`, oldest first.
    func dueOutbox(now: Date, limit: Int) async throws(StoreError) -> [StoredOutboxMessage]
    /// Marks messages delivered, all in one transaction. The dispatcher marks each delivery at once
    /// (so a killed leader resends at most the message in flight); several together are for marks of
    /// deliveries that finish at the same moment.
    func markDelivered(outboxIDs: [Int64], at: Date) async throws(StoreError)
    /// Moves a message no deliverer takes (escalations, call-back notices, channels not configured)
    /// out of the way until `until`, without counting an attempt.
    func postponeOutbox(outboxID: Int64, until: Date) async throws(StoreError)
    /// Records a failed attempt; `nextAttemptAt` nil gives up on the message for good.
    func markFailed(outboxID: Int64, error: String, nextAttemptAt: Date?) async throws(StoreError)

    /// Stored webhook payloads not yet processed, oldest first.
    func pendingInbox(source: String, limit: Int) async throws(StoreError) -> [InboxItem]
    func markInboxProcessed(id: Int64, at: Date, error: String?) async throws(StoreError)

    /// Answers once the store can be read (health checks): one indexed row, however many cases there are.
    func checkReachable() async throws(StoreError)
    /// All cases (metrics); a scan, not for frequent callers.
    func caseCount() async throws(StoreError) -> Int

    // LINE conversations (Channels/LINE).
    /// The newest open LINE case of a LINE user received in `[since, until]`, which further messages
    /// from that user join.
    func recentLINECase(userID: String, since: Date, until: Date) async throws(StoreError) -> TrackingID?
    /// The cases these channel message keys belong to, by key (keys never stored are left out): the
    /// LINE inbox's view of which events of a pass were handled before (``caseID(channel:key:)`` for many).
    func cases(channel: Channel, keys: [String]) async throws(StoreError) -> [String: KeyedCase]
    /// Each of these LINE users' open LINE cases received in `[since, until]`, by user, newest first
    /// in the order ``recentLINECase(userID:since:until:)`` picks its one (users without any are left
    /// out): the LINE inbox reads them once for a whole pass.
    func recentLINECases(userIDs: [String], since: Date, until: Date) async throws(StoreError) -> [String: [RecentLINECase]]
    /// Whether the user follows the account: an `unfollow` stops pushes about their LINE cases, a
    /// `follow` starts them again. The PDPA consent given with the case is not touched.
    func setLINEFollowing(userID: String, following: Bool) async throws(StoreError)
    /// The LINE user to push a case's news to; nil when the case has none or the user unfollowed.
    func lineRecipient(of id: TrackingID) async throws(StoreError) -> String?
    /// Adds outbox rows on their own (answers that change no case); a repeated dedupe key is skipped.
    func enqueueOutbox(_ messages: [OutboxMessage], at: Date) async throws(StoreError)
    /// Marks inbox rows processed (with what went wrong, if anything) and queues the answers their
    /// processing produced, in one transaction; a repeated dedupe key is skipped.
    func finishInbox(_ rows: [(id: Int64, error: String?)], outbox: [OutboxMessage], at: Date) async throws(StoreError)
}

/// A case ready to be stored: its ID, the message, and the first events.
public struct NewCase: Sendable {
    public var trackingID: TrackingID
    public var intake: Intake
    public var events: [CaseEvent]
    public var outbox: [OutboxMessage]
    /// A digest of the request, to refuse an idempotency key reused for a different request.
    public var fingerprint: String
    /// What the first answer said, returned again for a repeated channel key.
    public var receipt: CaseReceipt

    public init(trackingID: TrackingID, intake: Intake, events: [CaseEvent], outbox: [OutboxMessage], fingerprint: String, receipt: CaseReceipt) {
        self.trackingID = trackingID
        self.intake = intake
        self.events = events
        self.outbox = outbox
        self.fingerprint = fingerprint
        self.receipt = receipt
    }
}

/// The answer a channel gets for a stored case: the same bytes for the first request and every repeat.
public struct CaseReceipt: Codable, Sendable, Equatable {
    public var trackingId: TrackingID
    public var status: Status
    public var kind: Kind
    public var category: String?
    public var receivedAt: Date
    public var sla: SLASummary?

    public init(trackingId: TrackingID, status: Status, kind: Kind, category: String?, receivedAt: Date, sla: SLASummary?) {
        self.trackingId = trackingId
        self.status = status
        self.kind = kind
        self.category = category
        self.receivedAt = receivedAt
        self.sla = sla
    }
}

/// The SLA figures shown with a case.
public struct SLASummary: Codable, Sendable, Equatable {
    public var firstResponseDueAt: Date?
    public var resolutionDueAt: Date?
    public var state: String
    public init(firstResponseDueAt: Date?, resolutionDueAt: Date?, state: String) {
        self.firstResponseDueAt = firstResponseDueAt
        self.resolutionDueAt = resolutionDueAt
        self.state = state
    }
}

public enum CreateOutcome: Sendable, Equatable {
    case created(CaseReceipt)
    /// The channel key was seen before: the first case's receipt.
    case existing(CaseReceipt)
}

/// A stored case's non-personal fields and cached state.
public struct CaseRecord: Sendable, Equatable {
    public var trackingID: TrackingID
    public var state: CaseState
    public var subject: String?
    public var text: String
    public var location: Location?
    public var externalRef: String?
    public var warnings: [String]
    public var eventCount: Int
}

public struct NewUser: Sendable {
    public var username: String
    public var passwordHash: String
    public var role: StaffRole
    public var createdAt: Date
    public init(username: String, passwordHash: String, role: StaffRole, createdAt: Date) {
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
    }
}

public struct StaffUser: Sendable, Equatable {
    public var username: String
    public var passwordHash: String
    public var role: StaffRole
    public var disabled: Bool
}

/// The staff roles of DESIGN.md section 1.
public enum StaffRole: String, Codable, Sendable, CaseIterable {
    case agent, supervisor, integrity, analyst, admin
}

/// A side effect to deliver later (reply, LINE push, email, survey invitation, scoring-core push),
/// written in the same transaction as the change that caused it.
public struct OutboxMessage: Sendable, Equatable, Codable {
    public var kind: String
    public var channel: Channel?
    public var trackingID: TrackingID?
    /// JSON the deliverer understands; never logged.
    public var payload: String
    /// Unique per message, so one change can never enqueue the same delivery twice.
    public var dedupeKey: String

    public init(kind: String, channel: Channel?, trackingID: TrackingID?, payload: String, dedupeKey: String) {
        self.kind = kind
        self.channel = channel
        self.trackingID = trackingID
        self.payload = payload
        self.dedupeKey = dedupeKey
    }
}

public struct StoredOutboxMessage: Sendable, Equatable {
    public var id: Int64
    public var message: OutboxMessage
    public var attempts: Int
}

extension CaseStore {
    /// Stores many new cases in one transaction, each as ``create(_:)`` would.
    public func createMany(_ newCases: [NewCase]) async throws(StoreError) -> [CreateOutcome] {
        try await createMany(newCases, recordingCalls: { _ in [] })
    }

    /// Marks one message delivered.
    public func markDelivered(outboxID: Int64, at: Date) async throws(StoreError) {
        try await markDelivered(outboxIDs: [outboxID], at: at)
    }
}

/// One hotline call for the channel statistics: no caller data.
public struct CallRecord: Sendable, Equatable {
    public var callID: String
    public var startedAt: Date
    public var endedAt: Date?
    public var queue: String?
    public var agent: String?
    /// A kind, or `dropped`, `wrong_number`, `test`.
    public var disposition: String
    public var trackingID: TrackingID?
    public init(callID: String, startedAt: Date, endedAt: Date?, queue: String?, agent: String?, disposition: String, trackingID: TrackingID?) {
        self.callID = callID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.queue = queue
        self.agent = agent
        self.disposition = disposition
        self.trackingID = trackingID
    }
}

public struct CallCount: Sendable, Equatable {
    /// `yyyy-MM-dd` in Bangkok (Common Era).
    public var day: String
    public var queue: String?
    public var disposition: String
    public var calls: Int
}

/// A raw incoming payload kept in the inbox until processed.
public struct InboxItem: Sendable, Equatable {
    public var id: Int64
    public var source: String
    public var receivedAt: Date
    public var headers: [String: String]
    public var body: Data
}

public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var action: String
    public var trackingID: TrackingID?
    public init(at: Date, actor: String, action: String, trackingID: TrackingID?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.trackingID = trackingID
    }
}

/// What went wrong in the store, in words for the log and the operator.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The random tracking ID already exists (rare; the pipeline retries with a new one).
    case trackingIDTaken
    /// The channel key was used before for a different request.
    case keyReusedForDifferentRequest
    case notFound
    /// Someone else changed the case since it was read.
    case concurrentChange
    case duplicateUser(String)
    case unknownUser(String)
    case unavailable(String)
    /// Data handed to the store that it must not keep (a target that is not a number).
    case invalid(String)
    /// A report revision with this number is stored already (two people locked or restated at once).
    case revisionExists(period: String, revision: Int)
    /// Something stored cannot be read back (an event that does not decode); the words name the
    /// field and the problem, never the stored value.
    case unreadable(String)
    /// A date outside what the store can write and read back (years 1 to 9999); nothing was written.
    case unstorableDate(String)

    public var description: String {
        switch self {
        case .trackingIDTaken: "the tracking ID is already in use"
        case .keyReusedForDifferentRequest: "this idempotency key was already used for a different request"
        case .notFound: "no such case"
        case .concurrentChange: "the case was changed by someone else; reload and try again"
        case .duplicateUser(let u): "a user named \(u) already exists"
        case .unknownUser(let u): "no user named \(u)"
        case .unavailable(let why): "the database is unavailable: \(why)"
        case .invalid(let why): why
        case .revisionExists(let period, let revision): "revision \(revision) of \(period) is stored already; look again and retry"
        case .unreadable(let why): "a stored record cannot be read: \(why)"
        case .unstorableDate(let why): "the date cannot be stored: \(why)"
        }
    }
}
