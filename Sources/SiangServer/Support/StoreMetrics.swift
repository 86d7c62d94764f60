import SiangStore

/// The store's part of `/metrics` and `/healthz`: which store answers, and on PostgreSQL its pool
/// (`siang_store_*`). The pool's counters live in ``PostgresStore`` (they count every read and
/// write), so they are written out at each scrape in Prometheus' text format after the registry's.
enum StoreMetrics {
    /// `sqlite` or `postgresql`, never the URL (which may carry a password).
    static func kind(of store: any CaseStore) -> String {
        store is PostgresStore ? "postgresql" : "sqlite"
    }

    /// The exposition lines of `store`'s pool; none for the embedded SQLite store, which has no pool.
    static func exposition(of store: any CaseStore) -> [UInt8] {
        guard let postgres = store as? PostgresStore else { return [] }
        let pool = postgres.poolStatistics
        let lines = [
            family("siang_store_pool_max_connections", "gauge", "The most connections the PostgreSQL pool opens.", pool.maxConnections),
            family("siang_store_operations_in_flight", "gauge", "Store reads and writes running now, holding or waiting for a connection.", pool.inFlight),
            family("siang_store_serialization_retries_total", "counter",
                   "SERIALIZABLE writes run again after a serialization conflict or deadlock.", pool.serializationRetries),
            family("siang_store_errors_total", "counter", "Store reads and writes that ended in an error.", pool.errors),
        ]
        return Array(lines.joined().utf8)
    }

    private static func family(_ name: String, _ type: String, _ help: String, _ value: Int) -> String {
        "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
    }
}
