import GRDB

/// Where a staff member is told of escalations and service recovery: an email address, a linked LINE
/// user and which of the two they want; and the one-time codes that link a LINE user (short-lived,
/// single use, one pending code a person).
enum StaffContactSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-staff-contacts") { db in
            try db.execute(sql: """
                CREATE TABLE staff_contacts (
                    user_id INTEGER PRIMARY KEY REFERENCES users(id),
                    email TEXT,
                    line_user_id TEXT,
                    preference TEXT NOT NULL DEFAULT 'email'
                );
                CREATE TABLE staff_line_link_codes (
                    user_id INTEGER PRIMARY KEY REFERENCES users(id),
                    code TEXT NOT NULL UNIQUE,
                    expires_at REAL NOT NULL
                );
                """)
        }
    }
}
