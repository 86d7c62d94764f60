import Foundation
import Hummingbird
import SiangCore
import SiangStore

/// Who is calling the Open311 API and how often they may. A POST needs an `api_key` issued with
/// `siang open311 key add`; each request made with a key is counted against the key and limited by
/// the key's own allowance (`limits.*`, the same token buckets as a citizen's address), so one busy
/// integration neither shares nor spends a city's office address allowance. A GET without a key is
/// a public lookup, limited per client address like the tracking page.
struct Open311Access {
    let services: SiangServices

    var store: any Open311Store {
        get throws(Open311Error) {
            guard let store = services.store as? any Open311Store else {
                throw Open311Error(.serviceUnavailable, "The Open311 API is not available on this server's store.")
            }
            return store
        }
    }

    /// The active key behind `presented`; 403 for a missing, unknown or revoked key.
    func key(_ presented: String?) async throws -> Open311Key {
        guard let presented = presented?.trimmingCharacters(in: .whitespaces), !presented.isEmpty else { throw Open311Error.keyRequired }
        guard presented.utf8.count <= 200, let key = try await store.open311Key(hash: Open311Keys.hash(presented)) else { throw Open311Error.keyRefused }
        return key
    }

    /// Takes one `action` from the key's allowance (429 when it is spent) and counts the request.
    func admit(_ action: RateLimitedAction, key: Open311Key) async throws {
        let now = services.clock.now()
        let decision: RateLimitDecision
        do { decision = try await services.limits.limiter.admit(action, client: Self.client(key), at: now) } catch {
            throw APIError.unavailable("\(error)")
        }
        if case .refused(let seconds) = decision {
            var refusal = Open311Error(.tooManyRequests, "This api_key has made too many requests; wait \(seconds) seconds and try again.")
            refusal.retryAfter = seconds
            throw refusal
        }
        try await store.countOpen311Request(keyID: key.id, at: now)
    }

    /// A GET's admission: against its key when it gives one, else against its address.
    func admitLookup(_ request: Request, context: SiangRequestContext) async throws -> Open311Key? {
        guard let presented = request.uri.queryParameters.get("api_key") else {
            try await services.limits.admit(.lookup, request, context: context)
            return nil
        }
        let key = try await key(presented)
        try await admit(.lookup, key: key)
        return key
    }

    /// Counts a lookup of an unknown request against whoever made it, as the tracking page does, so
    /// guessing tracking IDs through this API is held to the same allowance of misses.
    func recordMiss(_ request: Request, context: SiangRequestContext, key: Open311Key?) async {
        if let key {
            try? await services.limits.limiter.recordMiss(client: Self.client(key), at: services.clock.now())
        } else {
            await services.limits.recordMiss(request, context: context)
        }
    }

    /// The limiter's client for a key; no address looks like it.
    static func client(_ key: Open311Key) -> String { "open311-key:\(key.id)" }
}
