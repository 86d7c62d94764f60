import Foundation
import GRDB
import PostgresNIO

/// One row read from SQLite: where it stands in the copy order, and its values for PostgreSQL.
struct MigratedRow: Sendable {
    /// The primary key (or rowid) as SQLite holds it, to read on after it.
    let position: [DatabaseValue]
    let values: [MigratedValue]
}

/// Copies one table in batches, each its own transaction, going on after the rows a cut-off run left.
struct TableCopy {
    let table: MigratedTable
    let source: DatabaseQueue
    let target: PostgresStore
    let batchSize: Int
    /// The table's rows in the source.
    let total: Int
    /// Rows in the target so far.
    var copied: Int

    init(table: MigratedTable, source: DatabaseQueue, target: PostgresStore, batchSize: Int, total: Int, already: Int) {
        self.table = table
        self.source = source
        self.target = target
        // PostgreSQL binds at most 65,535 parameters in one statement.
        self.batchSize = max(1, min(batchSize, 60_000 / max(1, table.columns.count)))
        self.total = total
        copied = already
    }

    /// The ordering columns in SQLite: the primary key, or the rowid of a table without one.
    private var orderColumns: [String] {
        table.primaryKey.isEmpty ? ["rowid"] : table.primaryKey.map(MigratedTable.quote)
    }

    /// Copies every batch; true when it stopped because `batches` reached `limit`.
    mutating func run(batches: inout Int, limit: Int?, progress: @Sendable (String) -> Void) async throws -> Bool {
        // A keyed table is read from the start, its rows already there checked against the source's
        // by the insert; a table without a key goes on after its copied prefix.
        var after = table.primaryKey.isEmpty ? try await checkCopiedPrefix() : nil
        if copied == total, table.primaryKey.isEmpty {
            progress("\(table.name): \(total) of \(total) rows")
            return false
        }
        while true {
            let rows = try await read(after: after, limit: batchSize)
            guard let last = rows.last else { break }
            after = last.position
            copied += try await write(rows)
            batches += 1
            progress("\(table.name): \(copied) of \(total) rows")
            if let limit, batches >= limit { return true }
        }
        return false
    }

    /// One batch in one transaction. A refusal comes out as itself, not as the store's `.unavailable`.
    private func write(_ rows: [MigratedRow]) async throws -> Int {
        let table = table
        var refusal: StoreMigrationError?
        do {
            return try await target.write { c in
                do {
                    return try await Self.insert(rows, into: table, c)
                } catch let error as StoreMigrationError {
                    refusal = error
                    throw error
                }
            }
        } catch {
            throw refusal ?? error
        }
    }

    /// Up to `limit` rows in key order after `after` (from the start when nil).
    private func read(after: [DatabaseValue]?, limit: Int) async throws -> [MigratedRow] {
        let order = orderColumns.joined(separator: ", ")
        var sql = "SELECT \(order), \(table.columnList) FROM \(table.quotedName)"
        var arguments = StatementArguments()
        if let after {
            sql += " WHERE (\(order)) > (\(after.map { _ in "?" }.joined(separator: ", ")))"
            arguments += StatementArguments(after)
        }
        sql += " ORDER BY \(order) LIMIT ?"
        arguments += [limit]
        let table = table
        let keys = orderColumns.count
        let (query, bound) = (sql, arguments)
        return try await source.read { db in
            try Row.fetchAll(db, sql: query, arguments: bound).map { row in
                let values = try table.columns.indices.map { i in
                    guard let value = table.kinds[i].convert(row[keys + i] as DatabaseValue) else {
                        throw StoreMigrationError.unconvertible("\(table.name).\(table.columns[i]) holds a value of another type")
                    }
                    return value
                }
                return MigratedRow(position: (0..<keys).map { row[$0] as DatabaseValue }, values: values)
            }
        }
    }

    /// Inserts `rows`, leaving rows already there; those must be the same rows. The number inserted.
    private static func insert(_ rows: [MigratedRow], into table: MigratedTable, _ c: PostgresConnection) async throws -> Int {
        var binds = PostgresBindings()
        var tuples: [String] = []
        var n = 0
        for row in rows {
            var placeholders: [String] = []
            for value in row.values {
                binds.append(value)
                n += 1
                placeholders.append("$\(n)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        // Ids are kept: an identity column takes the copied value.
        let overriding = table.identity == nil ? "" : " OVERRIDING SYSTEM VALUE"
        let sql = "INSERT INTO \(table.quotedName) (\(table.columnList))\(overriding) VALUES \(tuples.joined(separator: ", "))"
            + " ON CONFLICT DO NOTHING RETURNING 1"
        let inserted = try await c.count(PostgresQuery(unsafeSQL: sql, binds: binds))
        if inserted < rows.count {
            guard !table.primaryKey.isEmpty else {
                throw StoreMigrationError.targetHoldsOtherData("\(table.name) holds rows that conflict with the SQLite store's")
            }
            try await checkSame(rows, in: table, c)
        }
        return inserted
    }

    /// Every row of `rows` is in the target with the same values (an earlier run's copy), or this is
    /// not the same store.
    private static func checkSame(_ rows: [MigratedRow], in table: MigratedTable, _ c: PostgresConnection) async throws {
        let positions = table.keyPositions
        var binds = PostgresBindings()
        var tuples: [String] = []
        var n = 0
        for row in rows {
            var placeholders: [String] = []
            for p in positions {
                binds.append(row.values[p])
                n += 1
                placeholders.append("$\(n)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        let keys = table.primaryKey.map(MigratedTable.quote).joined(separator: ", ")
        let sql = "SELECT \(table.columnList) FROM \(table.quotedName) WHERE (\(keys)) IN (\(tuples.joined(separator: ", ")))"
        var stored: [[MigratedValue]: [MigratedValue]] = [:]
        for row in try await c.rows(PostgresQuery(unsafeSQL: sql, binds: binds)) {
            let values = try decode(row, table)
            stored[positions.map { values[$0] }] = values
        }
        for row in rows where stored[positions.map { row.values[$0] }] != row.values {
            throw StoreMigrationError.targetHoldsOtherData(
                "\(table.name) holds different rows under the same keys (or the same unique values under other keys)")
        }
    }

    static func decode(_ row: PostgresRow, _ table: MigratedTable) throws -> [MigratedValue] {
        try zip(row, table.kinds).map { cell, kind in try kind.decode(cell) }
    }

    /// For a table without a key: the rows already in the target must be the source's first rows
    /// (a cut-off run copies in rowid order); the position to go on after, nil when none is copied.
    private func checkCopiedPrefix() async throws -> [DatabaseValue]? {
        guard copied > 0 else { return nil }
        let prefix = try await read(after: nil, limit: copied)
        let table = table
        let stored = try await target.read { c in
            try await c.rows(PostgresQuery(unsafeSQL: "SELECT \(table.columnList) FROM \(table.quotedName)")).map { try Self.decode($0, table) }
        }
        func tally(_ rows: [[MigratedValue]]) -> [[MigratedValue]: Int] { rows.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        guard tally(prefix.map(\.values)) == tally(stored) else {
            throw StoreMigrationError.targetHoldsOtherData("\(table.name) holds rows the SQLite store does not have")
        }
        return prefix.last?.position
    }
}
