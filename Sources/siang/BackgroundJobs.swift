import SiangPipeline
import SiangStore

/// The background work of `siang serve`. On the embedded SQLite store (one server) each job simply
/// runs; on PostgreSQL, where several servers share the database, each job runs under its leader
/// lease (``LeasedJob``), so it runs in one server at a time and moves when that server dies.
struct BackgroundJobs {
    let leases: (any LeaseStore)?
    let holder = LeasedJob.processHolder()
    private(set) var tasks: [Task<Void, Never>] = []

    init(store: any AgencyStore) {
        leases = store is PostgresStore ? store as? any LeaseStore : nil
    }

    mutating func start(_ name: String, _ job: @escaping @Sendable () async -> Void) {
        if let leases {
            let leased = LeasedJob(name, store: leases, holder: holder)
            tasks.append(Task { await leased.run(job) })
        } else {
            tasks.append(Task { await job() })
        }
    }

    func cancelAll() {
        tasks.forEach { $0.cancel() }
    }
}
