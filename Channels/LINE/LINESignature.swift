import Crypto
import Foundation

/// Checks that a webhook request came from the LINE Platform: the `x-line-signature` header must be the
/// base64 HMAC-SHA256 of the raw request body, keyed with the channel secret.
///
/// Check the bytes exactly as received, before parsing anything: re-encoded JSON signs differently.
/// The comparison is constant-time (swift-crypto's `isValidAuthenticationCode`).
public struct LINESignature: Sendable {
    public static let header = "x-line-signature"
    let secret: Data
    var key: SymmetricKey { SymmetricKey(data: secret) }

    /// A verifier for one channel; nil for an empty secret, which would let anyone sign.
    public init?(channelSecret: String) {
        guard !channelSecret.isEmpty else { return nil }
        secret = Data(channelSecret.utf8)
    }

    /// The signature LINE would send for `body`.
    public func sign<D: DataProtocol>(_ body: D) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: body, using: key)).base64EncodedString()
    }

    /// Whether `signature` (the header's value) signs `body`. A missing or non-base64 header is false.
    public func isValid<D: DataProtocol>(_ signature: String?, body: D) -> Bool {
        guard let signature, let code = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)),
              code.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: key)
    }
}
