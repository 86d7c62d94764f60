/// The few operations token-bucket arithmetic needs, so that one ``RateAllowance`` is the whole of
/// it for every limiter: a limiter that counts in memory runs it on `Double`s, and one whose counts
/// live in a database runs the same steps on a type that writes each result out as an expression
/// the database evaluates under its row lock (one statement, no read-then-write).
public protocol RateArithmetic: Sendable {
    init(_ constant: Double)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static func least(_ a: Self, _ b: Self) -> Self
    static func greatest(_ a: Self, _ b: Self) -> Self
    /// `then` where `value >= threshold`, otherwise `otherwise`.
    static func choose(_ value: Self, atLeast threshold: Self, then: Self, otherwise: Self) -> Self
}

extension Double: RateArithmetic {
    public static func least(_ a: Double, _ b: Double) -> Double { Swift.min(a, b) }
    public static func greatest(_ a: Double, _ b: Double) -> Double { Swift.max(a, b) }
    public static func choose(_ value: Double, atLeast threshold: Double, then: Double, otherwise: Double) -> Double {
        value >= threshold ? then : otherwise
    }
}
