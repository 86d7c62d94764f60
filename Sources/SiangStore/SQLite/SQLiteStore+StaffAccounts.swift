import Foundation
import GRDB
import SiangCore

/// Staff accounts as the workspace needs them: passwords, browser sessions, failed sign-ins and API
/// token revocation.
extension SQLiteStore {
    public func staffUsers() async throws(StoreError) -> [StaffUser] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY username").map(Self.staffUser) }
    }

    public func setPassword(username: String, hash: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE username = ?", arguments: [hash, username])
            guard db.changesCount == 1 else { throw StoreError.unknownUser(username) }
        }
    }

    // MARK: Sessions

    public func createSession(_ s: StaffSession) async throws(StoreError) {
        try await write { db in
            guard let userID = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [s.username]) else {
                throw StoreError.unknownUser(s.username)
            }
            try db.execute(sql: """
                INSERT INTO staff_sessions (token_hash, user_id, csrf_token, created_at, idle_expires_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [s.tokenHash, userID, s.csrfToken, s.createdAt.storedValue, s.idleExpiresAt.storedValue, s.expiresAt.storedValue])
        }
    }

    public func session(tokenHash: String, now: Date) async throws(StoreError) -> (session: StaffSession, user: StaffUser)? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.token_hash, s.csrf_token, s.created_at, s.idle_expires_at, s.expires_at, u.*
                FROM staff_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.idle_expires_at > ? AND s.expires_at > ? AND u.disabled_at IS NULL
                """, arguments: [tokenHash, now.storedValue, now.storedValue]) else { return nil }
            let user = Self.staffUser(row)
            let session = StaffSession(tokenHash: row["token_hash"], username: user.username, csrfToken: row["csrf_token"],
                                       createdAt: Date(stored: row["created_at"]), idleExpiresAt: Date(stored: row["idle_expires_at"]),
                                       expiresAt: Date(stored: row["expires_at"]))
            return (session, user)
        }
    }

    public func touchSession(tokenHash: String, idleExpiresAt: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE staff_sessions SET idle_expires_at = ? WHERE token_hash = ? AND ended_at IS NULL",
                           arguments: [idleExpiresAt.storedValue, tokenHash])
        }
    }

    public func endSession(tokenHash: String, at: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE staff_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
                           arguments: [at.storedValue, tokenHash])
        }
    }

    public func endSessions(of username: String, keeping: String?, at: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: """
                UPDATE staff_sessions SET ended_at = ?
                WHERE user_id = (SELECT id FROM users WHERE username = ?) AND ended_at IS NULL AND token_hash IS NOT ?
                """, arguments: [at.storedValue, username, keeping])
        }
    }

    // MARK: Sign-in throttling

    public func recordFailedSignIn(username: String, address: String?, at: Date) async throws(StoreError) {
        let address = address.map(cipher.addressKey)
        try await write { db in
            try db.execute(sql: "INSERT INTO staff_signin_failures (at, username, address) VALUES (?, ?, ?)",
                           arguments: [at.storedValue, username, address])
            // Old failures say nothing any more; keep the table small.
            try db.execute(sql: "DELETE FROM staff_signin_failures WHERE at < ?", arguments: [at.addingTimeInterval(-86_400).storedValue])
        }
    }

    public func failedSignIns(username: String, address: String?, since: Date) async throws(StoreError) -> (username: Int, address: Int) {
        let address = address.map(cipher.addressKey)
        return try await read { db in
            let byUser = try Int.fetchOne(db, sql: "SELECT count(*) FROM staff_signin_failures WHERE username = ? AND at >= ?",
                                          arguments: [username, since.storedValue]) ?? 0
            var byAddress = 0
            if let address {
                byAddress = try Int.fetchOne(db, sql: "SELECT count(*) FROM staff_signin_failures WHERE address = ? AND at >= ?",
                                             arguments: [address, since.storedValue]) ?? 0
            }
            return (byUser, byAddress)
        }
    }

    public func clearFailedSignIns(username: String) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM staff_signin_failures WHERE username = ?", arguments: [username])
        }
    }

    // MARK: API tokens

    public func apiTokens(of username: String) async throws(StoreError) -> [APITokenInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.id, t.created_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE u.username = ? ORDER BY t.id
                """, arguments: [username]).map {
                APITokenInfo(id: $0["id"], createdAt: Date(stored: $0["created_at"]), revokedAt: ($0["revoked_at"] as Double?).map(Date.init(stored:)))
            }
        }
    }

    public func revokeAPIToken(id: Int64, of username: String, at: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: """
                UPDATE api_tokens SET revoked_at = ?
                WHERE id = ? AND revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = ?)
                """, arguments: [at.storedValue, id, username])
            return db.changesCount == 1
        }
    }

    public func revokeAPIToken(hash: String, at: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", arguments: [at.storedValue, hash])
            return db.changesCount == 1
        }
    }

    public func revokeAPITokens(of username: String, at: Date) async throws(StoreError) -> Int {
        try await write { db in
            try db.execute(sql: """
                UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = ?)
                """, arguments: [at.storedValue, username])
            return db.changesCount
        }
    }
}
