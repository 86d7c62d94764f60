import Foundation
import PostgresNIO
import SiangCore

/// Staff accounts as the workspace needs them on PostgreSQL: passwords, browser sessions, failed
/// sign-ins and API token revocation (the twin of SQLiteStore+StaffAccounts). Sessions live in the
/// database, so any server behind the load balancer answers any signed-in request.
extension PostgresStore {
    /// The columns of a user, in ``staffUser(_:)``'s order.
    static let userColumns = "u.username, u.password_hash, u.role, u.disabled_at"

    static func staffUser(_ username: String, _ hash: String, _ role: String, _ disabledAt: Double?) -> StaffUser {
        StaffUser(username: username, passwordHash: hash, role: StaffRole(rawValue: role) ?? .agent, disabled: disabledAt != nil)
    }

    public func staffUsers() async throws(StoreError) -> [StaffUser] {
        try await read { c in
            try await c.rows("SELECT \(unescaped: Self.userColumns) FROM users u ORDER BY u.username COLLATE \"C\"").map { row in
                let (username, hash, role, disabledAt) = try row.decode((String, String, String, Double?).self)
                return Self.staffUser(username, hash, role, disabledAt)
            }
        }
    }

    public func setPassword(username: String, hash: String) async throws(StoreError) {
        try await write { c in
            guard try await c.count("UPDATE users SET password_hash = \(hash) WHERE username = \(username) RETURNING 1") == 1 else {
                throw StoreError.unknownUser(username)
            }
        }
    }

    // MARK: Sessions

    public func createSession(_ s: StaffSession) async throws(StoreError) {
        try await write { c in
            guard let userID = try await c.one("SELECT id FROM users WHERE username = \(s.username)", as: Int64.self) else {
                throw StoreError.unknownUser(s.username)
            }
            try await c.exec("""
                INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, idle_expires_at, expires_at)
                VALUES (\(s.tokenHash), \(userID), \(s.csrfToken), \(s.createdAt.storedValue), \(s.idleExpiresAt.storedValue),
                        \(s.expiresAt.storedValue))
                """)
        }
    }

    public func session(tokenHash: String, now: Date) async throws(StoreError) -> (session: StaffSession, user: StaffUser)? {
        let t = now.storedValue
        return try await read { c in
            guard let row = try await c.rows("""
                SELECT s.token_hash, s.csrf_token, s.created_at, s.idle_expires_at, s.expires_at, \(unescaped: Self.userColumns)
                FROM staff_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(tokenHash) AND s.ended_at IS NULL AND s.idle_expires_at > \(t) AND s.expires_at > \(t)
                  AND u.disabled_at IS NULL
                """).first else { return nil }
            let (hash, csrf, createdAt, idleExpiresAt, expiresAt, username, passwordHash, role, disabledAt) =
                try row.decode((String, String, Double, Double, Double, String, String, String, Double?).self)
            let user = Self.staffUser(username, passwordHash, role, disabledAt)
            let session = StaffSession(tokenHash: hash, username: username, csrfToken: csrf, createdAt: Date(stored: createdAt),
                                       idleExpiresAt: Date(stored: idleExpiresAt), expiresAt: Date(stored: expiresAt))
            return (session, user)
        }
    }

    public func touchSession(tokenHash: String, idleExpiresAt: Date) async throws(StoreError) {
        try await write { c in
            try await c.exec("""
                UPDATE staff_sessions SET idle_expires_at = \(idleExpiresAt.storedValue) WHERE token_hash = \(tokenHash) AND ended_at IS NULL
                """)
        }
    }

    public func endSession(tokenHash: String, at: Date) async throws(StoreError) {
        try await write { c in
            try await c.exec("UPDATE staff_sessions SET ended_at = \(at.storedValue) WHERE token_hash = \(tokenHash) AND ended_at IS NULL")
        }
    }

    public func endSessions(of username: String, keeping: String?, at: Date) async throws(StoreError) {
        try await write { c in
            try await c.exec("""
                UPDATE staff_sessions SET ended_at = \(at.storedValue)
                WHERE user_id = (SELECT id FROM users WHERE username = \(username)) AND ended_at IS NULL
                  AND token_hash IS DISTINCT FROM \(keeping)
                """)
        }
    }

    // MARK: Sign-in throttling

    public func recordFailedSignIn(username: String, address: String?, at: Date) async throws(StoreError) {
        let address = address.map(cipher.addressKey)
        try await write { c in
            try await c.exec("INSERT INTO staff_signin_failures (at, username, address) VALUES (\(at.storedValue), \(username), \(address))")
            // Old failures say nothing any more; keep the table small.
            try await c.exec("DELETE FROM staff_signin_failures WHERE at < \(at.addingTimeInterval(-86_400).storedValue)")
        }
    }

    public func failedSignIns(username: String, address: String?, since: Date) async throws(StoreError) -> (username: Int, address: Int) {
        let address = address.map(cipher.addressKey)
        return try await read { c in
            let byUser = try await c.one("""
                SELECT count(*) FROM staff_signin_failures WHERE username = \(username) AND at >= \(since.storedValue)
                """, as: Int.self) ?? 0
            var byAddress = 0
            if let address {
                byAddress = try await c.one("""
                    SELECT count(*) FROM staff_signin_failures WHERE address = \(address) AND at >= \(since.storedValue)
                    """, as: Int.self) ?? 0
            }
            return (byUser, byAddress)
        }
    }

    public func clearFailedSignIns(username: String) async throws(StoreError) {
        try await write { c in try await c.exec("DELETE FROM staff_signin_failures WHERE username = \(username)") }
    }

    // MARK: API tokens

    public func apiTokens(of username: String) async throws(StoreError) -> [APITokenInfo] {
        try await read { c in
            try await c.rows("""
                SELECT t.id, t.created_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE u.username = \(username) ORDER BY t.id
                """).map { row in
                let (id, createdAt, revokedAt) = try row.decode((Int64, Double, Double?).self)
                return APITokenInfo(id: id, createdAt: Date(stored: createdAt), revokedAt: revokedAt.map(Date.init(stored:)))
            }
        }
    }

    public func revokeAPIToken(id: Int64, of username: String, at: Date) async throws(StoreError) -> Bool {
        try await write { c in
            try await c.count("""
                UPDATE api_tokens SET revoked_at = \(at.storedValue)
                WHERE id = \(id) AND revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = \(username))
                RETURNING 1
                """) == 1
        }
    }

    public func revokeAPIToken(hash: String, at: Date) async throws(StoreError) -> Bool {
        try await write { c in
            try await c.count("UPDATE api_tokens SET revoked_at = \(at.storedValue) WHERE token_hash = \(hash) AND revoked_at IS NULL RETURNING 1") == 1
        }
    }

    public func revokeAPITokens(of username: String, at: Date) async throws(StoreError) -> Int {
        try await write { c in
            try await c.count("""
                UPDATE api_tokens SET revoked_at = \(at.storedValue)
                WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = \(username))
                RETURNING 1
                """)
        }
    }
}
