import Crypto
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdBcrypt
import NIOCore
import SiangCore
import SiangStore

/// A signed-in staff member on a workspace request.
struct StaffSignedIn: Sendable {
    var user: StaffUser
    var viewer: StaffViewer
    var session: StaffSession
}

/// Sign-in, server-side sessions and CSRF tokens for the staff pages.
///
/// - The session cookie carries a random token; the store keeps only its SHA-256 with the user,
///   a CSRF token and two expiry times (idle and absolute). The cookie is `HttpOnly`,
///   `SameSite=Lax`, scoped to `/staff`, and `Secure` when the public address is https.
/// - Every form carries the session's CSRF token, compared on every post; the sign-in form itself
///   carries a signed nonce bound to a pre-session cookie.
/// - Failed sign-ins are counted per username and per address over ``throttleWindow``; past the
///   limits further attempts are refused without looking at the password.
struct StaffSessions: Sendable {
    static let cookieName = "siang_staff"
    static let preCookieName = "siang_staff_pre"
    static let cookiePath = "/staff"
    /// A session ends after this long without a request.
    static let idleTimeout: TimeInterval = 60 * 60
    /// And after this long whatever happens (one working day).
    static let absoluteTimeout: TimeInterval = 12 * 60 * 60
    /// The idle expiry is moved forward at most this often (a write per page view would cost).
    static let touchInterval: TimeInterval = 5 * 60
    static let throttleWindow: TimeInterval = 15 * 60
    static let maxFailuresPerUser = 5
    static let maxFailuresPerAddress = 20

    let services: SiangServices
    var store: any CaseStore { services.store }

    var secureCookies: Bool { services.configuration.agency.publicBaseURL.lowercased().hasPrefix("https:") }

    // MARK: The session of a request

    /// The signed-in staff member, or nil when the request has no live session.
    func current(_ request: Request) async throws -> StaffSignedIn? {
        guard let token = request.cookies[Self.cookieName]?.value, !token.isEmpty, token.count < 200 else { return nil }
        let now = services.clock.now()
        guard let (session, user) = try await store.session(tokenHash: StaffTokens.hash(token), now: now) else { return nil }
        if session.idleExpiresAt.timeIntervalSince(now) < Self.idleTimeout - Self.touchInterval {
            let idle = min(now.addingTimeInterval(Self.idleTimeout), session.expiresAt)
            try await store.touchSession(tokenHash: session.tokenHash, idleExpiresAt: idle)
        }
        return StaffSignedIn(user: user, viewer: StaffViewer(user: user, configuration: services.configuration), session: session)
    }

    func sessionCookie(_ token: String) -> Cookie {
        Cookie(name: Self.cookieName, value: token, path: Self.cookiePath, secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    func clearedCookie() -> Cookie {
        Cookie(name: Self.cookieName, value: "", maxAge: 0, path: Self.cookiePath, secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// Whether a posted form carries the session's CSRF token.
    static func csrfMatches(_ form: FormBody, session: StaffSession) -> Bool {
        guard let given = form.fields["csrf"] else { return false }
        return constantTimeEqual(given, session.csrfToken)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    // MARK: The sign-in form's token

    /// The pre-session cookie (made when missing) and a nonce bound to it.
    func signInToken(_ request: Request) -> (cookie: String, isNew: Bool, token: String) {
        let existing = request.cookies[Self.preCookieName]?.value
        let cookie = existing ?? FormTokens.newCookieValue()
        return (cookie, existing == nil, services.formTokens.issue(cookie: cookie))
    }

    func preSessionCookie(_ value: String) -> Cookie {
        Cookie(name: Self.preCookieName, value: value, path: Self.cookiePath, secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    func signInTokenIsValid(_ token: String?, request: Request) -> Bool {
        guard let token else { return false }
        return services.formTokens.verify(token, cookie: request.cookies[Self.preCookieName]?.value) != nil
    }

    // MARK: Signing in

    enum SignInOutcome: Sendable {
        case signedIn(token: String, user: StaffUser)
        case wrongCredentials
        case throttled
    }

    func signIn(username rawUsername: String, password: String, address: String?) async throws -> SignInOutcome {
        let username = String(rawUsername.trimmingCharacters(in: .whitespaces).prefix(64))
        let now = services.clock.now()
        let failures = try await store.failedSignIns(username: username, address: address, since: now.addingTimeInterval(-Self.throttleWindow))
        if failures.username >= Self.maxFailuresPerUser || failures.address >= Self.maxFailuresPerAddress {
            return .throttled
        }
        let user = username.isEmpty ? nil : try await store.user(named: username)
        // An unknown name costs the same time as a wrong password.
        let ok = await Self.verify(password, hash: user?.passwordHash ?? Self.dummyHash)
        guard ok, let user, !user.disabled else {
            try await store.recordFailedSignIn(username: username, address: address, at: now)
            return .wrongCredentials
        }
        try await store.clearFailedSignIns(username: username)
        let token = FormTokens.randomToken(bytes: 32)
        let session = StaffSession(tokenHash: StaffTokens.hash(token), username: user.username, csrfToken: FormTokens.randomToken(bytes: 24),
                                   createdAt: now, idleExpiresAt: now.addingTimeInterval(Self.idleTimeout),
                                   expiresAt: now.addingTimeInterval(Self.absoluteTimeout))
        try await store.createSession(session)
        return .signedIn(token: token, user: user)
    }

    /// A bcrypt hash of nothing anyone knows, checked for unknown usernames.
    static let dummyHash = Bcrypt.hash(FormTokens.randomToken(bytes: 18), cost: 12)

    /// bcrypt off the request's executor: it is slow on purpose.
    static func verify(_ password: String, hash: String) async -> Bool {
        guard password.utf8.count <= 72 else { return false }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }

    static func hash(_ password: String, cost: UInt8 = 12) async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }
}
