import GRDB

/// PDPA erasure (docs/pdpa.md): an attachment whose file was erased keeps its row (hash, size, type,
/// so counts stay) and says when; whether any case still uses a file is asked by its hash; the retention
/// sweep finds closed cases by status and last change.
enum PersonalDataSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-pdpa-erasure") { db in
            try db.execute(sql: """
                ALTER TABLE attachments ADD COLUMN erased_at REAL;
                CREATE INDEX cases_status_updated ON cases(status, updated_at);
                CREATE INDEX attachments_sha256 ON attachments(sha256);
                """)
        }
    }
}
