import Foundation
import SiangCore

/// What a scoring-core answer means for the document it answers (docs/scoring-core.md, "Delivery").
public enum ScoringCoreAnswer: Equatable, Sendable {
    /// 2xx: the scoring core has the document.
    case acknowledged
    /// 408, 429, 5xx (and anything outside 2xx-5xx): try again, no sooner than `after` when the service said.
    case retry(after: Duration?)
    /// Any other 4xx: the request itself is wrong (token, address, document); sending it again cannot help.
    case refused

    public static func outcome(of reply: ScoringCoreReply, now: Date) -> ScoringCoreAnswer {
        switch reply.status {
        case 200..<300: .acknowledged
        case 429: .retry(after: retryAfter(reply.headers["retry-after"], now: now))
        case 408: .retry(after: nil)
        case 400..<500: .refused
        default: .retry(after: nil)
        }
    }

    /// `Retry-After` as delay-seconds or an HTTP date (RFC 9110 10.2.3); nil when absent or unreadable. A
    /// date in the past is no wait; a wait is capped at a day, so a wrong date cannot park a document.
    public static func retryAfter(_ value: String?, now: Date) -> Duration? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let seconds: Int
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            seconds = Int(text.prefix(9)) ?? 0
        } else if let date = InternetDate.parseHTTP(text) {
            seconds = max(0, Int(date.timeIntervalSince(now).rounded(.up)))
        } else {
            return nil
        }
        return .seconds(min(seconds, 86_400))
    }
}
