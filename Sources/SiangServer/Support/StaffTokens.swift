import Crypto
import Foundation
import Hummingbird
import SiangStore

/// API bearer tokens for staff: random, shown once, stored only as their SHA-256.
public enum StaffTokens {
    public static func newToken() -> String { "sg_" + FormTokens.randomToken(bytes: 32) }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The staff member behind the request's bearer token. nil when there is no Authorization header;
    /// throws 401 for a header with an unknown or revoked token.
    static func staff(for request: Request, store: any CaseStore) async throws -> StaffUser? {
        guard let header = request.headers[.authorization] else { return nil }
        guard header.lowercased().hasPrefix("bearer "), header.count < 200 else { throw APIError.unauthorized }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let user = try await store.user(forTokenHash: hash(token)) else { throw APIError.unauthorized }
        return user
    }
}
