import Foundation
import SiangCore
import SiangStore

/// Counts what each client address does against `limits.*` and says when to refuse. On the embedded
/// SQLite store one process owns the data, and ``InMemoryRateLimiter`` counts in that process; on
/// PostgreSQL several servers share one database (DESIGN.md 5.11), and ``PostgresRateLimits`` keeps
/// the counts there, so a client cannot multiply its allowance by the number of servers.
public protocol RateLimiter: Sendable {
    /// Takes one `action` from `client`'s allowance at `now`, or refuses (counting nothing). A lookup
    /// is also refused while the client's allowance of misses is spent.
    func admit(_ action: RateLimitedAction, client: String, at now: Date) async throws(StoreError) -> RateLimitDecision
    /// Counts a lookup that found nothing (an unknown ID, a wrong check character, a wrong answer).
    func recordMiss(client: String, at now: Date) async throws(StoreError)
}

extension PostgresRateLimits: RateLimiter {}
