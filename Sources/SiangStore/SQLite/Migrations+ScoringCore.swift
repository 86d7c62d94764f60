import GRDB

/// The months the monthly scoring-core export was queued for: one row a month, the primary key the
/// claim that keeps several servers and restarts from queueing a month twice. A released migration is
/// never edited: add a new one.
enum ScoringCoreSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-scoring-core-schedule") { db in
            try db.execute(sql: """
                CREATE TABLE scoring_core_schedule (
                    month TEXT PRIMARY KEY,
                    outbox_dedupe_key TEXT NOT NULL,
                    queued_at REAL NOT NULL
                ) WITHOUT ROWID;
                """)
        }
    }
}
