import GRDB

/// Schema for surveys (definitions, invitations, answers, abuse counters), after the staff
/// workspace's. A released migration is never edited: add a new one.
enum SurveySchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-surveys-definitions-invitations-answers") { db in
            try db.execute(sql: """
                -- Every version of every questionnaire ever asked, so old answers keep their questions.
                CREATE TABLE survey_definitions (
                    survey_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    question_set TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    registered_at REAL NOT NULL,
                    PRIMARY KEY (survey_id, version)
                ) WITHOUT ROWID;

                -- One row per resolved case asked (never two within the invitation's lifetime). The
                -- dimensions are the case's at resolution, for the response rate by group.
                CREATE TABLE survey_invitations (
                    token TEXT PRIMARY KEY,
                    tracking_id TEXT NOT NULL,
                    survey_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    route TEXT NOT NULL,
                    channel TEXT NOT NULL,
                    category TEXT,
                    segment TEXT,
                    queue TEXT,
                    issued_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    answered_at REAL
                ) WITHOUT ROWID;
                CREATE INDEX survey_invitations_case ON survey_invitations(tracking_id, issued_at);
                CREATE INDEX survey_invitations_issued ON survey_invitations(issued_at);
                CREATE INDEX survey_invitations_callbacks ON survey_invitations(route, answered_at, expires_at);

                -- Answers from every source: case tokens, service points, imports. The token is unique,
                -- which is what makes one answer per invitation hold under concurrent posts.
                CREATE TABLE survey_answers (
                    id INTEGER PRIMARY KEY,
                    token TEXT UNIQUE,
                    survey_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    via TEXT NOT NULL,
                    tracking_id TEXT,
                    channel TEXT,
                    category TEXT,
                    segment TEXT,
                    queue TEXT,
                    service_point TEXT,
                    answered_at REAL NOT NULL,
                    completed_at REAL,
                    overall INTEGER,
                    response TEXT NOT NULL
                );
                CREATE INDEX survey_answers_answered ON survey_answers(answered_at);
                CREATE INDEX survey_answers_case ON survey_answers(tracking_id) WHERE tracking_id IS NOT NULL;

                -- Keys that make a repeat harmless: a LINE webhookEventId, an imported row, a form nonce.
                CREATE TABLE survey_answer_keys (
                    key TEXT PRIMARY KEY,
                    answer_id INTEGER NOT NULL REFERENCES survey_answers(id)
                ) WITHOUT ROWID;

                -- Anonymous answers per client address (a keyed hash, never the address), for the
                -- abuse limits; rows older than a day are removed as new ones come.
                CREATE TABLE survey_address_log (
                    address_key TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX survey_address_log_key ON survey_address_log(address_key, at);
                CREATE INDEX survey_address_log_at ON survey_address_log(at);
                """)
        }
    }
}
