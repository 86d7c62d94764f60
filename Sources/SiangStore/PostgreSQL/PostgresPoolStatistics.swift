import Synchronization

/// What `/metrics` shows of the PostgreSQL store's pool: its size, the operations holding or waiting
/// for a connection now, and how often writes were retried or the store failed since start.
public struct PostgresPoolStatistics: Sendable, Equatable {
    /// The most connections the pool opens.
    public var maxConnections: Int
    /// Reads and writes running now (holding a connection or waiting for one).
    public var inFlight: Int
    /// SERIALIZABLE writes run again after a serialization conflict or a deadlock.
    public var serializationRetries: Int
    /// Reads and writes that ended in an error (after any retries).
    public var errors: Int
}

/// The counters behind ``PostgresPoolStatistics``, bumped by `read` and `write`: relaxed atomics, as
/// they cost every store call and only feed a scrape.
final class PostgresStoreCounters: Sendable {
    let inFlight = Atomic<Int>(0)
    let serializationRetries = Atomic<Int>(0)
    let errors = Atomic<Int>(0)

    enum Counter { case inFlight, serializationRetries, errors }

    func bump(_ counter: Counter, by delta: Int = 1) {
        switch counter {
        case .inFlight: inFlight.wrappingAdd(delta, ordering: .relaxed)
        case .serializationRetries: serializationRetries.wrappingAdd(delta, ordering: .relaxed)
        case .errors: errors.wrappingAdd(delta, ordering: .relaxed)
        }
    }
}

extension PostgresStore {
    public var poolStatistics: PostgresPoolStatistics {
        PostgresPoolStatistics(maxConnections: maxConnections, inFlight: counters.inFlight.load(ordering: .relaxed),
                               serializationRetries: counters.serializationRetries.load(ordering: .relaxed),
                               errors: counters.errors.load(ordering: .relaxed))
    }
}
