import GRDB

/// Schema for the staff workspace, after the first migration: sessions and sign-in throttling, the
/// SLA urgency index kept on each case, and the Thai full-text search index.
enum StaffSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-staff-sessions-throttle") { db in
            try db.execute(sql: """
                -- A signed-in browser. Only the hash of the cookie's token is kept.
                CREATE TABLE staff_sessions (
                    token_hash TEXT PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    csrf_token TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    idle_expires_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    ended_at REAL
                ) WITHOUT ROWID;
                CREATE INDEX staff_sessions_user ON staff_sessions(user_id);

                -- Failed sign-ins, counted per username and per address to slow down password guessing.
                CREATE TABLE staff_signin_failures (
                    id INTEGER PRIMARY KEY,
                    at REAL NOT NULL,
                    username TEXT NOT NULL,
                    address TEXT
                );
                CREATE INDEX staff_signin_failures_user ON staff_signin_failures(username, at);
                CREATE INDEX staff_signin_failures_address ON staff_signin_failures(address, at) WHERE address IS NOT NULL;

                CREATE INDEX api_tokens_user ON api_tokens(user_id);
                """)
        }
        migrator.registerMigration("v2-staff-sla-index") { db in
            try db.execute(sql: """
                -- The resolution clock reduced to sortable instants (SLAIndexEntry). Clocks only move on
                -- events, so an entry is good until the case's event_count changes; sla_event_count says
                -- which count it was computed from. sla_phase 0 running, 1 paused, 2 stopped, 3 not yet
                -- computed (sorts last).
                ALTER TABLE cases ADD COLUMN sla_phase INTEGER NOT NULL DEFAULT 3;
                ALTER TABLE cases ADD COLUMN sla_due_at REAL;
                ALTER TABLE cases ADD COLUMN sla_risk_at REAL;
                ALTER TABLE cases ADD COLUMN sla_first_due_at REAL;
                ALTER TABLE cases ADD COLUMN sla_state TEXT;
                ALTER TABLE cases ADD COLUMN sla_event_count INTEGER;
                CREATE INDEX cases_sla_stale ON cases(id) WHERE sla_event_count IS NOT event_count;
                -- Queue pages: one queue (or one assignee, or everything) in urgency order.
                CREATE INDEX cases_queue_urgency ON cases(queue, sla_phase, sla_due_at);
                CREATE INDEX cases_assignee_urgency ON cases(assignee, sla_phase, sla_due_at) WHERE assignee IS NOT NULL;
                CREATE INDEX cases_urgency ON cases(sla_phase, sla_due_at);
                """)
        }
        migrator.registerMigration("v2-staff-search") { db in
            try db.execute(sql: """
                -- Thai has no spaces between words: trigrams find any substring of three characters or more.
                CREATE VIRTUAL TABLE case_search USING fts5(subject, text, content='cases', content_rowid='id', tokenize='trigram');
                CREATE TRIGGER cases_search_insert AFTER INSERT ON cases BEGIN
                    INSERT INTO case_search(rowid, subject, text) VALUES (new.id, new.subject, new.text);
                END;
                CREATE TRIGGER cases_search_delete AFTER DELETE ON cases BEGIN
                    INSERT INTO case_search(case_search, rowid, subject, text) VALUES ('delete', old.id, old.subject, old.text);
                END;
                CREATE TRIGGER cases_search_update AFTER UPDATE OF subject, text ON cases BEGIN
                    INSERT INTO case_search(case_search, rowid, subject, text) VALUES ('delete', old.id, old.subject, old.text);
                    INSERT INTO case_search(rowid, subject, text) VALUES (new.id, new.subject, new.text);
                END;
                INSERT INTO case_search(case_search) VALUES ('rebuild');
                """)
        }
        migrator.registerMigration("v2-staff-notices") { db in
            // The case page lists the notices sent for the case.
            try db.execute(sql: "CREATE INDEX outbox_case ON outbox(tracking_id)")
        }
        migrator.registerMigration("v2-staff-dashboard") { db in
            // The dashboard's open cases by queue and SLA state, read from the index alone: an open case
            // has a running or paused clock (sla_phase 0 or 1), and the columns are what the counts and
            // the role filters read.
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS cases_open_load ON cases(sla_phase, queue, category, assignee, sla_due_at, sla_risk_at, sla_state)
                WHERE sla_phase IN (0, 1)
                """)
        }
    }
}
