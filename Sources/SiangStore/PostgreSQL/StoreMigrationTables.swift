import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// One stored value as `siang migrate` moves it: the few kinds both stores keep, compared exactly
/// (a REAL is the same double on both sides, bytes are bytes).
public enum MigratedValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
}

/// The kind of a PostgreSQL column, which decides how a SQLite value is bound into it.
enum MigratedColumnKind: Sendable {
    case integer, real, text, bytes

    init?(postgresType: String) {
        switch postgresType {
        case "bigint", "integer", "smallint": self = .integer
        case "double precision", "real": self = .real
        case "text", "character varying": self = .text
        case "bytea": self = .bytes
        default: return nil
        }
    }

    /// `value` read from SQLite as this column holds it; nil when it cannot be (a word in a number
    /// column): the migration then stops rather than guess.
    func convert(_ value: DatabaseValue) -> MigratedValue? {
        switch (self, value.storage) {
        case (_, .null): return .null
        case (.integer, .int64(let i)): return .integer(i)
        case (.integer, .double(let d)): return d.rounded() == d && abs(d) < 9.0e18 ? .integer(Int64(d)) : nil
        case (.real, .int64(let i)): return .real(Double(i))
        case (.real, .double(let d)): return .real(d)
        case (.text, .string(let s)): return .text(s)
        case (.text, .int64(let i)): return .text(String(i))
        case (.bytes, .blob(let data)): return .bytes([UInt8](data))
        case (.bytes, .string(let s)): return .bytes(Array(s.utf8))
        default: return nil
        }
    }

    /// The value of a PostgreSQL cell of this column.
    func decode(_ cell: PostgresCell) throws -> MigratedValue {
        guard cell.bytes != nil else { return .null }
        switch self {
        case .integer: return .integer(try cell.decode(Int64.self))
        case .real: return .real(try cell.decode(Double.self))
        case .text: return .text(try cell.decode(String.self))
        case .bytes: return .bytes(Array(buffer: try cell.decode(ByteBuffer.self)))
        }
    }
}

extension PostgresBindings {
    mutating func append(_ value: MigratedValue) {
        switch value {
        case .null: appendNull()
        case .integer(let i): append(i)
        case .real(let d): append(d)
        case .text(let s): append(s)
        case .bytes(let b): append(ByteBuffer(bytes: b))
        }
    }
}

/// A table as the migration copies it, read from the target's catalogue (the PostgreSQL schema is the
/// SQLite store's, table for table and column for column).
struct MigratedTable: Sendable {
    let name: String
    /// The columns copied, in the target's order.
    let columns: [String]
    let kinds: [MigratedColumnKind]
    /// The primary key's columns; empty for a table without one (copied in SQLite's rowid order).
    let primaryKey: [String]
    /// The identity column whose sequence must move past the copied ids.
    let identity: String?

    var quotedName: String { Self.quote(name) }
    var columnList: String { columns.map(Self.quote).joined(separator: ", ") }
    /// Where each key column sits among `columns`.
    var keyPositions: [Int] { primaryKey.map { key in columns.firstIndex(of: key)! } }

    /// A name from the catalogue, quoted as an SQL identifier (both SQLite and PostgreSQL read `"…"`).
    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Reads the tables to copy from the target's catalogue, parents before children.
enum MigrationCatalogue {
    /// Bookkeeping of the PostgreSQL store itself, never copied: its migrations, and the leader leases
    /// of running servers, the shared rate-limit allowances and secrets (the SQLite store, one server,
    /// has none of these: it counts in memory and keeps its secret in a file).
    static let ownTables: Set<String> = ["siang_migrations", "leases", "rate_limits", "shared_secrets"]

    static func tables(_ c: PostgresConnection) async throws -> [MigratedTable] {
        var columns: [String: [(String, MigratedColumnKind, Bool)]] = [:]
        let columnRows = try await c.rows("""
            SELECT c.table_name::text, c.column_name::text, c.data_type::text, c.is_identity::text
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
            ORDER BY c.table_name, c.ordinal_position
            """)
        for row in columnRows {
            let (table, column, type, identity) = try row.decode((String, String, String, String).self)
            guard !ownTables.contains(table) else { continue }
            guard let kind = MigratedColumnKind(postgresType: type) else {
                throw StoreMigrationError.schemaMismatch("\(table).\(column) is of a type siang migrate does not copy (\(type))")
            }
            columns[table, default: []].append((column, kind, identity == "YES"))
        }
        var keys: [String: [String]] = [:]
        for row in try await c.rows("""
            SELECT t.relname::text, a.attname::text
            FROM pg_index i
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE i.indisprimary AND n.nspname = current_schema()
            ORDER BY t.relname, k.position
            """) {
            let (table, column) = try row.decode((String, String).self)
            keys[table, default: []].append(column)
        }
        var parents: [String: Set<String>] = [:]
        for row in try await c.rows("""
            SELECT child.relname::text, parent.relname::text
            FROM pg_constraint k
            JOIN pg_class child ON child.oid = k.conrelid
            JOIN pg_class parent ON parent.oid = k.confrelid
            JOIN pg_namespace n ON n.oid = child.relnamespace
            WHERE k.contype = 'f' AND n.nspname = current_schema()
            """) {
            let (child, parent) = try row.decode((String, String).self)
            if child != parent { parents[child, default: []].insert(parent) }
        }
        let tables = columns.keys.sorted().map { name in
            let cols = columns[name]!
            return MigratedTable(name: name, columns: cols.map(\.0), kinds: cols.map(\.1),
                                 primaryKey: keys[name] ?? [], identity: cols.first(where: \.2)?.0)
        }
        return try parentsFirst(tables, parents: parents)
    }

    /// `tables` with every table after the tables its foreign keys name (by name among equals, so
    /// every run copies in the same order).
    static func parentsFirst(_ tables: [MigratedTable], parents: [String: Set<String>]) throws -> [MigratedTable] {
        var placed: Set<String> = []
        var ordered: [MigratedTable] = []
        var left = tables
        while !left.isEmpty {
            let ready = left.filter { (parents[$0.name] ?? []).subtracting([$0.name]).isSubset(of: placed) }
            guard !ready.isEmpty else {
                throw StoreMigrationError.schemaMismatch("the foreign keys of \(left.map(\.name).joined(separator: ", ")) form a cycle")
            }
            ordered += ready
            placed.formUnion(ready.map(\.name))
            left.removeAll { placed.contains($0.name) }
        }
        return ordered
    }
}
