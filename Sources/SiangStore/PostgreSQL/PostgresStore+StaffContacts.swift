import Foundation
import PostgresNIO
import SiangCore

/// Staff contact channels on PostgreSQL: email, notice preference and LINE link codes (the twin of
/// SQLiteStore+StaffContacts).
extension PostgresStore {
    public func staffContacts(usernames: [String]) async throws(StoreError) -> [StaffContact] {
        guard !usernames.isEmpty else { return [] }
        let cipher = self.cipher
        return try await read { c in
            try await c.rows("""
                SELECT u.username, u.role, u.disabled_at, k.email, k.line_user_id, k.preference
                FROM users u LEFT JOIN staff_contacts k ON k.user_id = u.id
                WHERE u.username = ANY(\(usernames)) ORDER BY u.username COLLATE "C"
                """).map { row in
                let (username, role, disabledAt, email, lineUserID, preference) =
                    try row.decode((String, String, Double?, String?, String?, String?).self)
                return StaffContact(username: username, role: StaffRole(rawValue: role) ?? .agent, disabled: disabledAt != nil,
                                    email: try cipher.opened(email, "a staff contact"),
                                    lineUserID: try cipher.opened(lineUserID, "a staff contact"),
                                    preference: preference.flatMap(NoticePreference.init(rawValue:)) ?? .email)
            }
        }
    }

    public func setStaffEmail(username: String, email: String?) async throws(StoreError) {
        let email = cipher.seal(email)
        try await write { c in
            let userID = try await Self.userID(username, c)
            try await c.exec("""
                INSERT INTO staff_contacts (user_id, email) VALUES (\(userID), \(email))
                ON CONFLICT (user_id) DO UPDATE SET email = excluded.email
                """)
        }
    }

    public func setNoticePreference(username: String, preference: NoticePreference) async throws(StoreError) {
        try await write { c in
            let userID = try await Self.userID(username, c)
            try await c.exec("""
                INSERT INTO staff_contacts (user_id, preference) VALUES (\(userID), \(preference.rawValue))
                ON CONFLICT (user_id) DO UPDATE SET preference = excluded.preference
                """)
        }
    }

    public func unlinkLINE(username: String) async throws(StoreError) {
        try await write { c in
            let userID = try await Self.userID(username, c)
            try await c.exec("UPDATE staff_contacts SET line_user_id = NULL WHERE user_id = \(userID)")
            try await c.exec("DELETE FROM staff_line_link_codes WHERE user_id = \(userID)")
        }
    }

    public func issueLINELinkCode(username: String, code: String, expiresAt: Date) async throws(StoreError) {
        try await write { c in
            let userID = try await Self.userID(username, c)
            try await c.exec("""
                INSERT INTO staff_line_link_codes (user_id, code, expires_at) VALUES (\(userID), \(code), \(expiresAt.storedValue))
                ON CONFLICT (user_id) DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at
                """)
        }
    }

    public func redeemLINELinkCode(_ code: String, lineUserID: String, now: Date) async throws(StoreError) -> String? {
        let lineUserID = cipher.seal(lineUserID)
        return try await write { c in
            guard let row = try await c.rows("""
                SELECT k.user_id, u.username FROM staff_line_link_codes k JOIN users u ON u.id = k.user_id
                WHERE k.code = \(code) AND k.expires_at > \(now.storedValue) AND u.disabled_at IS NULL
                """).first else { return nil }
            let (userID, username) = try row.decode((Int64, String).self)
            try await c.exec("DELETE FROM staff_line_link_codes WHERE user_id = \(userID)")
            try await c.exec("""
                INSERT INTO staff_contacts (user_id, line_user_id) VALUES (\(userID), \(lineUserID))
                ON CONFLICT (user_id) DO UPDATE SET line_user_id = excluded.line_user_id
                """)
            return username
        }
    }

    /// The row id of the account `username`; an unknown account is refused.
    static func userID(_ username: String, _ c: PostgresConnection) async throws -> Int64 {
        guard let id = try await c.one("SELECT id FROM users WHERE username = \(username)", as: Int64.self) else {
            throw StoreError.unknownUser(username)
        }
        return id
    }
}
