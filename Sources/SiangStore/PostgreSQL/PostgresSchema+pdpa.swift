extension PostgresSchema {
    /// PDPA erasure: the SQLite store's `v14-pdpa-erasure`, column for column.
    static let pdpa = """
        ALTER TABLE attachments ADD COLUMN erased_at double precision;
        CREATE INDEX cases_status_updated ON cases(status, updated_at);
        CREATE INDEX attachments_sha256 ON attachments(sha256);
        """
}
