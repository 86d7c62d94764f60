import Foundation
import SiangCore
import Synchronization

/// The rate limiter of a single server process: a token bucket per client address and limit, held in
/// memory. A bucket holds as many tokens as the limit allows in its window (a burst that size is
/// fine) and refills evenly over the window, so a client that keeps to the rate is never refused and
/// one that bursts waits only as long as one token takes to come back.
///
/// It must cost a tracking lookup almost nothing: addresses are spread over 64 independently locked
/// shards (no single lock for every request), each address's four buckets are one fixed-size value
/// in its shard's dictionary (no allocation once an address is known), and a shard that grows past
/// `maxAddressesPerShard` first drops the addresses idle for an hour (whose buckets are full again),
/// then, under a flood of fresh addresses, starts over rather than grow without bound.
public final class InMemoryRateLimiter: RateLimiter {
    struct Rate {
        let capacity: Double
        let perSecond: Double
        init(_ count: Int, per seconds: Double) {
            capacity = Double(count)
            perSecond = Double(count) / seconds
        }
    }

    struct Bucket {
        var tokens: Double
        /// Seconds a token takes to come back when the bucket is empty.
        mutating func refill(_ rate: Rate, elapsed: Double) {
            tokens = min(rate.capacity, tokens + max(0, elapsed) * rate.perSecond)
        }
        func wait(_ rate: Rate) -> Double { tokens >= 1 ? 0 : (1 - tokens) / rate.perSecond }
    }

    /// One address's buckets, refilled lazily when the address is next seen.
    struct Allowance {
        var updated: Double
        var intakeMinute: Bucket
        var intakeHour: Bucket
        var lookupMinute: Bucket
        var missHour: Bucket
    }

    final class Shard: Sendable {
        let allowances = Mutex<[String: Allowance]>([:])
    }

    let intakeMinute: Rate
    let intakeHour: Rate
    let lookupMinute: Rate
    let missHour: Rate
    let shards: [Shard]
    let maxAddressesPerShard: Int
    static let shardCount = 64

    public init(limits: IntakeLimits, maxAddressesPerShard: Int = 4096) {
        intakeMinute = Rate(limits.intakePerMinute, per: 60)
        intakeHour = Rate(limits.intakePerHour, per: 3600)
        lookupMinute = Rate(limits.lookupsPerMinute, per: 60)
        missHour = Rate(limits.lookupMissesPerHour, per: 3600)
        shards = (0..<Self.shardCount).map { _ in Shard() }
        self.maxAddressesPerShard = maxAddressesPerShard
    }

    public func admit(_ action: RateLimitedAction, client: String, at now: Date) -> RateLimitDecision {
        let wait = update(client, at: now) { a in
            switch action {
            case .intake:
                let wait = max(a.intakeMinute.wait(intakeMinute), a.intakeHour.wait(intakeHour))
                if wait == 0 { a.intakeMinute.tokens -= 1; a.intakeHour.tokens -= 1 }
                return wait
            case .lookup:
                let wait = max(a.lookupMinute.wait(lookupMinute), a.missHour.wait(missHour))
                if wait == 0 { a.lookupMinute.tokens -= 1 }
                return wait
            }
        }
        return wait == 0 ? .allowed : .refused(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
    }

    public func recordMiss(client: String, at now: Date) {
        _ = update(client, at: now) { a in
            a.missHour.tokens = max(0, a.missHour.tokens - 1)
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
                allowances = allowances.filter { seconds - $0.value.updated < 3600 }
                if allowances.count >= maxAddressesPerShard { allowances.removeAll(keepingCapacity: true) }
            }
            // One hash lookup: the dictionary's default-value accessor changes the entry in place.
            return refillAndChange(&allowances[client, default: full(at: seconds)], seconds, change)
        }
    }

    private func refillAndChange(_ allowance: inout Allowance, _ seconds: Double, _ change: (inout Allowance) -> Double) -> Double {
        allowance.refill(self, to: seconds)
        return change(&allowance)
    }

    private func full(at seconds: Double) -> Allowance {
        Allowance(updated: seconds, intakeMinute: .init(tokens: intakeMinute.capacity), intakeHour: .init(tokens: intakeHour.capacity),
                  lookupMinute: .init(tokens: lookupMinute.capacity), missHour: .init(tokens: missHour.capacity))
    }
}

extension InMemoryRateLimiter.Allowance {
    /// Brings every bucket up to `seconds` (a clock that steps back refills nothing).
    fileprivate mutating func refill(_ limiter: InMemoryRateLimiter, to seconds: Double) {
        let elapsed = seconds - updated
        intakeMinute.refill(limiter.intakeMinute, elapsed: elapsed)
        intakeHour.refill(limiter.intakeHour, elapsed: elapsed)
        lookupMinute.refill(limiter.lookupMinute, elapsed: elapsed)
        missHour.refill(limiter.missHour, elapsed: elapsed)
        updated = max(updated, seconds)
    }
}
