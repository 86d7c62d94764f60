import Foundation
import Logging
import SiangCore
import SiangDelivery
import SiangPipeline
import SiangStore

/// Sends the LINE rows of the outbox through the Messaging API, for the ``OutboxDispatcher``.
///
/// - `line_reply` (the adapter's answer to an event): the Reply API while the reply token is within
///   its deadline; after it, or when LINE refuses the token (400), the Push API to the same chat.
/// - `line_push`: the Push API.
/// - `status_notice` and `public_reply` on channel `line` (``CitizenNotices``, written with a staff
///   change): pushed to the case's LINE user, looked up when sent, so nothing goes to a user who
///   unfollowed in the meantime.
/// - `survey_invitation` on channel `line` (``SurveyInvitationMessage``): its message objects, with
///   the rating buttons, pushed to its user.
/// - `staff_notice` on channel `line` (``StaffNotice``): pushed to the staff member's linked LINE user,
///   looked up when sent, so an unlinked account gets nothing.
/// - The pipeline's generic `acknowledgement` for a LINE case is closed without a send: the adapter
///   answers every message itself with a `line_reply` that uses the reply token.
///
/// Every push carries `X-Line-Retry-Key`, a UUID made from the row's dedupe key, so a retried push is
/// accepted once; LINE answers a repeat with 409, which counts as delivered. 429 and 5xx (and a failed
/// connection) are retried, after `Retry-After` when LINE gives one; a 401 (a wrong channel access
/// token) is retried too, so fixing the configuration lets the messages go out; any other 4xx is
/// permanent.
///
/// The Reply API takes no retry key: a reply that LINE accepted but whose answer was lost (a cut
/// connection, a crash before the row is marked) is sent again as a push. That is the one duplicate
/// left, and it is preferred to losing the citizen's tracking ID.
public struct LINEDeliverer: OutboxDeliverer {
    let api: LINEAPIClient
    /// For the case's LINE user of staff notices; without it those rows are not taken.
    let store: (any CaseStore)?
    /// For the linked LINE users of notices to staff; without it those rows are not taken.
    let contacts: (any StaffContactStore)?
    let clock: any SiangClock
    let logger: Logger

    static let noticeKinds: Set<String> = [CitizenNotices.statusNotice, CitizenNotices.publicReply]

    public init(api: LINEAPIClient, store: (any CaseStore)? = nil, contacts: (any StaffContactStore)? = nil,
                clock: any SiangClock = SystemClock(), logger: Logger = Logger(label: "siang.line.delivery")) {
        self.api = api
        self.store = store
        self.contacts = contacts
        self.clock = clock
        self.logger = logger
    }

    public func accepts(_ message: OutboxMessage) -> Bool {
        switch message.kind {
        case LINEOutbound.Kind.reply, LINEOutbound.Kind.push: true
        case "acknowledgement", SurveyInvitationMessage.outboxKind: message.channel == .line
        case let kind where Self.noticeKinds.contains(kind): message.channel == .line && store != nil
        case StaffNotice.outboxKind: message.channel == .line && contacts != nil
        default: false
        }
    }

    public func deliver(_ message: OutboxMessage) async throws(DeliveryError) {
        switch message.kind {
        case "acknowledgement":
            return
        case SurveyInvitationMessage.outboxKind:
            guard let invitation = SurveyInvitationMessage.decode(message.payload), let to = invitation.to,
                  let messages = invitation.messages, !messages.isEmpty else {
                throw .permanent("the survey invitation names no LINE user or message")
            }
            try await push(messages, to: to, message)
        case let kind where Self.noticeKinds.contains(kind):
            guard let text = Self.noticeText(message.payload) else { throw .permanent("the notice has no text") }
            guard let store, let id = message.trackingID else { throw .permanent("the notice names no case") }
            let user: String?
            do { user = try await store.lineRecipient(of: id) } catch { throw .retry(reason: "store: \(error)", after: nil) }
            guard let user else { throw .permanent("the case's LINE user unfollowed the account") }
            try await push([LINETextMessage(text)], to: user, message)
        case StaffNotice.outboxKind:
            guard let notice = StaffNotice.decode(message.payload), let contacts else { throw .permanent("the row is not a notice to staff") }
            let contact: StaffContact?
            do { contact = try await contacts.staffContacts(usernames: [notice.username]).first } catch {
                throw .retry(reason: "store: \(error)", after: nil)
            }
            guard let contact, !contact.disabled, let user = contact.lineUserID, !user.isEmpty else {
                throw .permanent("the staff account has no linked LINE user now")
            }
            try await push([LINETextMessage("\(notice.subject)\n\n\(notice.text)")], to: user, message)
        default:
            try await deliverAnswer(message)
        }
    }

    /// A `line_reply` or `line_push` row.
    func deliverAnswer(_ message: OutboxMessage) async throws(DeliveryError) {
        guard let outbound = LINEOutbound.decode(message.payload), !outbound.messages.isEmpty else {
            throw .permanent("the outbox payload is not a LINE message")
        }
        try requireToken()
        if message.kind == LINEOutbound.Kind.reply, let token = outbound.replyToken, let before = outbound.replyBefore, clock.now() < before {
            let answer: LINEAPIClient.Answer
            do { answer = try await api.reply(token: token, messages: outbound.messages) } catch {
                throw .retry(reason: "reply: \(error)", after: nil)
            }
            switch answer.status {
            case 200..<300: return
            case 400:
                // The token expired early or was used: the push below says it instead.
                logger.notice("LINE refused the reply token; pushing instead", metadata: ["kind": "\(message.kind)"])
            default:
                try outcome(of: answer, action: "reply")
            }
        }
        guard let to = outbound.to, !to.isEmpty else {
            throw .permanent("the reply token can no longer be used and there is no chat to push to")
        }
        try await push(outbound.messages, to: to, message)
    }

    func push<M: Encodable & Sendable>(_ messages: [M], to: String, _ message: OutboxMessage) async throws(DeliveryError) {
        try requireToken()
        let answer: LINEAPIClient.Answer
        do {
            answer = try await api.push(to: to, messages: messages, retryKey: LINEOutbound.retryKey(for: message.dedupeKey))
        } catch {
            throw .retry(reason: "push: \(error)", after: nil)
        }
        // 409: this retry key was accepted before (an earlier attempt whose answer was lost).
        if answer.status == 409 { return }
        try outcome(of: answer, action: "push")
    }

    func requireToken() throws(DeliveryError) {
        guard !api.settings.channelAccessToken.isEmpty else {
            throw .retry(reason: "no LINE channel access token is configured (line.channelAccessToken)", after: nil)
        }
    }

    /// Maps a non-2xx answer to the dispatcher's retry or give-up.
    func outcome(of answer: LINEAPIClient.Answer, action: String) throws(DeliveryError) {
        switch answer.status {
        case 200..<300: return
        case 429, 500...599:
            throw .retry(reason: "\(action): \(answer.message)", after: LINEAPIClient.retryAfter(answer.headers, now: clock.now()))
        case 401:
            throw .retry(reason: "\(action): the channel access token was refused (\(answer.message))", after: nil)
        default:
            throw .permanent("\(action): \(answer.message)")
        }
    }

    /// The `{"text": …}` payload of a staff notice.
    static func noticeText(_ payload: String) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any],
              let text = object["text"] as? String, !text.isEmpty else { return nil }
        return text
    }
}
