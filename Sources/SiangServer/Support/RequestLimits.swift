import Foundation
import Hummingbird
import SiangCore
import SiangStore

/// Applies the per-address limits (`limits.intakePerMinute` … `limits.lookupMissesPerHour`) to a
/// request, the same for the JSON API and the pages: the client is found by ``ClientAddress``, the
/// counting done by the ``RateLimiter``, and a refusal is one ``APIError`` (429 with `Retry-After`)
/// that the error middleware answers as JSON or as a Thai page saying how long to wait.
public struct RequestLimits: Sendable {
    public let limiter: any RateLimiter
    public let addresses: ClientAddress
    let clock: any SiangClock

    public init(limiter: any RateLimiter, addresses: ClientAddress, clock: any SiangClock) {
        self.limiter = limiter
        self.addresses = addresses
        self.clock = clock
    }

    /// Counts `action` for the request's client; throws 429 when its allowance is spent, 503 when the
    /// shared counts cannot be reached (a limit that cannot be checked is not waived).
    func admit(_ action: RateLimitedAction, _ request: Request, context: SiangRequestContext) async throws(APIError) {
        let key = ClientAddress.limitKey(addresses.of(request, context: context))
        let decision: RateLimitDecision
        do { decision = try await limiter.admit(action, client: key, at: clock.now()) } catch { throw .unavailable("\(error)") }
        if case .refused(let seconds) = decision { throw .tooManyRequests(retryAfter: seconds) }
    }

    /// Counts a lookup that found nothing against the request's client. The answer to the lookup is
    /// already decided, so a miss that cannot be stored is dropped rather than turned into an error.
    func recordMiss(_ request: Request, context: SiangRequestContext) async {
        try? await limiter.recordMiss(client: ClientAddress.limitKey(addresses.of(request, context: context)), at: clock.now())
    }
}

extension APIError {
    /// 429: the client has done this too often; `retryAfter` seconds is how long to wait.
    static func tooManyRequests(retryAfter seconds: Int) -> APIError {
        let minutes = (seconds + 59) / 60
        let th = seconds < 60 ? "\(seconds) วินาที" : "\(minutes) นาที"
        let en = seconds < 60 ? "\(seconds) seconds" : "\(minutes) minute\(minutes == 1 ? "" : "s")"
        var error = APIError(.tooManyRequests, code: "too_many_requests",
                             message: "Too many requests from your address. Please wait \(en) and try again.",
                             th: "มีการส่งคำขอจากเครือข่ายของท่านถี่เกินไป กรุณารอประมาณ \(th) แล้วลองใหม่อีกครั้ง")
        error.retryAfter = seconds
        return error
    }
}
