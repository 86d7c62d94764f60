import GRDB

/// The Open311 GeoReport v2 API keys (DESIGN.md 5.10): one row per key issued with
/// `siang open311 key add`, the key kept only as its SHA-256, with the count of requests made with
/// it. A released migration is never edited.
enum Open311Schema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-open311-keys") { db in
            try db.execute(sql: """
                CREATE TABLE open311_keys (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    key_hash TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    revoked_at REAL,
                    request_count INTEGER NOT NULL DEFAULT 0,
                    last_used_at REAL
                );
                """)
        }
    }
}
