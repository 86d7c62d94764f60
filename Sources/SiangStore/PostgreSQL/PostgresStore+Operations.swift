import Foundation
import PostgresNIO
import SiangCore

/// Channel state, hotline calls, users and tokens, and the audit log on PostgreSQL: the twins of
/// SQLiteStore+Calls, +Users and +Schedules (channel state), same results and errors.
extension PostgresStore {
    public func channelState(_ key: String) async throws(StoreError) -> String? {
        try await read { c in try await c.one("SELECT value FROM channel_state WHERE key = \(key)", as: String.self) }
    }

    public func setChannelState(_ key: String, _ value: String) async throws(StoreError) {
        try await write { c in
            try await c.exec("""
                INSERT INTO channel_state (key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
        }
    }

    public func knownCallIDs(_ ids: [String]) async throws(StoreError) -> Set<String> {
        guard !ids.isEmpty else { return [] }
        return try await read { c in
            Set(try await c.all("SELECT call_id FROM hotline_calls WHERE call_id = ANY(\(ids))", as: String.self))
        }
    }

    public func recordCalls(_ calls: [CallRecord]) async throws(StoreError) {
        guard !calls.isEmpty else { return }
        try await write { c in
            try await insertCalls(calls, connection: c)
        }
    }

    public func callStatistics(from: Date, to: Date) async throws(StoreError) -> [CallCount] {
        try await read { c in
            // Bangkok is UTC+7 all year: shift by 7 hours to group by the local day. SQLite sorts NULL
            // first and text by bytes; so does this.
            try await c.rows("""
                SELECT to_char(to_timestamp(started_at + \(unescaped: String(BangkokTime.offsetSeconds))) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                       queue, disposition, count(*)
                FROM hotline_calls WHERE started_at >= \(from.storedValue) AND started_at < \(to.storedValue)
                GROUP BY day, queue, disposition
                ORDER BY day, queue COLLATE "C" NULLS FIRST, disposition COLLATE "C"
                """).map { row in
                let (day, queue, disposition, calls) = try row.decode((String, String?, String, Int).self)
                return CallCount(day: day, queue: queue, disposition: disposition, calls: calls)
            }
        }
    }

    public func addUser(_ user: NewUser) async throws(StoreError) {
        try await write { c in
            if try await c.one("SELECT 1 FROM users WHERE username = \(user.username)", as: Int.self) != nil {
                throw StoreError.duplicateUser(user.username)
            }
            do {
                try await c.exec("""
                    INSERT INTO users (username, password_hash, role, created_at)
                    VALUES (\(user.username), \(user.passwordHash), \(user.role.rawValue), \(user.createdAt.storedValue))
                    """)
            } catch where Self.isUniqueViolation(error, constraint: "users_username_key") {
                // Another server added the same name between the check and the insert.
                throw StoreError.duplicateUser(user.username)
            }
        }
    }

    public func user(named username: String) async throws(StoreError) -> StaffUser? {
        try await read { c in
            try await c.rows("SELECT username, password_hash, role, disabled_at FROM users WHERE username = \(username)")
                .first.map(Self.staffUser)
        }
    }

    public func user(forTokenHash hash: String) async throws(StoreError) -> StaffUser? {
        try await read { c in
            try await c.rows("""
                SELECT u.username, u.password_hash, u.role, u.disabled_at FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(hash) AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """).first.map(Self.staffUser)
        }
    }

    public func addToken(hash: String, for username: String, at: Date) async throws(StoreError) {
        try await write { c in
            guard let userID = try await c.one("SELECT id FROM users WHERE username = \(username)", as: Int64.self) else {
                throw StoreError.unknownUser(username)
            }
            try await c.exec("INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (\(userID), \(hash), \(at.storedValue))")
        }
    }

    /// A user from `username, password_hash, role, disabled_at`.
    static func staffUser(_ row: PostgresRow) throws -> StaffUser {
        let (username, passwordHash, role, disabledAt) = try row.decode((String, String, String, Double?).self)
        return StaffUser(username: username, passwordHash: passwordHash, role: StaffRole(rawValue: role) ?? .agent,
                         disabled: disabledAt != nil)
    }

    public func recordAudit(_ entry: AuditEntry) async throws(StoreError) {
        try await write { c in
            try await Self.appendAudit(at: entry.at, actor: entry.actor, action: entry.action, trackingID: entry.trackingID?.description,
                                       improvementID: nil, connection: c)
        }
    }

    public func auditLog(of id: TrackingID) async throws(StoreError) -> [AuditEntry] {
        try await read { c in
            try await c.rows("SELECT at, actor, action FROM audit_log WHERE tracking_id = \(id.description) ORDER BY id").map { row in
                let (at, actor, action) = try row.decode((Double, String, String).self)
                return AuditEntry(at: Date(stored: at), actor: actor, action: action, trackingID: id)
            }
        }
    }
}
