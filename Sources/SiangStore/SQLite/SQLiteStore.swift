import Foundation
import GRDB
import SiangCore

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a commit is on disk
/// through a power cut before any caller acknowledges it.
///
/// GRDB's pool gives many concurrent readers and one writer; all writes are short transactions.
public final class SQLiteStore: CaseStore {
    let pool: DatabasePool
    let encoder: JSONEncoder
    let decoder: JSONDecoder
    let groupCommit: GroupCommit
    let checkpointer: WALCheckpointer
    let quickReaders: QuickReaders
    let trackingReaders: TrackingReaders
    /// Seals contacts, attachment names, outbox payloads and inbox bodies (``SealedColumns``).
    public let cipher: PersonalDataCipher

    /// Opens (creating and migrating as needed) the database at `path`, whose personal data is
    /// sealed with `cipher`'s keys. `trackingReaders` is how many connections of their own tracking
    /// lookups have (``TrackingReaders``); with none, every lookup reads through the pool.
    public init(path: String, cipher: PersonalDataCipher,
                trackingReaders: Int = ProcessInfo.processInfo.activeProcessorCount) throws(StoreError) {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            if !db.configuration.readonly {
                // The one writer touches index pages all over the file (tracking IDs are random); a
                // larger page cache than SQLite's 2 MiB keeps them in memory between transactions.
                // Readers keep the default, so memory stays bounded however many there are.
                try db.execute(sql: "PRAGMA cache_size = -32768")
                // A statement SQLite must be able to undo alone (one that fires triggers) keeps a
                // statement journal; on disk it was written page by page (nine 4 KiB pages a case
                // while the search index was filled by a trigger). It only ever lives for one
                // statement, so memory is the right place for it.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(WALCheckpointer.writerBackstopPages)")
                // A value overwritten or deleted (a plain contact sealed, an erased one) is zeroed in
                // the file rather than left in a free page.
                try db.execute(sql: "PRAGMA secure_delete = ON")
            }
        }
        do {
            // Made owner-only before SQLite opens it, so the -wal and -shm files SQLite makes take its mode.
            try OwnerOnly.file(path)
            for companion in ["-wal", "-shm"] { try OwnerOnly.tightenIfPresent(path + companion) }
            pool = try DatabasePool(path: path, configuration: config)
            try Migrations.migrator.migrate(pool)
            checkpointer = try WALCheckpointer(path: path)
            quickReaders = try QuickReaders(path: path, count: ProcessInfo.processInfo.activeProcessorCount, configuration: config)
            self.trackingReaders = try TrackingReaders(path: path, count: trackingReaders)
        } catch {
            throw .unavailable("cannot open \(path): \(error)")
        }
        encoder = JSONEncoder()
        encoder.dateEncodingStrategy = StoredDate.encoding
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        decoder = JSONDecoder()
        decoder.dateDecodingStrategy = StoredDate.decoding
        groupCommit = GroupCommit(pool: pool, decoder: decoder)
        self.cipher = cipher
        try openSealedData()
        try buildDeferredIndexesLeftBehind()
    }

    /// Opens the store file inside a data directory, creating the directory.
    public convenience init(dataDirectory: String, cipher: PersonalDataCipher) throws(StoreError) {
        do {
            try OwnerOnly.directory(dataDirectory)
        } catch {
            throw .unavailable("cannot create \(dataDirectory)")
        }
        try self.init(path: (dataDirectory as NSString).appendingPathComponent("siang.sqlite"), cipher: cipher)
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw Self.map(error) }
    }

    /// A read on the calling thread, for short indexed lookups on the busiest path (a citizen's
    /// tracking lookup): sending a read of a few dozen microseconds to a reader queue and back cost
    /// more in thread switches than the read. It takes one of its own connections only when one is idle
    /// (``QuickReaders``, which says why it never waits) and is otherwise an ordinary async read.
    /// Never for reads that scan.
    func quickRead<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            if let answer = try quickReaders.read(body) { return answer }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // Busy for a moment: the async read below waits its turn off the cooperative threads.
        } catch {
            throw Self.map(error)
        }
        return try await read(body)
    }

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.write(body) } catch { throw Self.map(error) }
    }

    static func map(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? DecodingError { return .unreadable(describe(e)) }
        if let e = error as? DatabaseError, e.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE,
           let message = e.message, message.contains("cases.tracking_id") {
            return .trackingIDTaken
        }
        return .unavailable("\(error)")
    }

    /// A decoding error in words: the path and the problem, never the stored text.
    static func describe(_ error: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String { c.codingPath.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .dataCorrupted(let c): return "\(path(c)): \(c.debugDescription)"
        case .keyNotFound(let key, let c): return "\(path(c)): no \(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(path(c)): \(c.debugDescription)"
        @unknown default: return "undecodable"
        }
    }

    /// The strings `sql` selects for `values`, where `sql` ends in `IN` and the list of values is
    /// added to it, after `leading` arguments. Asks in slices: SQLite limits bound parameters.
    static func strings(db: Database, sql: String, leading: [String] = [], in values: [String]) throws -> [String] {
        var out: [String] = []
        for start in stride(from: 0, to: values.count, by: 500) {
            let slice = values[start..<min(start + 500, values.count)]
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            out += try String.fetchAll(db, sql: "\(sql) (\(marks))", arguments: StatementArguments(leading + slice))
        }
        return out
    }

    func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func checkReachable() async throws(StoreError) {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT id FROM cases ORDER BY id DESC LIMIT 1") }
    }

    public func caseCount() async throws(StoreError) -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0 }
    }
}

extension Date {
    /// Stored as Unix seconds (REAL): compact, sortable, exact to the microsecond.
    var storedValue: Double { timeIntervalSince1970 }
    init(stored: Double) { self.init(timeIntervalSince1970: stored) }
}
