import Foundation
import GRDB
import Synchronization

/// Read-only connections of the store's own for ``SQLiteStore/quickRead(_:)``, lent only when one is
/// idle, never waited for.
///
/// A quick read runs on the calling thread, which in the server is one of Swift's cooperative threads
/// (one per core). It must never block there waiting for a connection: GRDB's pool lends its readers to
/// async reads whose tasks then need a cooperative thread to go on, so cooperative threads blocked in
/// the pool's synchronous `read` can wait for each other for ever. The soak (bench/soak.sh) saw exactly
/// that: two tracking lookups blocked both threads of a two-core machine while async reads held every
/// reader, and the server never answered again. These connections belong to quick reads alone, and a
/// quick read that finds none idle goes the async way instead of waiting.
final class QuickReaders: Sendable {
    private let idle: Mutex<[DatabaseQueue]>

    /// `count` read-only connections to the database at `path`, prepared as `configuration` prepares
    /// the pool's readers.
    init(path: String, count: Int, configuration: Configuration) throws {
        var readOnly = configuration
        readOnly.readonly = true
        // A quick read that cannot read at once (a WAL reset under way) falls back rather than waits.
        readOnly.busyMode = .immediateError
        idle = Mutex(try (0..<count).map { _ in try DatabaseQueue(path: path, configuration: readOnly) })
    }

    /// Runs `body` on an idle connection, or returns nil at once when every one is lent out.
    func read<T>(_ body: (Database) throws -> T) throws -> T? {
        guard let connection = idle.withLock({ $0.popLast() }) else { return nil }
        defer { idle.withLock { $0.append(connection) } }
        return try connection.read(body)
    }
}
