import Foundation
import GRDB
import SiangCore

extension SQLiteStore: StaffContactStore {
    public func staffContacts(usernames: [String]) async throws(StoreError) -> [StaffContact] {
        guard !usernames.isEmpty else { return [] }
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.username, u.role, u.disabled_at, c.email, c.line_user_id, c.preference
                FROM users u LEFT JOIN staff_contacts c ON c.user_id = u.id
                WHERE u.username IN (\(SQLPredicate.placeholders(usernames.count))) ORDER BY u.username
                """, arguments: StatementArguments(usernames)).map { row in
                StaffContact(username: row["username"], role: StaffRole(rawValue: row["role"]) ?? .agent,
                             disabled: row["disabled_at"] != nil, email: try cipher.opened(row["email"], "a staff contact"),
                             lineUserID: try cipher.opened(row["line_user_id"], "a staff contact"),
                             preference: (row["preference"] as String?).flatMap(NoticePreference.init(rawValue:)) ?? .email)
            }
        }
    }

    public func setStaffEmail(username: String, email: String?) async throws(StoreError) {
        try await updateContact(username, set: "email = excluded.email", column: "email", value: cipher.seal(email))
    }

    public func setNoticePreference(username: String, preference: NoticePreference) async throws(StoreError) {
        try await updateContact(username, set: "preference = excluded.preference", column: "preference", value: preference.rawValue)
    }

    public func unlinkLINE(username: String) async throws(StoreError) {
        try await write { db in
            let userID = try Self.userID(username, db)
            try db.execute(sql: "UPDATE staff_contacts SET line_user_id = NULL WHERE user_id = ?", arguments: [userID])
            try db.execute(sql: "DELETE FROM staff_line_link_codes WHERE user_id = ?", arguments: [userID])
        }
    }

    public func issueLINELinkCode(username: String, code: String, expiresAt: Date) async throws(StoreError) {
        try await write { db in
            let userID = try Self.userID(username, db)
            try db.execute(sql: """
                INSERT INTO staff_line_link_codes (user_id, code, expires_at) VALUES (?, ?, ?)
                ON CONFLICT(user_id) DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at
                """, arguments: [userID, code, expiresAt.storedValue])
        }
    }

    public func redeemLINELinkCode(_ code: String, lineUserID: String, now: Date) async throws(StoreError) -> String? {
        let sealedUserID = cipher.seal(lineUserID)
        return try await write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT k.user_id, u.username FROM staff_line_link_codes k JOIN users u ON u.id = k.user_id
                WHERE k.code = ? AND k.expires_at > ? AND u.disabled_at IS NULL
                """, arguments: [code, now.storedValue]) else { return nil }
            let userID: Int64 = row["user_id"]
            try db.execute(sql: "DELETE FROM staff_line_link_codes WHERE user_id = ?", arguments: [userID])
            try db.execute(sql: """
                INSERT INTO staff_contacts (user_id, line_user_id) VALUES (?, ?)
                ON CONFLICT(user_id) DO UPDATE SET line_user_id = excluded.line_user_id
                """, arguments: [userID, sealedUserID])
            return row["username"]
        }
    }

    /// Upserts one column of an account's contact row.
    private func updateContact(_ username: String, set: String, column: String, value: String?) async throws(StoreError) {
        try await write { db in
            let userID = try Self.userID(username, db)
            try db.execute(sql: """
                INSERT INTO staff_contacts (user_id, \(column)) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET \(set)
                """, arguments: [userID, value])
        }
    }

    private static func userID(_ username: String, _ db: Database) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [username]) else {
            throw StoreError.unknownUser(username)
        }
        return id
    }
}
