import Foundation
import Logging
import SiangCore
import SiangStore

/// Delivers one kind of outbox message (a LINE push, an email, a scoring-core push).
public protocol OutboxDeliverer: Sendable {
    /// Whether this deliverer handles the message.
    func accepts(_ message: OutboxMessage) -> Bool
    /// Sends the message. Deliverers pass the message's `dedupeKey` to services that support
    /// idempotent retries (LINE's `X-Line-Retry-Key`, an Idempotency-Key), so a retry after a crash
    /// between sending and recording is not sent twice.
    func deliver(_ message: OutboxMessage) async throws(DeliveryError)
}

/// Why a delivery did not happen.
public enum DeliveryError: Error, Equatable, Sendable {
    /// Try again later, after at least `after` if the service said so (HTTP 429 Retry-After).
    case retry(reason: String, after: Duration?)
    /// Retrying cannot help (the address is wrong, the user blocked the account).
    case permanent(String)
}

/// Sends what the outbox holds, with retries and exponential backoff (2^attempts × base, capped),
/// honouring a service's Retry-After. A delivered message is marked in the store at once; a
/// message that keeps failing is given up on after ``maxAttempts`` and stays visible for an operator.
public struct OutboxDispatcher: Sendable {
    let store: any CaseStore
    let deliverers: [any OutboxDeliverer]
    let clock: any SiangClock
    let logger: Logger
    public var baseDelay: Duration = .seconds(5)
    public var maxDelay: Duration = .seconds(3600)
    public var maxAttempts = 12
    /// How long a message no deliverer takes waits before it is looked at again (a deliverer may be
    /// configured meanwhile).
    static let heldRecheck: TimeInterval = 3600

    public init(store: any CaseStore, deliverers: [any OutboxDeliverer], clock: any SiangClock = SystemClock(),
                logger: Logger = Logger(label: "siang.outbox")) {
        self.store = store
        self.deliverers = deliverers
        self.clock = clock
        self.logger = logger
    }

    /// Attempts every message due now once; returns how many were delivered.
    @discardableResult
    public func runOnce(limit: Int = 100) async throws(StoreError) -> Int {
        let now = clock.now()
        var delivered = 0
        for stored in try await store.dueOutbox(now: now, limit: limit) {
            // Stopped (the server lost its leader lease, or is shutting down): not one more message, so
            // the server that takes over is the only one sending.
            if Task.isCancelled { break }
            guard let deliverer = deliverers.first(where: { $0.accepts(stored.message) }) else {
                // Not for this dispatcher (read from the workspace, or a channel not configured):
                // out of the way, so it cannot crowd out what can be sent.
                try await store.postponeOutbox(outboxID: stored.id, until: now.addingTimeInterval(Self.heldRecheck))
                continue
            }
            if try await attempt(stored, with: deliverer) == .delivered { delivered += 1 }
        }
        return delivered
    }

    /// What one attempt at a message came to.
    public enum AttemptOutcome: Equatable, Sendable {
        case delivered
        /// Not delivered; the next attempt is due at this time.
        case retryAt(Date)
        /// Given up on: a refusal no retry can change, or ``maxAttempts`` reached. `reason` is the deliverer's.
        case givenUp(reason: String)
    }

    /// Attempts one message with `deliverer` and records the outcome in the store: delivered, failed with
    /// its next attempt (backoff, never sooner than the service asked), or given up on. `siang export
    /// scoring-core --push` uses it to deliver one message at once without touching the others.
    public func attempt(_ stored: StoredOutboxMessage, with deliverer: any OutboxDeliverer) async throws(StoreError) -> AttemptOutcome {
        let outcome: Result<Void, DeliveryError>
        do { try await deliverer.deliver(stored.message); outcome = .success(()) } catch { outcome = .failure(error) }
        switch outcome {
        case .success:
            try await store.markDelivered(outboxID: stored.id, at: clock.now())
            return .delivered
        case .failure(.permanent(let why)):
            logger.warning("delivery given up", metadata: ["kind": "\(stored.message.kind)", "outboxId": "\(stored.id)", "reason": "\(why)"])
            try await store.markFailed(outboxID: stored.id, error: why, nextAttemptAt: nil)
            return .givenUp(reason: why)
        case .failure(.retry(let why, let after)):
            let attempts = stored.attempts + 1
            let next = attempts >= maxAttempts ? nil : clock.now().addingTimeInterval(delay(attempt: attempts, atLeast: after))
            logger.notice("delivery will be retried", metadata: ["kind": "\(stored.message.kind)", "outboxId": "\(stored.id)", "attempt": "\(attempts)"])
            try await store.markFailed(outboxID: stored.id, error: why, nextAttemptAt: next)
            return next.map { .retryAt($0) } ?? .givenUp(reason: why)
        }
    }

    /// Seconds before attempt `attempt + 1`: exponential, capped, never shorter than the service asked.
    func delay(attempt: Int, atLeast: Duration?) -> TimeInterval {
        let base = Double(baseDelay.components.seconds) + Double(baseDelay.components.attoseconds) / 1e18
        let cap = Double(maxDelay.components.seconds)
        let exponential = min(cap, base * pow(2, Double(max(0, attempt - 1))))
        let asked = atLeast.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0
        return max(exponential, asked)
    }

    /// Dispatches every `interval` until cancelled, and at once again after a pass that delivered a
    /// whole page: more is due (a burst of LINE answers whose reply tokens run out within a minute),
    /// and waiting between pages capped delivery at a page per interval.
    public func run(every interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            var fullPage = false
            do { fullPage = try await runOnce(limit: Self.pageSize) == Self.pageSize } catch {
                logger.error("outbox pass failed", metadata: ["error": "\(error)"])
            }
            if !fullPage { try? await Task.sleep(for: interval) }
        }
    }

    /// Messages one pass of ``run(every:)`` takes.
    static let pageSize = 100
}
