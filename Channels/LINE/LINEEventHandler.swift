import Foundation
import Logging
import SiangCore
import SiangPipeline
import SiangStore

/// Carries out the conversation rules (``LINEConversation``) for one webhook event: opens a case,
/// joins the user's recent case, answers a tracking query, greets, opts out.
///
/// Nothing a case needs is written here: the changes (a case to open, a follow-up to add, the follow
/// state) and the answer (an outbox row) are returned for the ``LINEInboxProcessor`` to write with
/// the rest of its pass in one transaction. What the pass has planned for the conversation so far
/// (``LINEConversationMemory``) stands in for what is not stored yet: a photo after the text that
/// opens a case joins that case. What was stored before (the events handled, the users' open cases)
/// is read once for the whole pass (``LINEPassView``), not by each event. Every change is idempotent on the event's key, and an event seen
/// before gets its answer again (same dedupe key, so the outbox keeps one). Survey answers and staff
/// link codes, rare and idempotent, are still written at once by their own stores.
struct LINEEventHandler: Sendable {
    let store: any CaseStore
    /// Links staff LINE users by one-time code (``LINELinkCode``); nil when not taken.
    let staffLinks: (any StaffContactStore)?
    let pipeline: IntakePipeline
    let conversation: LINEConversation
    let replies: LINEReplies
    let api: LINEAPIClient
    let attachments: AttachmentStore
    let logger: Logger
    /// Text, images and a location from the same user within this time of their case join it.
    let joinWindow: TimeInterval

    /// One event with what it needs from its body and inbox row.
    struct Context: Sendable {
        var event: LINEEvent
        var destination: String?
        var receivedAt: Date
        /// Until when the event's reply token is used.
        var replyBefore: Date
        /// The row's last attempt: what still fails passingly is noted instead of retried.
        var finalAttempt: Bool

        /// The channel message key: LINE's event ID, the same on every redelivery.
        var key: String? {
            if let id = event.webhookEventId, !id.isEmpty { return "event:\(id)" }
            if case .message(let m) = event.kind { return "message:\(m.id)" }
            return nil
        }
        /// When the user sent it (LINE's timestamp), or when we received it if LINE left it out.
        var sentAt: Date { event.timestamp.timeIntervalSince1970 > 0 ? event.timestamp : receivedAt }
        var userID: String? { event.source?.userID }
    }

    struct Handled: Sendable {
        var outcome: LINEEventOutcome
        /// The answer to queue, if any.
        var answer: OutboxMessage?
        /// What to store for the event, in order.
        var changes: [InboxChange] = []
    }

    /// A failure that another attempt may get past (store errors count as such too).
    struct Transient: Error, CustomStringConvertible {
        var description: String
    }

    func handle(_ c: Context, memory: inout LINEConversationMemory) async throws -> Handled {
        switch conversation.interpret(c.event, destination: c.destination) {
        case .ignore(let reason):
            logger.info("LINE event ignored", metadata: ["reason": "\(reason)"])
            return Handled(outcome: .ignored(reason))
        case .greet:
            return Handled(outcome: .answered, answer: answer(c, replies.greeting()), changes: following(c, true))
        case .optOut:
            return Handled(outcome: .optedOut, changes: following(c, false))
        case .needsDetails:
            return Handled(outcome: .answered, answer: answer(c, replies.needsDetails()))
        case .surveyAnswer(let data):
            let outcome = try await SurveyAnswers.recordPostback(data: data, lineUserID: c.userID, webhookEventID: c.event.webhookEventId,
                                                                 store: store, configuration: pipeline.configuration, at: c.sentAt)
            return Handled(outcome: .surveyAnswered, answer: outcome.reply.flatMap { answer(c, $0) })
        case .trackingQuery(let query):
            return Handled(outcome: .answered, answer: answer(c, try await trackingAnswer(query)))
        case .text(let text):
            if let linked = try await linkStaff(text, c) { return linked }
            if let known = try await alreadyHandled(c, memory: memory) { return known }
            if let user = c.userID, let recent = recentCase(of: user, at: c.sentAt, memory: memory) {
                let change = try await addMessage(to: recent, text: text, attachments: [], c, memory: &memory)
                return Handled(outcome: .joined(recent), answer: answer(c, replies.joined(recent), trackingID: recent), changes: change)
            }
            return try await open(text, c, memory: &memory)
        case .attachment(let messageID, let filename, let fromLINE, let lastOfSet):
            if let known = try await alreadyHandled(c, answers: lastOfSet, memory: memory) { return known }
            guard let user = c.userID, let recent = recentCase(of: user, at: c.sentAt, memory: memory) else {
                return Handled(outcome: .answered, answer: answer(c, replies.describeFirst()))
            }
            let change = switch try await download(messageID: messageID, filename: filename, fromLINE: fromLINE, finalAttempt: c.finalAttempt) {
            case .success(let ref): try await addMessage(to: recent, text: nil, attachments: [ref], c, memory: &memory)
            case .failure(let why): try await addMessage(to: recent, text: replies.attachmentNotKept(filename, reason: why.reason), attachments: [], c,
                                                         memory: &memory)
            }
            // One answer for a set of images, after its last.
            return Handled(outcome: .joined(recent), answer: lastOfSet ? answer(c, replies.joined(recent), trackingID: recent) : nil, changes: change)
        case .location(let location):
            if let known = try await alreadyHandled(c, memory: memory) { return known }
            guard let user = c.userID, let recent = recentCase(of: user, at: c.sentAt, memory: memory) else {
                return Handled(outcome: .answered, answer: answer(c, replies.describeFirst()))
            }
            let change = try await addMessage(to: recent, text: replies.locationNote(location), attachments: [], c, memory: &memory)
            return Handled(outcome: .joined(recent), answer: answer(c, replies.joined(recent), trackingID: recent), changes: change)
        }
    }

    // MARK: - Steps

    /// A text that is exactly a pending staff link code links the sender's LINE user to that staff
    /// account and never becomes a case. A text shaped like a code that is not pending (expired, used,
    /// or the same event delivered again) is answered as such, not opened as a case: no complaint is
    /// ever exactly `SL` and six code letters. Anything else goes on as ordinary text.
    func linkStaff(_ text: String, _ c: Context) async throws -> Handled? {
        guard let staffLinks, let code = LINELinkCode.code(in: text), let user = c.userID else { return nil }
        guard let username = try await staffLinks.redeemLINELinkCode(code, lineUserID: user, now: c.receivedAt) else {
            return Handled(outcome: .answered, answer: answer(c, replies.staffLinkCodeUnknown()))
        }
        try await store.recordAudit(AuditEntry(at: c.receivedAt, actor: username, action: "link_line", trackingID: nil))
        return Handled(outcome: .answered, answer: answer(c, replies.staffLinked()))
    }

    /// Opens a case from a text (checked, classified and routed now, stored with the pass).
    func open(_ text: String, _ c: Context, memory: inout LINEConversationMemory) async throws -> Handled {
        let limit = pipeline.configuration.limits.maxTextLength
        let intake = Intake(text: String(text.prefix(limit)), channel: .line, channelMessageKey: c.key, receivedAt: c.sentAt,
                            contact: c.userID.map { Contact(lineUserID: $0) }, consent: c.userID != nil)
        let newCase: NewCase
        // Compared with recent cases after the whole pass is planned, in order (``LINEInboxPass/flagDuplicates(using:)``).
        do { newCase = try await pipeline.prepareUnchecked(intake) } catch {
            switch error {
            case .unavailable(let why): throw Transient(description: why)
            case .invalid, .keyReused: throw LINEEventFailure(reason: error.description)
            }
        }
        let id = newCase.trackingID
        memory.opened(id, at: c.sentAt, key: c.key)
        return Handled(outcome: .opened(id), answer: answer(c, replies.received(id), trackingID: id), changes: [.open(newCase)])
    }

    /// An event whose key is already on a case was handled before (a redelivery, or a body processed
    /// again after a crash): its answer is made again, which the outbox skips when it is there.
    /// An event this pass handled already (the same event twice in the pass) counts as seen before too.
    func alreadyHandled(_ c: Context, answers: Bool = true, memory: LINEConversationMemory) async throws -> Handled? {
        guard let key = c.key else { return nil }
        let id: TrackingID
        let opened: Bool
        if let planned = memory.handled(key) {
            (id, opened) = (planned.id, planned.opened)
            guard answers else { return Handled(outcome: .repeated(id)) }
        } else {
            guard let stored = memory.stored.handled(key) else { return nil }
            id = stored.trackingID
            guard answers else { return Handled(outcome: .repeated(id)) }
            // The case this event opened was received at the event's time; a follow-up came later.
            opened = abs(stored.receivedAt.timeIntervalSince(c.sentAt)) < 0.001
        }
        return Handled(outcome: .repeated(id), answer: answer(c, opened ? replies.received(id) : replies.joined(id), trackingID: id))
    }

    /// The case a message from `user` at `sentAt` joins: one this pass opens for them, else a stored one.
    func recentCase(of user: String, at sentAt: Date, memory: LINEConversationMemory) -> TrackingID? {
        let since = sentAt.addingTimeInterval(-joinWindow)
        if let planned = memory.newestOpened(since: since, until: sentAt) { return planned }
        return memory.stored.recentCase(of: user, since: since, until: sentAt)?.trackingID
    }

    /// The follow-up to store for a message joining case `id` (none when it adds nothing).
    func addMessage(to id: TrackingID, text: String?, attachments: [AttachmentRef], _ c: Context,
                    memory: inout LINEConversationMemory) async throws -> [InboxChange] {
        let status: Status
        if let known = memory.status(of: id) ?? memory.stored.status(of: id) {
            status = known
        } else {
            guard let record = try await store.record(id) else { throw Transient(description: "no case \(id)") }
            status = record.state.status
        }
        let events = pipeline.followUpEvents(text: text, status: status, at: c.sentAt)
        memory.joined(id, key: c.key, status: status == .awaitingInfo ? .inProgress : status)
        guard !events.isEmpty || !attachments.isEmpty else { return [] }
        return [.addMessage(InboxFollowUp(trackingID: id, events: events, attachments: attachments, channel: .line, key: c.key))]
    }

    func following(_ c: Context, _ following: Bool) -> [InboxChange] {
        c.userID.map { [.setLINEFollowing(userID: $0, following: following)] } ?? []
    }

    func trackingAnswer(_ query: LINETrackingQuery) async throws -> String {
        switch query {
        case .missing: return replies.howToTrack()
        case .checkFailed: return replies.checkFailed()
        case .id(let id):
            guard let record = try await store.record(id) else { return replies.notFound(id) }
            return replies.status(id, status: record.state.status, updatedAt: record.state.updatedAt)
        }
    }

    /// The answer to an event as an outbox row: the Reply API with its token while it is valid, else
    /// a push to the chat. Keyed by the event, so an event is answered once.
    func answer(_ c: Context, _ text: String, trackingID: TrackingID? = nil) -> OutboxMessage? {
        guard let key = c.key, c.event.replyToken != nil || c.event.source != nil else { return nil }
        let outbound = LINEOutbound(to: c.event.source?.chatID, replyToken: c.event.replyToken, replyBefore: c.replyBefore,
                                    messages: [LINETextMessage(text)])
        return outbound.outboxMessage(kind: LINEOutbound.Kind.reply, trackingID: trackingID, dedupeKey: "line:reply:\(key)")
    }

    /// Fetches an image or file from the content API and keeps it. A failure that another attempt may
    /// get past throws, except on the final attempt, when it becomes a note on the case instead.
    func download(messageID: String, filename: String, fromLINE: Bool, finalAttempt: Bool) async throws -> Result<AttachmentRef, NotKept> {
        guard fromLINE else { return .failure(NotKept("ภาพอยู่นอกระบบ LINE")) }
        let answer: LINEAPIClient.Answer
        do { answer = try await api.content(messageID: messageID) } catch {
            if finalAttempt { return .failure(NotKept("ดาวน์โหลดจาก LINE ไม่สำเร็จ")) }
            throw Transient(description: "content: \(error)")
        }
        switch answer.status {
        case 200:
            guard answer.body.count <= pipeline.configuration.limits.maxAttachmentBytes else {
                return .failure(NotKept("ไฟล์มีขนาดใหญ่เกินกำหนด"))
            }
            // Only what citizens may upload on the web form too: photos and PDF, told by the first bytes.
            guard let type = AttachmentStore.FileType.sniff(answer.body), AttachmentStore.FileType.citizenUploads.contains(type) else {
                return .failure(NotKept("ชนิดไฟล์ที่ระบบไม่รับ"))
            }
            do { return .success(try attachments.store(answer.body, filename: Self.name(filename, for: type), type: type)) } catch {
                if finalAttempt { return .failure(NotKept("บันทึกไฟล์ไม่สำเร็จ")) }
                throw Transient(description: "cannot store the attachment: \(error)")
            }
        case 429, 202, 500...599:
            // 202: LINE is still preparing the content.
            if finalAttempt { return .failure(NotKept("ดาวน์โหลดจาก LINE ไม่สำเร็จ")) }
            throw Transient(description: "content: HTTP \(answer.status)")
        default:
            return .failure(NotKept("ไฟล์ไม่มีให้ดาวน์โหลดแล้ว"))
        }
    }

    /// LINE images come without a name: `line-<message id>` with the extension of what they are.
    static func name(_ filename: String, for type: AttachmentStore.FileType) -> String {
        guard filename.hasPrefix("line-"), filename.hasSuffix(".jpg"), type != .jpeg else { return filename }
        let ext = type.rawValue.split(separator: "/").last.map(String.init) ?? "bin"
        return String(filename.dropLast(4)) + "." + ext
    }

    struct NotKept: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// What became of one webhook event.
public enum LINEEventOutcome: Sendable, Equatable {
    case opened(TrackingID)
    case joined(TrackingID)
    /// Seen before (redelivered, or its body processed again): nothing new stored.
    case repeated(TrackingID?)
    /// An answer without a case change: a tracking query, the greeting, a request for details.
    case answered
    /// A survey rating button press, recorded (or found recorded) and answered.
    case surveyAnswered
    case optedOut
    /// An event type or message this service does not act on; the reason names the type only.
    case ignored(String)
    /// The event could not be taken in (its reason is kept on the inbox row).
    case failed(String)
}

/// An event that cannot be taken in, whatever the attempt (the intake is invalid).
struct LINEEventFailure: Error {
    var reason: String
}
