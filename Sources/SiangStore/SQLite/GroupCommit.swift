import Foundation
import GRDB

/// Group commit for new cases: creates that arrive while a transaction is being written and synced
/// wait, then go to disk together in the next transaction, so many concurrent intakes share one
/// fsync instead of queueing for one each. A case that is refused (a colliding tracking ID) fails
/// alone; nobody is answered before the shared commit.
final class GroupCommit: @unchecked Sendable {
    typealias Waiter = CheckedContinuation<Result<CreateOutcome, StoreError>, Never>

    private let lock = NSLock()
    private var pending: [(SQLiteStore.PreparedCase, Waiter)] = []
    private var draining = false
    private let pool: DatabasePool
    private let decoder: JSONDecoder
    /// An upper bound on one transaction, so a burst does not make the first waiter wait for all.
    static let maxBatch = 128

    init(pool: DatabasePool, decoder: JSONDecoder) {
        self.pool = pool
        self.decoder = decoder
    }

    func submit(_ prepared: SQLiteStore.PreparedCase) async -> Result<CreateOutcome, StoreError> {
        await withCheckedContinuation { (waiter: Waiter) in
            lock.lock()
            pending.append((prepared, waiter))
            let start = !draining
            draining = true
            lock.unlock()
            if start { Task.detached { await self.drain() } }
        }
    }

    /// The next waiters, or none, in which case the drainer stops (under the lock, so a new waiter
    /// either joins this batch or starts the next drainer).
    private func takeBatch() -> [(SQLiteStore.PreparedCase, Waiter)] {
        lock.withLock {
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            if batch.isEmpty { draining = false }
            return batch
        }
    }

    /// Inserts one case into the shared transaction. The refusals a case can meet (a colliding
    /// tracking ID, a reused channel key) come before its first row is written, so they fail that
    /// case alone without a savepoint; savepoints are avoided because each one makes the search index
    /// flush (see ``SearchIndexSchema``). Any other error is thrown and ends the transaction.
    private static func insert(_ item: SQLiteStore.PreparedCase, db: Database, decoder: JSONDecoder) throws -> Result<CreateOutcome, StoreError> {
        do {
            return .success(try SQLiteStore.insert(item, db: db, decoder: decoder))
        } catch {
            let mapped = SQLiteStore.map(error)
            switch mapped {
            case .trackingIDTaken, .keyReusedForDifferentRequest: return .failure(mapped)
            default: throw error
            }
        }
    }

    private func drain() async {
        while true {
            let batch = takeBatch()
            if batch.isEmpty { return }
            let cases = batch.map(\.0)
            let decoder = self.decoder
            var results: [Result<CreateOutcome, StoreError>]
            do {
                results = try await pool.write { db in try cases.map { try Self.insert($0, db: db, decoder: decoder) } }
            } catch {
                // Something unforeseen rolled the shared transaction back: store each case alone, so
                // one bad case cannot take the others down with it.
                results = []
                for item in cases {
                    do {
                        results.append(try await pool.write { db in try Self.insert(item, db: db, decoder: decoder) })
                    } catch {
                        results.append(.failure(SQLiteStore.map(error)))
                    }
                }
            }
            for ((_, waiter), result) in zip(batch, results) { waiter.resume(returning: result) }
        }
    }
}
