extension PostgresSchema {
    /// The queue's text search (the SQLite store's FTS5 trigram index): pg_trgm's GIN indexes on the
    /// subject and the text, which serve `ILIKE '%word%'` for any word of three characters or more,
    /// Thai included (Thai has no spaces between words, so a search is a substring search).
    /// pg_trgm ships with Debian's PostgreSQL and is trusted: a database owner may create it.
    static let search = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX cases_text_trigram ON cases USING gin (text gin_trgm_ops);
        CREATE INDEX cases_subject_trigram ON cases USING gin (subject gin_trgm_ops);
        """
}
