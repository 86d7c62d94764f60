import Foundation
import GRDBSQLite
import SiangCore
import Synchronization

/// Read-only SQLite connections of their own for the one read a citizen's tracking lookup makes
/// (`SELECT view FROM case_tracking WHERE tracking_id = ?`), through SQLite's C API.
///
/// The same read through GRDB (``QuickReaders``) cost more than the row: a `DispatchQueue.sync` onto
/// the connection's queue, `BEGIN` and `COMMIT` around one statement, the statement cache's lookup by
/// SQL text, boxed arguments and a copy of the blob. With all of it, lookups ran at 0.26 x the bare
/// Hummingbird route, where a malformed ID (the same stack, no read) ran at 0.63 x (bench/README.md,
/// "Tracking lookups"). Here a lookup takes an idle connection, binds the ID to its prepared
/// statement, decodes the blob where SQLite holds it and resets the statement. One statement reads
/// from one snapshot by itself, so no transaction is needed.
///
/// Like ``QuickReaders`` it never waits: with every connection lent out, or the database busy for a
/// moment (a WAL reset), it answers ``Lookup/unavailable`` and the caller reads the ordinary way.
final class TrackingReaders: Sendable {
    enum Lookup {
        case found(TrackedCase)
        case absent
        /// No idle connection, or SQLite was busy: read through the pool instead.
        case unavailable
    }

    /// A connection and its prepared statement, used by one thread at a time (the pool lends it out).
    final class Connection: @unchecked Sendable {
        let db: OpaquePointer
        let statement: OpaquePointer

        init(path: String) throws(StoreError) {
            var db: OpaquePointer?
            // NOMUTEX: the pool never lends a connection to two threads at once.
            let opened = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil)
            guard opened == SQLITE_OK, let db else {
                let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "code \(opened)"
                sqlite3_close_v2(db)
                throw .unavailable("cannot open a tracking reader on \(path): \(message)")
            }
            var statement: OpaquePointer?
            let sql = "SELECT view FROM case_tracking WHERE tracking_id = ?"
            guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                let message = String(cString: sqlite3_errmsg(db))
                sqlite3_close_v2(db)
                throw .unavailable("cannot prepare the tracking read: \(message)")
            }
            self.db = db
            self.statement = statement
        }

        deinit {
            sqlite3_finalize(statement)
            sqlite3_close_v2(db)
        }

        func read(_ id: TrackingID) throws(StoreError) -> Lookup {
            // The statement is reset before the bound text goes out of scope, so SQLite need not copy it.
            var key = id.description
            let stepped: Result<Lookup, StoreError> = key.withUTF8 { utf8 in
                defer {
                    sqlite3_reset(statement)
                    sqlite3_clear_bindings(statement)
                }
                sqlite3_bind_text(statement, 1, UnsafeRawPointer(utf8.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) },
                                  Int32(utf8.count), nil)
                switch sqlite3_step(statement) {
                case SQLITE_ROW:
                    let count = Int(sqlite3_column_bytes(statement, 0))
                    let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 0), count: count)
                    guard let tracked = TrackedCaseBytes.decode(bytes, trackingID: id) else {
                        return .failure(.unreadable("the tracked view of case \(id)"))
                    }
                    return .success(.found(tracked))
                case SQLITE_DONE:
                    return .success(.absent)
                case SQLITE_BUSY, SQLITE_LOCKED:
                    return .success(.unavailable)
                case let code:
                    return .failure(.unavailable("the tracking read failed: \(String(cString: sqlite3_errstr(code)))"))
                }
            }
            return try stepped.get()
        }
    }

    private let idle: Mutex<[Connection]>

    /// `count` connections to the database at `path`, which must be migrated already.
    init(path: String, count: Int) throws(StoreError) {
        var connections: [Connection] = []
        for _ in 0..<count { connections.append(try Connection(path: path)) }
        idle = Mutex(connections)
    }

    func read(_ id: TrackingID) throws(StoreError) -> Lookup {
        guard let connection = idle.withLock({ $0.popLast() }) else { return .unavailable }
        defer { idle.withLock { $0.append(connection) } }
        return try connection.read(id)
    }
}
