import GRDB
import GRDBSQLite

extension Statement {
    /// Runs this single-row INSERT with values bound straight through SQLite's C API.
    ///
    /// GRDB's `execute(arguments:)` boxes every value as a `DatabaseValue` in an array and checks
    /// the arguments against the statement on each call; for the inserts a new case makes (a bulk
    /// import makes about ten per row) that cost more than SQLite's own work. Only for statements
    /// that are always run this way (prepared with `cachedStatement`, on the writer's connection).
    func insertRow(_ bind: (inout RowBinder) -> Void) throws {
        let statement = sqliteStatement
        sqlite3_reset(statement)
        var binder = RowBinder(statement: statement)
        bind(&binder)
        let code = sqlite3_step(statement)
        defer { sqlite3_reset(statement) }
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(statement)))
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}

/// Binds the parameters of one statement in order, `nil` as NULL.
struct RowBinder {
    let statement: OpaquePointer
    private var index: Int32 = 1
    /// SQLite copies the bytes, so a Swift string's storage need not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(statement: OpaquePointer) { self.statement = statement }

    mutating func bind(_ value: String?) {
        if var value {
            value.withUTF8 { bytes in
                if let base = bytes.baseAddress, !bytes.isEmpty {
                    base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                        _ = sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.transient)
                    }
                } else {
                    _ = sqlite3_bind_text(statement, index, "", 0, nil)
                }
            }
        } else {
            sqlite3_bind_null(statement, index)
        }
        index += 1
    }

    mutating func bind(_ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    mutating func bind(_ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
        index += 1
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    /// A blob, never NULL: no bytes are a zero-length blob.
    mutating func bind(bytes: [UInt8]) {
        if bytes.isEmpty {
            sqlite3_bind_zeroblob(statement, index, 0)
        } else {
            bytes.withUnsafeBytes { _ = sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient) }
        }
        index += 1
    }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }
}
