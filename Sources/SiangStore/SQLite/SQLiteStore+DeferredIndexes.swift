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
/// keeps its indexes and the import writes them as it goes. No index that enforces uniqueness or
/// that a query names with `INDEXED BY` is deferred, so every query stays right, only slower, while
/// an import runs. The indexes dropped and their definitions are written in the same transaction
/// (`deferred_indexes`), so an import that is killed leaves them listed, and the next opening of the
/// store builds them.
enum DeferredIndexSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v18-deferred-indexes") { db in
            try db.execute(sql: "CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL) WITHOUT ROWID")
        }
    }

    /// The indexes a bulk import builds at its end: those whose entries an import writes at
    /// scattered places (times, categories, hashed phone numbers). `cases_received` stays: queries
    /// name it with `INDEXED BY`.
    static let deferrable = [
        "cases_status", "cases_status_updated", "cases_category_received", "cases_sla_check", "cases_sla_stale",
        "cases_queue_urgency", "cases_urgency", "cases_open_load", "cases_external_ref",
        "hotline_calls_started", "case_contacts_phone_key",
    ]

    /// Drops the deferrable indexes, listing them in `deferred_indexes`, when the store has no case;
    /// returns whether it did.
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
        return !found.isEmpty
    }

    /// Builds every index listed as deferred that does not exist yet, and empties the list.
    static func build(_ db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM deferred_indexes ORDER BY name") {
            let name: String = row["name"]
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [name]) != true {
                try db.execute(sql: row["sql"] as String)
            }
        }
        try db.execute(sql: "DELETE FROM deferred_indexes")
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

    /// Builds the indexes an import left deferred (one killed before its end); nothing when none are.
    func buildDeferredIndexes() async throws(StoreError) {
        try await write { db in try DeferredIndexSchema.build(db) }
    }

    /// The same at opening, on the calling thread.
    func buildDeferredIndexesLeftBehind() throws(StoreError) {
        do {
            guard try pool.read({ db in try Bool.fetchOne(db, sql: "SELECT 1 FROM deferred_indexes LIMIT 1") }) == true else { return }
            try pool.write { db in try DeferredIndexSchema.build(db) }
        } catch {
            throw Self.map(error)
        }
    }
}
