import Foundation
import PostgresNIO
import SiangCore
import Synchronization

/// The rate limiter of servers sharing one PostgreSQL database (DESIGN.md 5.11, 5.12): each client
/// address's ``RateAllowance`` is a row of `rate_limits` (keyed by the address's keyed hash, never the
/// address), so a client gets one allowance however many servers it reaches through the load balancer.
///
/// It runs on every public intake and lookup, so each call is ONE statement in autocommit, not a
/// SERIALIZABLE transaction (which would retry under load): an `INSERT … ON CONFLICT (client) DO
/// UPDATE` whose `SET` is ``RateAllowance``'s own arithmetic written out in SQL
/// (``SQLRateArithmetic``). PostgreSQL evaluates it under the row lock, so concurrent admits of
/// one client queue on the row and never let more through than the allowance. Rows idle longer
/// than the longest window are full buckets again and are deleted on a sample of calls.
public final class PostgresRateLimits: Sendable {
    let store: PostgresStore
    let rates: RateLimitRates
    let admitIntakeSQL: String
    let admitLookupSQL: String
    let recordMissSQL: String
    let calls = Atomic<Int>(0)
    /// One call in this many also deletes the idle rows.
    static let purgeEvery = 1000

    public init(store: PostgresStore, limits: IntakeLimits) {
        self.store = store
        let rates = RateLimitRates(limits: limits)
        self.rates = rates
        admitIntakeSQL = Self.updateSQL(rates) { a in a.admit(.intake, rates) }
        admitLookupSQL = Self.updateSQL(rates) { a in a.admit(.lookup, rates) }
        recordMissSQL = Self.updateSQL(rates) { a in a.recordMiss(); return nil }
    }

    public func admit(_ action: RateLimitedAction, client: String, at now: Date) async throws(StoreError) -> RateLimitDecision {
        let client = store.cipher.addressKey(client)
        var fresh = RateAllowance<Double>.full(at: now.storedValue, rates)
        let wait = fresh.admit(action, rates)
        let sql = action == .intake ? admitIntakeSQL : admitLookupSQL
        let stored = try await store.read { c in
            try await c.one(Self.upsert(client, fresh, wait: wait, sql), as: Double.self)
        }
        purgeNowAndThen(now)
        return RateLimitDecision(waitSeconds: stored ?? wait)
    }

    public func recordMiss(client: String, at now: Date) async throws(StoreError) {
        let client = store.cipher.addressKey(client)
        var fresh = RateAllowance<Double>.full(at: now.storedValue, rates)
        fresh.recordMiss()
        let sql = recordMissSQL
        try await store.read { c in try await c.exec(Self.upsert(client, fresh, wait: 0, sql)) }
    }

    /// Deletes the allowances not touched since `now` less the longest window (full buckets, the
    /// same as no row); returns how many went.
    @discardableResult
    public func purgeIdle(at now: Date) async throws(StoreError) -> Int {
        let cutoff = now.storedValue - RateLimitRates.longestWindowSeconds
        return try await store.read { c in try await c.count("DELETE FROM rate_limits WHERE updated < \(cutoff) RETURNING 1") }
    }

    /// Every ``purgeEvery``-th call, deletes idle rows without holding up the request.
    private func purgeNowAndThen(_ now: Date) {
        guard calls.wrappingAdd(1, ordering: .relaxed).newValue % Self.purgeEvery == 0 else { return }
        Task { [self] in _ = try? await purgeIdle(at: now) }
    }

    /// A client not seen before gets `fresh` (a full allowance with the change applied, computed
    /// here); a known one gets `set`, the same change computed by the database from its row.
    private static func upsert(_ client: String, _ fresh: RateAllowance<Double>, wait: Double, _ set: String) -> PostgresQuery {
        """
        INSERT INTO rate_limits (client, updated, intake_minute, intake_hour, lookup_minute, miss_hour, last_wait)
        VALUES (\(client), \(fresh.updated), \(fresh.intakeMinute), \(fresh.intakeHour), \(fresh.lookupMinute), \(fresh.missHour), \(wait))
        ON CONFLICT (client) DO UPDATE SET \(unescaped: set)
        RETURNING last_wait
        """
    }

    /// The `SET` list: the stored allowance refilled to the new call's time (`EXCLUDED.updated`),
    /// then changed by `change`, whose result (if any) is the wait the call returns.
    private static func updateSQL(_ rates: RateLimitRates,
                                  _ change: (inout RateAllowance<SQLRateArithmetic>) -> SQLRateArithmetic?) -> String {
        func column(_ name: String) -> SQLRateArithmetic { SQLRateArithmetic(sql: "rate_limits.\(name)") }
        var allowance = RateAllowance(updated: column("updated"), intakeMinute: column("intake_minute"), intakeHour: column("intake_hour"),
                                      lookupMinute: column("lookup_minute"), missHour: column("miss_hour"))
        allowance.refill(to: SQLRateArithmetic(sql: "EXCLUDED.updated"), rates)
        let wait = change(&allowance)
        var set = ["updated = \(allowance.updated.sql)", "intake_minute = \(allowance.intakeMinute.sql)",
                   "intake_hour = \(allowance.intakeHour.sql)", "lookup_minute = \(allowance.lookupMinute.sql)",
                   "miss_hour = \(allowance.missHour.sql)"]
        if let wait { set.append("last_wait = \(wait.sql)") }
        return set.joined(separator: ", ")
    }
}
