import Foundation
import Logging
import NIOCore
import PostgresNIO
import SiangCore

/// The scale-out store (DESIGN.md 5.11): PostgreSQL through postgres-nio's connection pool, behind the
/// same protocols as ``SQLiteStore`` and held to the same contract suite.
///
/// Writes run as SERIALIZABLE transactions and are retried when PostgreSQL finds them in conflict
/// with another (40001, 40P01): each write then behaves as if it ran alone, which is what the SQLite
/// store's single writer gives, so the two stores keep one set of semantics while several servers
/// write at once. A call returns only after COMMIT, and PostgreSQL's `synchronous_commit` (on by
/// default) makes that durable.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    /// The most connections the pool opens (for `/metrics`).
    public let maxConnections: Int
    let runner: Task<Void, Never>
    let encoder: JSONEncoder
    let decoder: JSONDecoder
    /// What `/metrics` shows (``poolStatistics``).
    let counters = PostgresStoreCounters()
    /// postgres-nio logs statements and their bound values at debug level: never at all here, as the
    /// values are citizens' messages and contacts.
    static let quiet = Logger(label: "siang.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    /// Seals contacts, attachment names, outbox payloads and inbox bodies (``SealedColumns``).
    public let cipher: PersonalDataCipher
    /// Attempts at a write that keeps meeting serialization conflicts before it is given up.
    static let writeAttempts = 12

    /// Connects to `url` (`postgres://user:password@host:port/database`, `?sslmode=disable|prefer|require`),
    /// runs the migrations not yet run (once, under an advisory lock, whatever the number of servers
    /// starting at once), and keeps a pool of at most `maxConnections`.
    /// A server that cannot be reached within `connectTimeout` is `.unavailable` (the pool itself
    /// would keep trying).
    public init(url: String, cipher: PersonalDataCipher, maxConnections: Int = 20,
                connectTimeout: Duration = .seconds(20)) async throws(StoreError) {
        self.cipher = cipher
        let configuration = try PostgresURL.parse(url, maxConnections: maxConnections)
        self.maxConnections = maxConnections
        client = PostgresClient(configuration: configuration, backgroundLogger: Self.quiet)
        let client = client
        runner = Task { await client.run() }
        encoder = JSONEncoder()
        encoder.dateEncodingStrategy = StoredDate.encoding
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        decoder = JSONDecoder()
        decoder.dateDecodingStrategy = StoredDate.decoding
        do {
            // The timeout is for reaching the server; the migrations that follow take what they take
            // (on a busy machine, or a large database, that can be longer).
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await client.withConnection { c in try await c.exec("SELECT 1") } }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    throw StoreError.unavailable("PostgreSQL did not answer within \(connectTimeout)")
                }
                try await group.next()
                group.cancelAll()
            }
            try await PostgresMigrator.migrate(client)
        } catch {
            runner.cancel()
            throw Self.map(error)
        }
        do {
            try await openSealedData()
        } catch {
            runner.cancel()
            throw error
        }
    }

    /// `url` without its password, for messages.
    public static func redacted(_ url: String) -> String { PostgresURL.redacted(url) }

    /// Closes the pool's connections.
    public func close() {
        runner.cancel()
    }

    deinit { runner.cancel() }

    // MARK: Reads and writes

    /// A read on one pooled connection (autocommit: each statement sees the latest commits).
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        counters.bump(.inFlight)
        defer { counters.bump(.inFlight, by: -1) }
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            counters.bump(.errors)
            throw Self.map(error)
        }
    }

    /// How a write's transaction is isolated.
    enum WriteIsolation: String {
        /// The default: PostgreSQL checks that the transaction could have run alone, so a body may read
        /// and decide on what it read.
        case serializable = "SERIALIZABLE"
        /// For bodies that only insert rows of their own and rely on unique constraints (and row locks)
        /// for the rest, such as a new case: SERIALIZABLE's page-level predicate locks would fail
        /// unrelated new cases that merely land on the same index pages (most of them under load).
        case readCommitted = "READ COMMITTED"
    }

    /// A write: one transaction (SERIALIZABLE unless told), committed before this returns, retried from
    /// the start when PostgreSQL reports a serialization conflict or a deadlock, or when `retryingOn`
    /// says so of an error. `body` must therefore do nothing but database work (it may run more than once).
    func write<T: Sendable>(isolation: WriteIsolation = .serializable, retryingOn retryable: (any Error) -> Bool = { _ in false },
                            _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        counters.bump(.inFlight)
        defer { counters.bump(.inFlight, by: -1) }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL " + isolation.rawValue), logger: Self.quiet)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: Self.quiet)
                        return value
                    } catch {
                        // A failed ROLLBACK leaves the connection broken; the pool then closes it.
                        _ = try? await connection.query("ROLLBACK", logger: Self.quiet)
                        throw error
                    }
                }
            } catch {
                if Self.isRetryable(error) || retryable(error), attempt < Self.writeAttempts {
                    // A short random pause so two conflicting writers do not meet again in step.
                    counters.bump(.serializationRetries)
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 1...(4 * attempt))))
                    continue
                }
                counters.bump(.errors)
                throw Self.map(error)
            }
        }
    }

    // MARK: Errors

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func isRetryable(_ error: any Error) -> Bool {
        guard let state = sqlState(error) else { return false }
        return state == "40001" || state == "40P01"
    }

    /// True when `error` is a unique violation of `constraint` (PostgreSQL's name for it, such as
    /// `cases_tracking_id_key`).
    static func isUniqueViolation(_ error: any Error, constraint: String? = nil) -> Bool {
        guard let info = (error as? PSQLError)?.serverInfo, info[.sqlState] == "23505" else { return false }
        return constraint == nil || info[.constraintName] == constraint
    }

    static func map(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let e = error as? DecodingError { return .unreadable(SQLiteStore.describe(e)) }
        if isUniqueViolation(error, constraint: "cases_tracking_id_key") { return .trackingIDTaken }
        if let e = error as? PSQLError {
            // The server's words (message and SQLSTATE), never the statement's bound values.
            let info = e.serverInfo
            let words = [info?[.sqlState], info?[.message]].compactMap { $0 }.joined(separator: " ")
            return .unavailable("PostgreSQL: \(words.isEmpty ? "\(e.code)" : words)")
        }
        if error is PostgresDecodingError { return .unreadable("a stored value of an unexpected type") }
        return .unavailable("PostgreSQL: \(error)")
    }

    func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    // MARK: Health

    public func checkReachable() async throws(StoreError) {
        try await read { c in
            for try await _ in try await c.query("SELECT id FROM cases ORDER BY id DESC LIMIT 1", logger: Self.quiet) {}
        }
    }

    public func caseCount() async throws(StoreError) -> Int {
        try await read { c in try await c.one("SELECT count(*) FROM cases", as: Int.self) ?? 0 }
    }
}

extension PostgresStore: CaseStore, ReportStore, EvidenceStore, ScoringCoreExportStore, StaffContactStore, StaffDigestStore {}
