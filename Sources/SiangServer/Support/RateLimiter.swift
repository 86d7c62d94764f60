import Foundation

/// What the public may do only so often from one address (DESIGN.md 5.12).
public enum RateLimitedAction: Sendable {
    /// Filing a new case (web form or JSON API).
    case intake
    /// Looking up a tracking ID (page or JSON API), or proving to be the person who filed a case.
    case lookup
}

/// Whether a request may go ahead, and if not, how long the client should wait.
public enum RateLimitDecision: Sendable, Equatable {
    case allowed
    case refused(retryAfterSeconds: Int)
}

/// Counts what each client address does against `limits.*` and says when to refuse. Behind a
/// protocol because several server processes may one day share one database (DESIGN.md 5.11):
/// this process's ``InMemoryRateLimiter`` then gives way to one whose counts live there.
public protocol RateLimiter: Sendable {
    /// Takes one `action` from `client`'s allowance at `now`, or refuses (counting nothing). A lookup
    /// is also refused while the client's allowance of misses is spent.
    func admit(_ action: RateLimitedAction, client: String, at now: Date) -> RateLimitDecision
    /// Counts a lookup that found nothing (an unknown ID, a wrong check character, a wrong answer).
    func recordMiss(client: String, at now: Date)
}
