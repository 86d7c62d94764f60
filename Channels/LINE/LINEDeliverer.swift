import Foundation
import Logging
import SiangCore
import SiangDelivery
import SiangStore

/// Sends the LINE rows of the outbox through the Messaging API, for the ``OutboxDispatcher``.
///
/// - `line_reply`: the Reply API while the reply token is within its deadline; after it, or when LINE
///   refuses the token (400), the Push API to the same chat.
/// - `line_push`: the Push API.
/// - Every push carries `X-Line-Retry-Key`, a UUID made from the row's dedupe key, so a retried push is
///   accepted once; LINE answers a repeat with 409, which counts as delivered.
/// - 429 and 5xx (and a failed connection) are retried, after `Retry-After` when LINE gives one; a 401
///   (a wrong channel access token) is retried too, so fixing the configuration lets the messages
///   go out; any other 4xx is permanent.
///
/// The pipeline's generic `acknowledgement` row for a LINE case is accepted and closed without a send:
/// the LINE adapter answers every message itself with a `line_reply` that uses the reply token.
///
/// The Reply API takes no retry key: a reply that LINE accepted but whose answer was lost (a cut
/// connection, a crash before the row is marked) is sent again as a push. That is the one duplicate
/// left, and it is preferred to losing the citizen's tracking ID.
public struct LINEDeliverer: OutboxDeliverer {
    let api: LINEAPIClient
    let clock: any SiangClock
    let logger: Logger

    public init(api: LINEAPIClient, clock: any SiangClock = SystemClock(), logger: Logger = Logger(label: "siang.line.delivery")) {
        self.api = api
        self.clock = clock
        self.logger = logger
    }

    public init(settings: LINESettings, clock: any SiangClock = SystemClock()) {
        self.init(api: LINEAPIClient(settings: settings), clock: clock)
    }

    public func accepts(_ message: OutboxMessage) -> Bool {
        switch message.kind {
        case LINEOutbound.Kind.reply, LINEOutbound.Kind.push: true
        case "acknowledgement": message.channel == .line
        default: false
        }
    }

    public func deliver(_ message: OutboxMessage) async throws(DeliveryError) {
        if message.kind == "acknowledgement" { return }
        guard let outbound = LINEOutbound.decode(message.payload), !outbound.messages.isEmpty else {
            throw .permanent("the outbox payload is not a LINE message")
        }
        guard !api.settings.channelAccessToken.isEmpty else {
            throw .retry(reason: "no LINE channel access token is configured (line.channelAccessToken)", after: nil)
        }
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
        let answer: LINEAPIClient.Answer
        do {
            answer = try await api.push(to: to, messages: outbound.messages, retryKey: LINEOutbound.retryKey(for: message.dedupeKey))
        } catch {
            throw .retry(reason: "push: \(error)", after: nil)
        }
        // 409: this retry key was accepted before (an earlier attempt whose answer was lost).
        if answer.status == 409 { return }
        try outcome(of: answer, action: "push")
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
}
