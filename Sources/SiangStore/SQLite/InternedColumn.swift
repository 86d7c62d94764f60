import Foundation
import GRDB
import GRDBSQLite

/// The values of one text column of a statement being stepped through SQLite's C API, made once per
/// distinct value: a column with few distinct values (a channel, a category, a queue, a survey's
/// source) costs a byte comparison a row instead of a string.
///
/// NULL is nil, and so is a value `make` refuses. The report readers (``CaseFactReader``,
/// ``SurveyFactReader``) read a million rows this way.
struct InternedColumn<Value> {
    private var keys: [[UInt8]] = []
    private var values: [Value?] = []
    private var last = 0
    private let make: (String) -> Value?
    /// Past this many distinct values the column is not worth interning; the rest are made each time.
    private static var limit: Int { 64 }

    init(_ make: @escaping (String) -> Value?) { self.make = make }

    mutating func value(_ s: OpaquePointer, _ column: Int32) -> Value? {
        guard let p = sqlite3_column_text(s, column) else { return nil }
        return value(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column))))
    }

    /// The value of `bytes` (UTF-8 text).
    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        value(bytes, make: make)
    }

    /// The value of column `column`, made by `make` when its bytes were not met before: for values
    /// that are places in a list the caller keeps (``SurveyFactColumns/place(_:)``).
    mutating func value(_ s: OpaquePointer, _ column: Int32, make: (String) -> Value?) -> Value? {
        guard let p = sqlite3_column_text(s, column) else { return nil }
        return value(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column))), make: make)
    }

    /// The value of `bytes`, made by `make` when they were not met before.
    mutating func value(_ bytes: UnsafeBufferPointer<UInt8>, make: (String) -> Value?) -> Value? {
        if last < keys.count, Self.equal(keys[last], bytes) { return values[last] }
        for i in keys.indices where Self.equal(keys[i], bytes) {
            last = i
            return values[i]
        }
        let value = make(String(decoding: bytes, as: UTF8.self))
        if keys.count < Self.limit {
            keys.append(Array(bytes))
            values.append(value)
            last = keys.count - 1
        }
        return value
    }

    private static func equal(_ key: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        key.count == bytes.count && (bytes.isEmpty || key.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
    }
}

extension InternedColumn where Value == String {
    /// A text column taken as it is.
    init() { self.init { $0 } }
}

extension InternedColumn where Value == Int32 {
    /// A text column whose values are places the caller makes at each look-up (`value(_:_:make:)`).
    init() { self.init { _ in nil } }
}

/// Steps a statement prepared by GRDB through SQLite's C API, for the readers that decode their rows
/// by hand.
enum SQLiteRows {
    /// Calls `row` for each row of `statement`, after `bind` has bound its parameters.
    static func each(_ statement: Statement, bind: (OpaquePointer) -> Void, row: (OpaquePointer) throws -> Void) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        sqlite3_clear_bindings(s)
        bind(s)
        defer { sqlite3_reset(s) }
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))),
                                    sql: statement.sql)
            }
            try row(s)
        }
    }

    /// Lets this connection read the database file through a memory map for the rest of its life.
    ///
    /// A report reads a few hundred megabytes of pages; read one `pread` at a time each page is
    /// copied from the kernel's cache into SQLite's (a reader keeps 2 MiB, so every page is copied
    /// again on the next report). Mapped, SQLite reads the kernel's cache where it is. SQLite caps the
    /// map at its compile-time limit (2 GiB on Linux) and reads anything past it as before.
    static func mapDatabaseFile(_ db: Database) throws {
        try db.execute(sql: "PRAGMA mmap_size = \(Int64(1) << 40)")
    }

    /// A text column as a string; nil for NULL.
    static func text(_ s: OpaquePointer, _ column: Int32) -> String? {
        guard let p = sqlite3_column_text(s, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column))), as: UTF8.self)
    }

    /// A text or blob column's bytes (valid until the next step); empty for NULL.
    static func bytes(_ s: OpaquePointer, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(s, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column)))
    }
}
