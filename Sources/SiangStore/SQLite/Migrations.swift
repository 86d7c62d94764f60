import GRDB

/// The SQLite schema as numbered migrations. A released migration is never edited: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-cases-events-outbox-inbox-users") { db in
            try db.execute(sql: """
                CREATE TABLE cases (
                    id INTEGER PRIMARY KEY,
                    tracking_id TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    status TEXT NOT NULL,
                    category TEXT,
                    segment TEXT,
                    priority TEXT NOT NULL,
                    queue TEXT,
                    assignee TEXT,
                    subject TEXT,
                    text TEXT NOT NULL,
                    location TEXT,
                    external_ref TEXT,
                    warnings TEXT,
                    received_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    resolved_at REAL,
                    first_response_at REAL,
                    event_count INTEGER NOT NULL,
                    -- When the escalation ticker must look at the case's SLA clocks next; NULL when never.
                    sla_check_at REAL
                );
                CREATE INDEX cases_status ON cases(status, received_at);
                CREATE INDEX cases_sla_check ON cases(sla_check_at) WHERE sla_check_at IS NOT NULL;
                CREATE INDEX cases_category_received ON cases(category, received_at);
                CREATE INDEX cases_received ON cases(received_at);

                -- Personal data lives apart from the case, so it can be shown only when audited and erased on request.
                CREATE TABLE case_contacts (
                    case_id INTEGER PRIMARY KEY REFERENCES cases(id),
                    name TEXT, phone TEXT, email TEXT, line_user_id TEXT,
                    consent INTEGER NOT NULL,
                    -- The LINE user unfollowed the account: no pushes. Kept apart from the PDPA consent record.
                    line_opted_out INTEGER NOT NULL DEFAULT 0
                );
                -- LINE follow-ups and opt-outs look a user up by their LINE user ID.
                CREATE INDEX case_contacts_line_user ON case_contacts(line_user_id) WHERE line_user_id IS NOT NULL;

                -- The truth about a case: append-only.
                CREATE TABLE case_events (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    seq INTEGER NOT NULL,
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    type TEXT NOT NULL,
                    data TEXT NOT NULL,
                    UNIQUE(case_id, seq)
                );
                CREATE INDEX case_events_at ON case_events(at);
                CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
                    BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
                CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
                    BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;

                -- One row per channel message key: a repeat finds the first case and its first answer.
                CREATE TABLE channel_keys (
                    channel TEXT NOT NULL,
                    key TEXT NOT NULL,
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    fingerprint TEXT NOT NULL,
                    receipt TEXT NOT NULL,
                    PRIMARY KEY (channel, key)
                ) WITHOUT ROWID;

                CREATE TABLE attachments (
                    id INTEGER PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    sha256 TEXT NOT NULL,
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size INTEGER NOT NULL
                );
                CREATE INDEX attachments_case ON attachments(case_id);

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    channel TEXT,
                    tracking_id TEXT,
                    payload TEXT NOT NULL,
                    dedupe_key TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    delivered_at REAL,
                    last_error TEXT
                );
                CREATE INDEX outbox_pending ON outbox(delivered_at, next_attempt_at);

                -- Raw webhook payloads, stored before they are answered and processed after.
                CREATE TABLE inbox (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    received_at REAL NOT NULL,
                    headers TEXT NOT NULL,
                    body BLOB NOT NULL,
                    processed_at REAL,
                    error TEXT
                );
                CREATE INDEX inbox_pending ON inbox(processed_at);

                -- Every imported hotline call, with or without a case: channel statistics (calls per day and
                -- queue) and the call_id duplicate check. No caller data here.
                CREATE TABLE hotline_calls (
                    call_id TEXT PRIMARY KEY,
                    started_at REAL NOT NULL,
                    ended_at REAL,
                    queue TEXT,
                    agent TEXT,
                    disposition TEXT NOT NULL,
                    tracking_id TEXT
                ) WITHOUT ROWID;
                CREATE INDEX hotline_calls_started ON hotline_calls(started_at);

                -- Small named values the channels keep between runs (the IMAP UID watermark).
                CREATE TABLE channel_state (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    username TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    disabled_at REAL
                );
                CREATE TABLE api_tokens (
                    id INTEGER PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL,
                    revoked_at REAL
                );
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY,
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    tracking_id TEXT
                );
                CREATE INDEX audit_log_case ON audit_log(tracking_id);
                """)
        }
        StaffSchema.register(in: &m)
        SurveySchema.register(in: &m)
        SearchIndexSchema.register(in: &m)
        EventIndexSchema.register(in: &m)
        SLASetAsideSchema.register(in: &m)
        CaseImportSchema.register(in: &m)
        ReportSchema.register(in: &m)
        ImprovementSchema.register(in: &m)
        ScoringCoreSchema.register(in: &m)
        TrackingLookupSchema.register(in: &m)
        StaffContactSchema.register(in: &m)
        AuditChainSchema.register(in: &m)
        PersonalDataSchema.register(in: &m)
        Open311Schema.register(in: &m)
        SealedPersonalDataSchema.register(in: &m)
        TrackedCaseSchema.register(in: &m)
        DeferredIndexSchema.register(in: &m)
        OpenQueueSchema.register(in: &m)
        return m
    }
}
