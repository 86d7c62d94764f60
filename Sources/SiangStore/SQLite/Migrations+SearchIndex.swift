import GRDB

/// The staff search index is filled by the store, not by a trigger.
///
/// An `AFTER INSERT` trigger on `cases` makes every case insert a statement that SQLite must be able
/// to undo alone, and FTS5 answers each such statement savepoint by flushing its pending terms to a
/// new index segment: one segment and merge per case. Inserting into the index as a plain statement
/// of the same transaction lets FTS5 collect a whole transaction's terms in memory and write them
/// once, which made a bulk import four times cheaper on the index. Updates and deletes keep their
/// triggers; they are rare and never in bulk.
enum SearchIndexSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-search-index-insert-by-store") { db in
            try db.execute(sql: "DROP TRIGGER cases_search_insert")
        }
    }

    /// Adds a new case's words to the index, in the transaction that inserts the case.
    static func index(caseID: Int64, subject: String?, text: String, db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO case_search(rowid, subject, text) VALUES (?, ?, ?)").insertRow { b in
            b.bind(caseID); b.bind(subject); b.bind(text)
        }
    }
}
