import SiangCore

/// ``RateArithmetic`` written out as PostgreSQL: running ``RateAllowance``'s steps on these values
/// yields, for each bucket, the SQL expression of its new value in terms of the stored row. The
/// PostgreSQL limiter puts those expressions in one `INSERT … ON CONFLICT DO UPDATE SET`, so the
/// database applies the very arithmetic the in-memory limiter runs, under the row's lock, in one
/// round trip.
///
/// The text comes only from this code: column names it is given and constants of the configured
/// limits (`Double`s, written as quoted float8 literals so `inf` or an exponent parse too).
struct SQLRateArithmetic: RateArithmetic {
    let sql: String

    init(sql: String) { self.sql = sql }
    init(_ constant: Double) { sql = "'\(constant)'::float8" }

    static func + (a: Self, b: Self) -> Self { Self(sql: "(\(a.sql) + \(b.sql))") }
    static func - (a: Self, b: Self) -> Self { Self(sql: "(\(a.sql) - \(b.sql))") }
    static func * (a: Self, b: Self) -> Self { Self(sql: "(\(a.sql) * \(b.sql))") }
    static func / (a: Self, b: Self) -> Self { Self(sql: "(\(a.sql) / \(b.sql))") }
    static func least(_ a: Self, _ b: Self) -> Self { Self(sql: "LEAST(\(a.sql), \(b.sql))") }
    static func greatest(_ a: Self, _ b: Self) -> Self { Self(sql: "GREATEST(\(a.sql), \(b.sql))") }
    static func choose(_ value: Self, atLeast threshold: Self, then: Self, otherwise: Self) -> Self {
        Self(sql: "(CASE WHEN \(value.sql) >= \(threshold.sql) THEN \(then.sql) ELSE \(otherwise.sql) END)")
    }
}
