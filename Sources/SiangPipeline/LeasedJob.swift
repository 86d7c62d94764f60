import Foundation
import SiangCore
import SiangStore

/// Runs a background job only while this server holds its leader lease (``LeaseStore``): several
/// servers sharing one database each start every job this way, one of them runs it, and when that
/// one dies the lease runs out and another starts it. A server that cannot renew its lease (the
/// database unreachable, or another holder took over) stops its job at once.
public struct LeasedJob: Sendable {
    public let name: String
    let store: any LeaseStore
    let holder: String
    let lease: TimeInterval
    let clock: any SiangClock

    /// `lease` is how long a lease lasts unrenewed: the longest a job stands still after its server dies.
    public init(_ name: String, store: any LeaseStore, holder: String, lease: TimeInterval = 15, clock: any SiangClock = SystemClock()) {
        self.name = name
        self.store = store
        self.holder = holder
        self.lease = lease
        self.clock = clock
    }

    /// A holder name unique to this process: host, process id and a random part.
    public static func processHolder() -> String {
        let host = ProcessInfo.processInfo.hostName
        return "\(host)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Renews the lease every third of its length and runs `job` while it is held, until cancelled;
    /// then stops the job and gives the lease up.
    public func run(_ job: @escaping @Sendable () async -> Void) async {
        var running: Task<Void, Never>?
        while !Task.isCancelled {
            let now = clock.now()
            let held = (try? await store.holdLease(name, holder: holder, until: now.addingTimeInterval(lease), now: now)) ?? false
            if held, running == nil {
                running = Task { await job() }
            } else if !held, let job = running {
                // Waited for, so this server never runs the job twice at once should it win the lease back.
                job.cancel()
                await job.value
                running = nil
            }
            try? await Task.sleep(for: .seconds(lease / 3))
        }
        running?.cancel()
        try? await store.releaseLease(name, holder: holder)
    }
}
