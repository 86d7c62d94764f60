import GRDB

/// Personal data sealed at rest (``SealedColumns``): the keyed-hash lookup columns that replace the
/// plain ones equality lookups used, and the register of data keys that have sealed values (so a
/// store opened without a key it needs says which, before anything is read). The values themselves are
/// sealed by the store when it opens (``SQLiteStore/sealPlainValues()``), not here: the key is not
/// known to a migration.
enum SealedPersonalDataSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v16-sealed-personal-data") { db in
            try db.execute(sql: """
                ALTER TABLE case_contacts ADD COLUMN phone_key TEXT;
                ALTER TABLE case_contacts ADD COLUMN email_key TEXT;
                ALTER TABLE case_contacts ADD COLUMN line_user_key TEXT;
                DROP INDEX case_contacts_line_user;
                CREATE INDEX case_contacts_phone_key ON case_contacts(phone_key) WHERE phone_key IS NOT NULL;
                CREATE INDEX case_contacts_email_key ON case_contacts(email_key) WHERE email_key IS NOT NULL;
                CREATE INDEX case_contacts_line_user_key ON case_contacts(line_user_key) WHERE line_user_key IS NOT NULL;
                CREATE TABLE data_keys (
                    key_id TEXT PRIMARY KEY,
                    added_at REAL NOT NULL,
                    -- When a walk found every value sealed with this key.
                    sealed_all_at REAL,
                    -- When a walk with a newer key left nothing sealed with this one.
                    retired_at REAL
                ) WITHOUT ROWID;
                """)
        }
    }
}
