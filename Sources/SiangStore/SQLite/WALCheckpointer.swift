import GRDB

/// Copies committed pages from the write-ahead log into the database file, on a connection and
/// thread of its own.
///
/// Left to itself SQLite checkpoints inside the commit that crosses `wal_autocheckpoint`, so the one
/// writer stops to copy and sync the log while intake waits behind it; on a bulk import that was a
/// tenth of the writer's time. A passive checkpoint from another connection needs no write lock,
/// so here it runs beside the writer on the other core. The writer keeps a high
/// `wal_autocheckpoint` of its own as a backstop should this ever fall behind.
final class WALCheckpointer: Sendable {
    /// How often to look at the log; a look that finds nothing to copy costs a few microseconds. Often,
    /// because what a checkpoint costs intake is its sync of the database file: the pages it copies are
    /// scattered over the file, and a commit's sync of the log waits behind them on the disk. Every
    /// 100 ms a checkpoint's sync took 75-106 ms under 64 connections of intake over 1,000,000 cases and
    /// the intake's p99 was 129-146 ms; every 5 ms the syncs are small and the p99 was 52-57 ms
    /// (bench/README.md, "Intake tail").
    static let interval = Duration.milliseconds(5)
    /// The writer's own threshold (pages) behind this one.
    static let writerBackstopPages = 20_000

    private let connection: DatabaseQueue
    private let task: Task<Void, Never>

    init(path: String) throws {
        var config = Configuration()
        config.label = "siang.checkpointer"
        // Never wait on the writer: a checkpoint that cannot start now runs at the next look.
        config.busyMode = .immediateError
        let connection = try DatabaseQueue(path: path, configuration: config)
        self.connection = connection
        task = Task.detached(priority: .utility) {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
        }
    }

    /// Closing here, not whenever the task next wakes, lets the last connection to close fold the log
    /// into the database file and remove it when the store goes away.
    deinit {
        task.cancel()
        try? connection.close()
    }
}
