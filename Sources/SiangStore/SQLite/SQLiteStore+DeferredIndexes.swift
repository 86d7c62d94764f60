import GRDB

/// Secondary indexes built once at the end of a bulk import into an empty store, instead of row by
/// row as it goes.
///
/// A call log with scattered times (an agency's old export, every row a different day) puts each
/// batch's index entries all over the time indexes: every commit rewrites most of their pages into
/// the WAL and copies them back to the file at the next checkpoint, so the writer spent more time
/// in `pwrite`, `pread` and B-tree seeks than in the rows themselves (bench/README.md, "Hotline
/// import, scattered"). `CREATE INDEX` sorts the keys once and writes every page once.
///
/// This applies only when the store holds no case when the import starts (moving to Siang: the
/// first import of the old logs), so nobody is searching the store meanwhile; a store with cases
/// keeps its indexes and the import writes them as it goes. No index that enforces uniqueness is
/// deferred, and a query names a deferrable index with `INDEXED BY` only after checking that nothing
/// is deferred, so every query stays right, only slower, while an import runs. The indexes dropped
/// and their definitions are written in the same transaction (`deferred_indexes`), so an import that
/// is killed leaves them listed, and the next opening of the store builds them.
enum DeferredIndexSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v18-deferred-indexes") { db in
            try db.execute(sql: "CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL) WITHOUT ROWID")
        }
    }

    /// The indexes a bulk import builds at its end: those whose entries an import writes at
    /// scattered places (times, categories, hashed phone numbers). The queries that name one of them
    /// with `INDEXED BY` (the queue page, the dashboard) do so only while nothing is deferred
    /// (``anyDeferred(_:)``).
    static let deferrable = [
        "cases_status", "cases_status_updated", "cases_category_received", "cases_received", "cases_sla_check", "cases_sla_stale",
        "cases_queue_urgency", "cases_urgency", "cases_open_load", "cases_external_ref",
        "hotline_calls_started", "case_contacts_phone_key", OpenQueueSchema.index, OpenQueueSchema.riskIndex,
    ]

    /// What a bulk import into an empty store puts in place at its end, besides the indexes: entries
    /// of `deferred_indexes` whose statements run whatever the schema holds.
    ///
    /// - The staff search index: the import leaves its cases out of the trigram index, which is rebuilt
    ///   from them at the end. FTS5 merged each transaction's terms into the index at its commit: 8-9 %
    ///   of a million-row import's CPU on the one writer thread.
    /// - The tracked views and the report facts: both tables are keyed by something scattered (the
    ///   random tracking ID; the received time), so each batch of 5,000 cases dirtied some 5,000 pages
    ///   of each and the commit wrote them all to the WAL again. The import appends them to
    ///   `staged_case_tracking` and `staged_case_facts` instead, and the end copies them in key order,
    ///   writing each page once. `OR IGNORE`: a view or fact another writer stored meanwhile (a staff
    ///   change to an imported case) is newer than the staged one.
    ///
    /// Until the end, a citizen's lookup of an imported case finds nothing (no tracking ID of an
    /// imported call was given to anyone yet) and reports leave the imported cases out.
    static let finishing: [(name: String, sql: String)] = [
        ("case_search", "INSERT INTO case_search(case_search) VALUES ('rebuild')"),
        ("case_tracking", """
            INSERT OR IGNORE INTO case_tracking (tracking_id, view) SELECT tracking_id, view FROM staged_case_tracking ORDER BY tracking_id;
            DROP TABLE staged_case_tracking
            """),
        ("report_case_facts", """
            INSERT OR IGNORE INTO report_case_facts SELECT * FROM staged_case_facts ORDER BY received_at, case_id;
            DROP TABLE staged_case_facts
            """),
    ]

    /// Whether cases are being stored for a bulk import now (``finishing``): their search words,
    /// tracked views and report facts wait for its end.
    static func stagingBulkImport(_ db: Database) throws -> Bool {
        try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM deferred_indexes WHERE name = ?)"),
                          arguments: [finishing[0].name]) ?? false
    }

    /// Whether an import has indexes dropped now (in this process or another): a query must not name them.
    static func anyDeferred(_ db: Database) throws -> Bool {
        try Bool.fetchOne(try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM deferred_indexes)")) ?? false
    }

    /// Drops the deferrable indexes and stages what is finished at the end (``finishing``), listing
    /// them in `deferred_indexes`, when the store has no case; returns whether it did.
    static func deferIfEmpty(_ db: Database) throws -> Bool {
        guard try Int64.fetchOne(db, sql: "SELECT id FROM cases LIMIT 1") == nil else { return false }
        let found = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN (\(SQLPredicate.placeholders(deferrable.count)))
            """, arguments: StatementArguments(deferrable))
        for row in found {
            let name: String = row["name"]
            try db.execute(sql: "INSERT INTO deferred_indexes (name, sql) VALUES (?, ?)", arguments: [name, row["sql"] as String])
            try db.execute(sql: "DROP INDEX \(name)")
        }
        // Another import that found the store empty has staged everything already.
        guard try !stagingBulkImport(db) else { return !found.isEmpty }
        try db.execute(sql: "CREATE TABLE staged_case_tracking (tracking_id TEXT NOT NULL, view BLOB NOT NULL)")
        try db.execute(sql: "CREATE TABLE staged_case_facts AS SELECT * FROM report_case_facts WHERE 0")
        for (name, sql) in finishing {
            try db.execute(sql: "INSERT INTO deferred_indexes (name, sql) VALUES (?, ?)", arguments: [name, sql])
        }
        return true
    }

    /// What is listed as deferred now, in the order to put it in place: the search index first, for
    /// its entry is what tells a writer to stage (``stagingBulkImport(_:)``), so no writer stages into
    /// a table the copies below have dropped; then the tracked views (a citizen's lookup) and the report
    /// facts; then the indexes.
    static func pending(_ db: Database) throws -> [String] {
        let listed = try String.fetchAll(db, sql: "SELECT name FROM deferred_indexes ORDER BY name")
        let finishingFirst = finishing.map(\.name).filter(listed.contains)
        return finishingFirst + listed.filter { name in !finishing.contains { $0.name == name } }
    }

    /// Puts one listed entry in place and takes it off the list, in the caller's transaction; nothing
    /// when it is no longer listed (another process finished it).
    ///
    /// One entry a transaction, not all in one: the rebuild of a million cases' search words, the
    /// copies and fourteen index builds wrote some 470 MB to the WAL in one transaction of 35 s, which no
    /// checkpoint could copy until its end and behind which every other writer (intake, in a running
    /// server) waited all that time. One at a time the longest wait is the search rebuild's.
    static func build(_ name: String, _ db: Database) throws {
        guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM deferred_indexes WHERE name = ?", arguments: [name]) else { return }
        let isIndex = !finishing.contains { $0.name == name }
        let built = try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [name]) == true
        if !(isIndex && built) { try db.execute(sql: sql) }
        try db.execute(sql: "DELETE FROM deferred_indexes WHERE name = ?", arguments: [name])
    }
}

extension SQLiteStore {
    /// Runs a bulk import with the scattered secondary indexes built once at its end when the store
    /// has no case yet (``DeferredIndexSchema``); otherwise runs it as it is. The indexes are built
    /// whether `body` finishes or throws.
    public func withIndexesDeferredForBulkImport<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let deferred = try await write { db in try DeferredIndexSchema.deferIfEmpty(db) }
        guard deferred else { return try await body() }
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        try await buildDeferredIndexes()
        return try result.get()
    }

    /// Builds the indexes an import left deferred (one killed before its end), one a transaction
    /// (``buildInATransactionOfItsOwn(_:_:)``); nothing when none are.
    func buildDeferredIndexes() async throws(StoreError) {
        for name in try await read({ db in try DeferredIndexSchema.pending(db) }) {
            do {
                try await pool.writeWithoutTransaction { db in try Self.buildInATransactionOfItsOwn(name, db) }
            } catch {
                throw Self.map(error)
            }
        }
    }

    /// The same at opening, on the calling thread.
    func buildDeferredIndexesLeftBehind() throws(StoreError) {
        do {
            for name in try pool.read({ db in try DeferredIndexSchema.pending(db) }) {
                try pool.writeWithoutTransaction { db in try Self.buildInATransactionOfItsOwn(name, db) }
            }
        } catch {
            throw Self.map(error)
        }
    }

    /// One entry in a transaction of its own, its sorts spilling to temporary files.
    ///
    /// The writer keeps temporary storage in memory (``SQLiteStore/init(path:cipher:trackingReaders:)``),
    /// where an index build's or an ordered copy's sort of a million rows then lay whole: the import's
    /// peak memory grew with the file (to some 480 MB for 1,000,000 calls). In files the sort keeps
    /// the page cache's size in memory and merges from disk, in about the same time. What those files
    /// hold is index keys (keyed hashes of contacts, never a plain contact), tracked views and report
    /// facts, none of it personal; SQLite deletes them as it opens them. The setting cannot change
    /// inside a transaction, hence the transaction here. Should setting it back fail, statement
    /// journals go to files: slower, never wrong.
    static func buildInATransactionOfItsOwn(_ name: String, _ db: Database) throws {
        try db.execute(sql: "PRAGMA temp_store = FILE")
        defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
        try db.inTransaction {
            try DeferredIndexSchema.build(name, db)
            return .commit
        }
    }
}
