import Foundation
import SiangCore
import Synchronization

/// The rate limiter of a single server process (the embedded SQLite store): a ``RateAllowance`` per
/// client address, held in memory.
///
/// It must cost a tracking lookup almost nothing: addresses are spread over 64 independently locked
/// shards (no single lock for every request), each address's allowance is one fixed-size value in its
/// shard's dictionary (no allocation once an address is known), and a shard that grows past
/// `maxAddressesPerShard` first drops the addresses idle for the longest window (whose buckets are
/// full again), then, under a flood of fresh addresses, starts over rather than grow without bound.
public final class InMemoryRateLimiter: RateLimiter {
    typealias Allowance = RateAllowance<Double>

    final class Shard: Sendable {
        let allowances = Mutex<[String: Allowance]>([:])
    }

    let rates: RateLimitRates
    let shards: [Shard]
    let maxAddressesPerShard: Int
    static let shardCount = 64

    public init(limits: IntakeLimits, maxAddressesPerShard: Int = 4096) {
        rates = RateLimitRates(limits: limits)
        shards = (0..<Self.shardCount).map { _ in Shard() }
        self.maxAddressesPerShard = maxAddressesPerShard
    }

    public func admit(_ action: RateLimitedAction, client: String, at now: Date) -> RateLimitDecision {
        RateLimitDecision(waitSeconds: update(client, at: now) { $0.admit(action, rates) })
    }

    public func recordMiss(client: String, at now: Date) {
        _ = update(client, at: now) { a in
            a.recordMiss()
            return 0
        }
    }

    /// Refills `client`'s buckets to `now` and applies `change` under its shard's lock.
    private func update(_ client: String, at now: Date, _ change: (inout Allowance) -> Double) -> Double {
        let seconds = now.timeIntervalSinceReferenceDate
        var hasher = Hasher()
        hasher.combine(client)
        let shard = shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(Self.shardCount))]
        return shard.allowances.withLock { allowances in
            if allowances[client] == nil, allowances.count >= maxAddressesPerShard {
                allowances = allowances.filter { seconds - $0.value.updated < RateLimitRates.longestWindowSeconds }
                if allowances.count >= maxAddressesPerShard { allowances.removeAll(keepingCapacity: true) }
            }
            // One hash lookup: the dictionary's default-value accessor changes the entry in place.
            return refillAndChange(&allowances[client, default: .full(at: seconds, rates)], seconds, change)
        }
    }

    private func refillAndChange(_ allowance: inout Allowance, _ seconds: Double, _ change: (inout Allowance) -> Double) -> Double {
        allowance.refill(to: seconds, rates)
        return change(&allowance)
    }
}
