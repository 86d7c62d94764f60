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

    /// The decision for a client that must wait `seconds` (0: none) before its next token.
    public init(waitSeconds seconds: Double) {
        self = seconds <= 0 ? .allowed : .refused(retryAfterSeconds: max(1, Int(seconds.rounded(.up))))
    }
}
