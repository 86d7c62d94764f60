import GRDB

/// Schema for the improvement log (DESIGN.md 5.9): one row per entry, its triggers as JSON arrays of
/// ids (read back whole, never searched by SQL), and the entry an audit line is about. A released
/// migration is never edited: add a new one.
enum ImprovementSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-improvement-log") { db in
            try db.execute(sql: """
                CREATE TABLE improvements (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    -- The Bangkok day the change took effect, YYYY-MM-DD, so text order is date order.
                    day TEXT NOT NULL,
                    title TEXT NOT NULL,
                    action TEXT NOT NULL,
                    owning_unit TEXT NOT NULL,
                    learning_level TEXT NOT NULL CHECK (learning_level IN ('pdca', 'innovation', 'sharing')),
                    categories TEXT NOT NULL,
                    reason_codes TEXT NOT NULL,
                    metric_ids TEXT NOT NULL,
                    service_point TEXT,
                    recorded_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX improvements_day ON improvements(day, id);
                -- The entry an audit line is about (improvement.add, improvement.update); NULL for the
                -- lines about a case, which name it by tracking_id.
                ALTER TABLE audit_log ADD COLUMN improvement_id INTEGER;
                CREATE INDEX audit_log_improvement ON audit_log(improvement_id) WHERE improvement_id IS NOT NULL;
                """)
        }
    }
}
