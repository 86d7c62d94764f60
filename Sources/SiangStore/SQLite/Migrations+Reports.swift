import Foundation
import GRDB

/// Schema for the PMQA 7.2 reports: the per-case fact table, targets and comparators, and the stored
/// revisions of locked months. A released migration is never edited: add a new one.
enum ReportSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-report-case-facts") { db in
            // One narrow row per case, kept current in the transaction of every event it gets, so a
            // fiscal-year report over a million cases reads one table and never the event log.
            // Clustered by receipt time: a report reads the cases received before an instant, which is
            // one sequential range; the received time of a case never changes, so every write finds
            // the row by its key without a second index.
            try db.execute(sql: """
                CREATE TABLE report_case_facts (
                    received_at REAL NOT NULL,
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    tracking_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    category TEXT,
                    segment TEXT,
                    queue TEXT,
                    priority TEXT NOT NULL,
                    first_response_at REAL,
                    -- The statuses after 'received', 9 bytes each (CaseFactTimeline).
                    statuses BLOB NOT NULL,
                    PRIMARY KEY (received_at, case_id)
                ) WITHOUT ROWID;
                """)
            // Facts for the cases already stored, from their events.
            _ = try CaseFactRows.rebuild(db: db, afterCaseID: 0, limit: nil)
        }
        migrator.registerMigration("v5-report-targets-revisions") { db in
            try db.execute(sql: """
                -- Agency data per metric and Buddhist Era fiscal year (siang targets import).
                CREATE TABLE report_targets (
                    metric_id TEXT NOT NULL,
                    fiscal_year INTEGER NOT NULL,
                    target REAL,
                    baseline REAL,
                    -- The year's result of a metric that does not come from cases (source manual).
                    value REAL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (metric_id, fiscal_year)
                ) WITHOUT ROWID;
                CREATE TABLE report_comparators (
                    metric_id TEXT NOT NULL,
                    fiscal_year INTEGER NOT NULL,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    value REAL NOT NULL,
                    why TEXT NOT NULL,
                    PRIMARY KEY (metric_id, fiscal_year, position)
                ) WITHOUT ROWID;

                -- Every stored report of a locked month: revision 0 when it was locked, N+1 at each
                -- restatement. What an agency reported is evidence, so it is never changed or removed.
                CREATE TABLE report_revisions (
                    period_id TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    reason TEXT,
                    changes TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (period_id, revision)
                ) WITHOUT ROWID;
                CREATE TRIGGER report_revisions_no_update BEFORE UPDATE ON report_revisions
                    BEGIN SELECT RAISE(ABORT, 'report revisions are append-only'); END;
                CREATE TRIGGER report_revisions_no_delete BEFORE DELETE ON report_revisions
                    BEGIN SELECT RAISE(ABORT, 'report revisions are append-only'); END;
                """)
        }
    }
}
