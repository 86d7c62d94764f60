import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func addUser(_ user: NewUser) async throws(StoreError) {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [user.username]) == true {
                throw StoreError.duplicateUser(user.username)
            }
            try db.execute(sql: "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [user.username, user.passwordHash, user.role.rawValue, user.createdAt.storedValue])
        }
    }

    public func user(named username: String) async throws(StoreError) -> StaffUser? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(Self.staffUser)
        }
    }

    public func addToken(hash: String, for username: String, at: Date) async throws(StoreError) {
        try await write { db in
            guard let userID = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [username]) else {
                throw StoreError.unknownUser(username)
            }
            try db.execute(sql: "INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)",
                           arguments: [userID, hash, at.storedValue])
        }
    }

    public func user(forTokenHash hash: String) async throws(StoreError) -> StaffUser? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """, arguments: [hash]).map(Self.staffUser)
        }
    }

    static func staffUser(_ row: Row) -> StaffUser {
        StaffUser(username: row["username"], passwordHash: row["password_hash"],
                  role: StaffRole(rawValue: row["role"]) ?? .agent, disabled: row["disabled_at"] != nil)
    }

    public func recordAudit(_ entry: AuditEntry) async throws(StoreError) {
        try await write { db in
            try Self.appendAudit(at: entry.at, actor: entry.actor, action: entry.action, trackingID: entry.trackingID?.description,
                                 improvementID: nil, db: db)
        }
    }

    public func auditLog(of id: TrackingID) async throws(StoreError) -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE tracking_id = ? ORDER BY id", arguments: [id.description]).map {
                AuditEntry(at: Date(stored: $0["at"]), actor: $0["actor"], action: $0["action"], trackingID: id)
            }
        }
    }
}

extension SQLiteStore {
    /// True before the first account exists.
    public func hasNoUsers() async throws(StoreError) -> Bool {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") == 0 }
    }
}
