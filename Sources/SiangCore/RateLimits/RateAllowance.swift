/// The allowance of one client address: a token bucket per limit in `limits.*`. A bucket holds as
/// many tokens as its limit allows in its window (a burst that size is fine) and refills evenly over
/// the window, so a client that keeps to the rate is never refused and one that bursts waits only
/// as long as one token takes to come back.
///
/// This is the one place the arithmetic is written (refill, take, misses). It is generic over
/// ``RateArithmetic`` so the in-memory limiter runs it on numbers and the PostgreSQL limiter on SQL
/// expressions over the stored row: both count exactly alike.
public struct RateAllowance<Number: RateArithmetic>: Sendable {
    /// When the buckets were last brought up to date (seconds on the limiter's clock).
    public var updated: Number
    public var intakeMinute: Number
    public var intakeHour: Number
    public var lookupMinute: Number
    public var missHour: Number

    public init(updated: Number, intakeMinute: Number, intakeHour: Number, lookupMinute: Number, missHour: Number) {
        self.updated = updated
        self.intakeMinute = intakeMinute
        self.intakeHour = intakeHour
        self.lookupMinute = lookupMinute
        self.missHour = missHour
    }

    /// A client not seen before (or idle for longer than the longest window): every bucket full.
    public static func full(at now: Number, _ rates: RateLimitRates) -> Self {
        Self(updated: now, intakeMinute: Number(rates.intakeMinute.capacity), intakeHour: Number(rates.intakeHour.capacity),
             lookupMinute: Number(rates.lookupMinute.capacity), missHour: Number(rates.missHour.capacity))
    }

    /// Brings every bucket up to `now` (a clock that steps back refills nothing).
    public mutating func refill(to now: Number, _ rates: RateLimitRates) {
        let elapsed = Number.greatest(Number(0), now - updated)
        intakeMinute = Self.refilled(intakeMinute, rates.intakeMinute, elapsed)
        intakeHour = Self.refilled(intakeHour, rates.intakeHour, elapsed)
        lookupMinute = Self.refilled(lookupMinute, rates.lookupMinute, elapsed)
        missHour = Self.refilled(missHour, rates.missHour, elapsed)
        updated = Number.greatest(updated, now)
    }

    /// Takes one `action` (after ``refill(to:_:)``) when every bucket it needs holds a token, or takes
    /// nothing. Returns the seconds the client must wait: 0 when it was taken. A lookup also needs a
    /// token in the misses bucket, but only a miss (``recordMiss()``) spends one.
    public mutating func admit(_ action: RateLimitedAction, _ rates: RateLimitRates) -> Number {
        switch action {
        case .intake:
            let wait = Number.greatest(Self.wait(intakeMinute, rates.intakeMinute), Self.wait(intakeHour, rates.intakeHour))
            let fewest = Number.least(intakeMinute, intakeHour)
            intakeMinute = Self.taken(intakeMinute, ifOneIn: fewest)
            intakeHour = Self.taken(intakeHour, ifOneIn: fewest)
            return wait
        case .lookup:
            let wait = Number.greatest(Self.wait(lookupMinute, rates.lookupMinute), Self.wait(missHour, rates.missHour))
            lookupMinute = Self.taken(lookupMinute, ifOneIn: Number.least(lookupMinute, missHour))
            return wait
        }
    }

    /// Spends one miss (after ``refill(to:_:)``): a lookup that found nothing.
    public mutating func recordMiss() {
        missHour = Number.greatest(Number(0), missHour - Number(1))
    }

    static func refilled(_ tokens: Number, _ rate: RateLimitRates.Rate, _ elapsed: Number) -> Number {
        Number.least(Number(rate.capacity), tokens + elapsed * Number(rate.perSecond))
    }

    /// Seconds a token takes to come back to `tokens` (0 when one is there).
    static func wait(_ tokens: Number, _ rate: RateLimitRates.Rate) -> Number {
        Number.choose(tokens, atLeast: Number(1), then: Number(0), otherwise: (Number(1) - tokens) / Number(rate.perSecond))
    }

    /// `tokens` less one when `fewest` (the emptiest bucket the action needs) still holds one.
    static func taken(_ tokens: Number, ifOneIn fewest: Number) -> Number {
        Number.choose(fewest, atLeast: Number(1), then: tokens - Number(1), otherwise: tokens)
    }
}

/// The size and refill rate of each bucket, from the configured `limits.*`.
public struct RateLimitRates: Sendable, Equatable {
    public struct Rate: Sendable, Equatable {
        public let capacity: Double
        public let perSecond: Double
        public init(_ count: Int, per seconds: Double) {
            capacity = Double(count)
            perSecond = Double(count) / seconds
        }
    }

    public let intakeMinute: Rate
    public let intakeHour: Rate
    public let lookupMinute: Rate
    public let missHour: Rate
    /// The longest window: a client idle this long has every bucket full again, so its row may go.
    public static let longestWindowSeconds = 3600.0

    public init(limits: IntakeLimits) {
        intakeMinute = Rate(limits.intakePerMinute, per: 60)
        intakeHour = Rate(limits.intakePerHour, per: 3600)
        lookupMinute = Rate(limits.lookupsPerMinute, per: 60)
        missHour = Rate(limits.lookupMissesPerHour, per: 3600)
    }
}
