import Crypto
import Foundation

/// One-time tokens for the citizen form. Each form page carries a fresh nonce signed with the
/// server's secret and bound to the browser's `siang_form` cookie, so a post from another site is
/// refused (it cannot read the cookie) and a double submit carries the same nonce, which is the
/// case's channel key: one case.
public struct FormTokens: Sendable {
    let secret: Data
    var key: SymmetricKey { SymmetricKey(data: secret) }
    public static let cookieName = "siang_form"

    public init(secret: Data) { self.secret = secret }

    /// A new random cookie value for a browser that has none.
    public static func newCookieValue() -> String { randomToken(bytes: 18) }

    /// A fresh nonce bound to `cookie`.
    public func issue(cookie: String) -> String {
        let nonce = Self.randomToken(bytes: 16)
        return nonce + "." + signature(nonce: nonce, cookie: cookie)
    }

    /// The nonce part of a token, when the token is ours and matches the cookie; nil otherwise.
    public func verify(_ token: String, cookie: String?) -> String? {
        guard let cookie, !cookie.isEmpty else { return nil }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count >= 16, parts[0].count <= 64 else { return nil }
        let nonce = String(parts[0])
        let expected = Data(signature(nonce: nonce, cookie: cookie).utf8)
        let given = Data(parts[1].utf8)
        // Constant-time comparison through the MAC of both sides.
        guard HMAC<SHA256>.authenticationCode(for: expected, using: key) == HMAC<SHA256>.authenticationCode(for: given, using: key) else {
            return nil
        }
        return nonce
    }

    func signature(nonce: String, cookie: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(nonce)|\(cookie)".utf8), using: key)
        return Data(mac).base64URL
    }

    static func randomToken(bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &g) }).base64URL
    }
}

extension Data {
    /// Base64 with the URL-safe alphabet and no padding.
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
