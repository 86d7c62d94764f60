import Foundation
import Logging
import SiangCore
import SiangStore

/// Sends the `scoring_core_export` rows of the outbox to the scoring core, for the ``OutboxDispatcher``.
///
/// What the answer means (``ScoringCoreAnswer``): a 2xx acknowledges the document (the row is marked
/// delivered and never sent again); 429 is retried no sooner than its `Retry-After` (seconds or an HTTP
/// date); 408, 5xx and a failed connection are retried with the dispatcher's backoff; any other 4xx is a
/// refusal no retry can change, given up on with one log line that names the status, never the document.
public struct ScoringCoreDeliverer: OutboxDeliverer {
    let client: ScoringCoreClient
    let clock: any SiangClock
    let logger: Logger

    public init(client: ScoringCoreClient, clock: any SiangClock = SystemClock(), logger: Logger = Logger(label: "siang.scoring-core")) {
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    public func accepts(_ message: OutboxMessage) -> Bool { message.kind == ScoringCoreOutbox.kind }

    public func deliver(_ message: OutboxMessage) async throws(DeliveryError) {
        let body = Data(message.payload.utf8)
        // The key was computed when the document was queued; a payload that no longer matches it would
        // be a different document under an old key.
        guard ScoringCoreOutbox.digest(body) == message.dedupeKey else {
            throw .permanent("the queued document does not match its idempotency key")
        }
        let reply: ScoringCoreReply
        do { reply = try await client.push(body, idempotencyKey: message.dedupeKey) } catch {
            throw .retry(reason: "scoring core: \(error)", after: nil)
        }
        switch ScoringCoreAnswer.outcome(of: reply, now: clock.now()) {
        case .acknowledged:
            logger.info("scoring-core export acknowledged", metadata: ["status": "\(reply.status)", "idempotencyKey": "\(message.dedupeKey)"])
        case .retry(let after):
            throw .retry(reason: "scoring core answered HTTP \(reply.status)", after: after)
        case .refused:
            logger.error("scoring core refused the export; it will not be sent again",
                         metadata: ["status": "\(reply.status)", "idempotencyKey": "\(message.dedupeKey)"])
            throw .permanent("scoring core refused the export with HTTP \(reply.status)")
        }
    }
}
