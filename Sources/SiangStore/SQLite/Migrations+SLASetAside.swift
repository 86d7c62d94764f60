import GRDB

/// Cases the SLA ticker could not read (a stored event that does not decode), set aside so every
/// other case goes on being escalated; one row a case, kept until an admin has dealt with it.
enum SLASetAsideSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-sla-set-aside") { db in
            try db.execute(sql: """
                CREATE TABLE sla_set_aside (
                    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
                    at REAL NOT NULL,
                    reason TEXT NOT NULL
                );
                """)
        }
    }
}
