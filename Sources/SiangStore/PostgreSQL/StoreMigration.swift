import Foundation
import GRDB
import PostgresNIO

/// What `siang migrate` refuses, in words that name tables and columns, never stored values.
public enum StoreMigrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `--from` is not `sqlite:PATH` to an existing store.
    case badSource(String)
    /// `--to` is not a postgres URL.
    case badTarget(String)
    /// The two stores do not have the same tables and columns.
    case schemaMismatch(String)
    /// The target holds rows that are not this store's (another agency's, or changed since).
    case targetHoldsOtherData(String)
    /// A stored value that cannot go into its PostgreSQL column as it is.
    case unconvertible(String)

    public var description: String {
        switch self {
        case .badSource(let s): "--from: \(s)"
        case .badTarget(let s): "--to: \(s)"
        case .schemaMismatch(let s): "the stores' tables differ: \(s)"
        case .targetHoldsOtherData(let s): "the PostgreSQL database holds other data: \(s)"
        case .unconvertible(let s): "a stored value cannot be copied: \(s)"
        }
    }
}

/// Copies a whole agency store from its SQLite file into PostgreSQL (DESIGN.md 5.11, issue 14), table by
/// table, parents before children, keeping every id.
///
/// Resumable: each batch is one transaction that inserts with `ON CONFLICT DO NOTHING`, so a run that
/// was cut off is run again and copies only what is missing. Rows already in the target under the
/// same keys must equal the source's, and no table of the target may hold more rows than the
/// source's: anything else is another store's data and is refused, not mixed in.
public struct StoreMigration: Sendable {
    /// One table's rows on both sides after the copy.
    public struct TableCount: Sendable, Equatable {
        public let table: String
        public let source: Int
        public let target: Int
        public var matches: Bool { source == target }
    }

    public struct Outcome: Sendable {
        public let counts: [TableCount]
        /// False when the run stopped at `batchLimit` before copying everything.
        public let complete: Bool
        public var verified: Bool { complete && counts.allSatisfy(\.matches) }
    }

    public let sourcePath: String
    public let targetURL: String
    /// The source store's data keys. Sealed values are copied as they are, so the PostgreSQL servers
    /// need the same key (``DataKeySource``).
    public let cipher: PersonalDataCipher
    /// Rows a batch (one transaction) copies at most; fewer for wide tables, to stay within
    /// PostgreSQL's bound-parameter limit.
    public var batchSize = 2000
    /// Stop after this many batches, as a run cut off would (for testing that a re-run resumes).
    public var batchLimit: Int?
    /// How long to wait for PostgreSQL to answer at all.
    public var connectTimeout: Duration = .seconds(20)

    /// `from` is `sqlite:PATH`, PATH the store's file or its data directory (then DIR/siang.sqlite);
    /// `to` is a `postgres://` URL.
    public init(from: String, to: String, cipher: PersonalDataCipher) throws(StoreMigrationError) {
        self.cipher = cipher
        sourcePath = try Self.sourcePath(from)
        guard let scheme = URLComponents(string: to)?.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw .badTarget("a PostgreSQL URL, postgres://user:password@host:5432/database")
        }
        targetURL = to
    }

    /// The store file `sqlite:PATH` names.
    public static func sourcePath(_ argument: String) throws(StoreMigrationError) -> String {
        guard argument.hasPrefix("sqlite:"), argument.count > "sqlite:".count else {
            throw .badSource("sqlite:PATH, the store's file or its data directory (sqlite:./var)")
        }
        let path = String(argument.dropFirst("sqlite:".count))
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .badSource("no such file or directory: \(path)")
        }
        let file = isDirectory.boolValue ? (path as NSString).appendingPathComponent("siang.sqlite") : path
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .badSource("no siang.sqlite in \(path)")
        }
        return file
    }

    /// Copies, moves the identity sequences past the copied ids and counts both sides. `progress`
    /// gets a line per batch (a table's name and row counts, nothing stored in it).
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        try await checkSourceKeys()
        let source = try openSource()
        let target = try await PostgresStore(url: targetURL, cipher: cipher, maxConnections: 2, connectTimeout: connectTimeout)
        defer { target.close() }
        let tables = try await target.read { c in try await MigrationCatalogue.tables(c) }.filter { $0.name != Self.ownTable }
        let present = try await checkSource(source, against: tables)
        var counts: [(MigratedTable, Int, Int)] = []
        for table in tables {
            let sourceCount = present.contains(table.name) ? try await count(source, table) : 0
            let targetCount = try await target.read { c in try await c.one(Self.countQuery(table), as: Int.self) ?? 0 }
            guard targetCount <= sourceCount else {
                throw StoreMigrationError.targetHoldsOtherData("\(table.name) holds \(targetCount) rows, the SQLite store \(sourceCount)")
            }
            counts.append((table, sourceCount, targetCount))
        }
        var batches = 0
        for (table, sourceCount, targetCount) in counts where present.contains(table.name) {
            var copier = TableCopy(table: table, source: source, target: target, batchSize: batchSize,
                                   total: sourceCount, already: targetCount)
            let stopped = try await copier.run(batches: &batches, limit: batchLimit, progress: progress)
            if stopped { return Outcome(counts: try await verify(tables, present, source, target), complete: false) }
        }
        for table in tables { try await moveSequence(table, target) }
        return Outcome(counts: try await verify(tables, present, source, target), complete: true)
    }

    /// Every row of `table` on each side, ordered by primary key (by every column for a table without
    /// one), to compare the two stores value by value after a copy.
    public func rows(of tableName: String) async throws -> (source: [[MigratedValue]], target: [[MigratedValue]]) {
        let source = try openSource()
        let target = try await PostgresStore(url: targetURL, cipher: cipher, maxConnections: 1, connectTimeout: connectTimeout)
        defer { target.close() }
        let tables = try await target.read { c in try await MigrationCatalogue.tables(c) }
        guard let table = tables.first(where: { $0.name == tableName }) else {
            throw StoreMigrationError.schemaMismatch("PostgreSQL has no table \(tableName)")
        }
        let order = table.primaryKey.isEmpty ? table.columns : table.primaryKey
        let sourceOrder = order.map(MigratedTable.quote).joined(separator: ", ")
        let sourceRows = try await source.read { db in
            try Row.fetchAll(db, sql: "SELECT \(table.columnList) FROM \(table.quotedName) ORDER BY \(sourceOrder)").map { row in
                try table.kinds.indices.map { i in
                    guard let value = table.kinds[i].convert(row[i] as DatabaseValue) else {
                        throw StoreMigrationError.unconvertible("\(table.name).\(table.columns[i])")
                    }
                    return value
                }
            }
        }
        // SQLite orders text by its bytes; so does the "C" collation.
        let targetOrder = order.map { column in
            let kind = table.kinds[table.columns.firstIndex(of: column)!]
            return MigratedTable.quote(column) + (kind == .text ? " COLLATE \"C\"" : "")
        }.joined(separator: ", ")
        let targetRows = try await target.read { c in
            try await c.rows(PostgresQuery(unsafeSQL: "SELECT \(table.columnList) FROM \(table.quotedName) ORDER BY \(targetOrder)"))
                .map { try TableCopy.decode($0, table) }
        }
        return (sourceRows, targetRows)
    }

    /// The key register is each store's own, not copied.
    static let ownTable = "data_keys"

    /// Opens the source as a store with the keys given (which seals an older store's plain values and
    /// refuses a wrong key) and refuses one in the middle of a key rotation: every value must be
    /// sealed with the one key the PostgreSQL servers will be given.
    private func checkSourceKeys() async throws {
        let store = try SQLiteStore(path: sourcePath, cipher: cipher)
        let keys = try await store.dataKeys()
        let inUse = keys.filter { $0.retiredAt == nil }
        guard inUse.map(\.keyID) == [cipher.current.id], inUse.first?.sealedAllAt != nil else {
            throw StoreMigrationError.badSource("a data key rotation is not finished; run `siang keys rotate` first")
        }
    }

    private func openSource() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            return try DatabaseQueue(path: sourcePath, configuration: configuration)
        } catch {
            throw StoreMigrationError.badSource("cannot open \(sourcePath) as a SQLite store")
        }
    }

    /// The target's tables the source has (a table only PostgreSQL has is left empty); refuses a
    /// source table or column the target has no place for, and a target column the source lacks.
    private func checkSource(_ source: DatabaseQueue, against tables: [MigratedTable]) async throws -> Set<String> {
        let sourceColumns = try await source.read { db -> [String: [String]] in
            let all = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table'")
            let virtual = all.filter { (($0["sql"] as String?) ?? "").uppercased().hasPrefix("CREATE VIRTUAL TABLE") }
                .map { $0["name"] as String }
            var out: [String: [String]] = [:]
            for row in all {
                let name: String = row["name"]
                // SQLite's and GRDB's own tables, and the full-text index (rebuilt from the cases).
                if name.hasPrefix("sqlite_") || name.hasPrefix("grdb_") { continue }
                // Each store's own register of data keys (the target registers the same key as it opens).
                if name == Self.ownTable { continue }
                // The embedded store's note of indexes a bulk hotline import put off; opening the
                // source has built them already, and PostgreSQL never puts them off.
                if name == "deferred_indexes" { continue }
                if virtual.contains(where: { name == $0 || name.hasPrefix($0 + "_") }) { continue }
                out[name] = try db.columns(in: name).map(\.name)
            }
            return out
        }
        let byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        for (name, columns) in sourceColumns.sorted(by: { $0.key < $1.key }) {
            guard let table = byName[name] else { throw StoreMigrationError.schemaMismatch("PostgreSQL has no table \(name)") }
            if let missing = columns.first(where: { !table.columns.contains($0) }) {
                throw StoreMigrationError.schemaMismatch("PostgreSQL has no column \(name).\(missing)")
            }
            if let missing = table.columns.first(where: { !columns.contains($0) }) {
                throw StoreMigrationError.schemaMismatch(
                    "the SQLite store has no column \(name).\(missing): open it once with this version of siang to bring it up to date")
            }
        }
        return Set(sourceColumns.keys)
    }

    private func count(_ source: DatabaseQueue, _ table: MigratedTable) async throws -> Int {
        try await source.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedName)") ?? 0 }
    }

    static func countQuery(_ table: MigratedTable) -> PostgresQuery {
        "SELECT count(*) FROM \(unescaped: table.quotedName)"
    }

    /// The next id PostgreSQL hands out must come after the copied ones.
    private func moveSequence(_ table: MigratedTable, _ target: PostgresStore) async throws {
        guard let identity = table.identity else { return }
        let column = MigratedTable.quote(identity)
        try await target.write { c in
            try await c.exec("""
                SELECT setval(pg_get_serial_sequence(\(table.quotedName), \(identity)), m)
                FROM (SELECT max(\(unescaped: column)) AS m FROM \(unescaped: table.quotedName)) AS highest
                WHERE m IS NOT NULL
                """)
        }
    }

    private func verify(_ tables: [MigratedTable], _ present: Set<String>, _ source: DatabaseQueue,
                        _ target: PostgresStore) async throws -> [TableCount] {
        var out: [TableCount] = []
        for table in tables {
            let sourceCount = present.contains(table.name) ? try await count(source, table) : 0
            let targetCount = try await target.read { c in try await c.one(Self.countQuery(table), as: Int.self) ?? 0 }
            out.append(TableCount(table: table.name, source: sourceCount, target: targetCount))
        }
        return out
    }
}
