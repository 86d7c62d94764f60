import GRDB

/// The daily count of tracking lookups (DESIGN.md 5.9, readiness line `tracking_available`): one row
/// per Bangkok day and surface, no tracking ID and no address, so it says how much complainants use
/// the tracking page and API and nothing about who did. A released migration is never edited.
enum TrackingLookupSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-tracking-lookups") { db in
            try db.execute(sql: """
                CREATE TABLE tracking_lookups (
                    -- Bangkok calendar day, yyyy-MM-dd.
                    day TEXT NOT NULL,
                    -- 'page' or 'api'.
                    surface TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (day, surface)
                ) WITHOUT ROWID;
                """)
        }
    }
}
