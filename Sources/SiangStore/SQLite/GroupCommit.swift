import Foundation
import GRDB

/// Group commit for new cases: creates that arrive while a transaction is being written and synced
/// wait, then go to disk together in the next transaction, so many concurrent intakes share one
/// fsync instead of queueing for one each. Every case sits in its own savepoint, so one that fails
/// (a colliding tracking ID) is rolled back alone; nobody is answered before the shared commit.
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

    private func drain() async {
        while true {
            let batch = takeBatch()
            if batch.isEmpty { return }
            let cases = batch.map(\.0)
            let decoder = self.decoder
            let results: [Result<CreateOutcome, StoreError>]
            do {
                results = try await pool.write { db in
                    cases.map { item -> Result<CreateOutcome, StoreError> in
                        var outcome: CreateOutcome?
                        do {
                            try db.inSavepoint {
                                outcome = try SQLiteStore.insert(item, db: db, decoder: decoder)
                                return .commit
                            }
                            return .success(outcome!)
                        } catch {
                            return .failure(SQLiteStore.map(error))
                        }
                    }
                }
            } catch {
                results = batch.map { _ in .failure(SQLiteStore.map(error)) }
            }
            for ((_, waiter), result) in zip(batch, results) { waiter.resume(returning: result) }
        }
    }
}
