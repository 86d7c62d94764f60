extension PostgresSchema {
    /// Personal data sealed at rest: the SQLite store's `v16-sealed-personal-data`, column for column.
    static let sealedPersonalData = """
        ALTER TABLE case_contacts ADD COLUMN phone_key text;
        ALTER TABLE case_contacts ADD COLUMN email_key text;
        ALTER TABLE case_contacts ADD COLUMN line_user_key text;
        DROP INDEX case_contacts_line_user;
        CREATE INDEX case_contacts_phone_key ON case_contacts(phone_key) WHERE phone_key IS NOT NULL;
        CREATE INDEX case_contacts_email_key ON case_contacts(email_key) WHERE email_key IS NOT NULL;
        CREATE INDEX case_contacts_line_user_key ON case_contacts(line_user_key) WHERE line_user_key IS NOT NULL;
        CREATE TABLE data_keys (
            key_id text PRIMARY KEY,
            added_at double precision NOT NULL,
            sealed_all_at double precision,
            retired_at double precision
        );
        """
}
