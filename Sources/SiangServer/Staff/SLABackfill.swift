import Foundation
import Logging
import Prometheus
import SiangPipeline
import SiangStore

/// Brings the SLA urgency index up to date in the background when a page finds more stale cases
/// than it refreshes itself (after an upgrade or a bulk import), once at a time. Its progress is the
/// gauge `siang_staff_sla_backlog` on `/metrics`.
actor SLABackfill {
    let indexer: SLAIndexer
    let store: any CaseStore
    let gauge: Gauge
    let logger = Logger(label: "siang.staff.sla-index")
    var task: Task<Void, Never>?

    init(indexer: SLAIndexer, store: any CaseStore, metrics: ServerMetrics) {
        self.indexer = indexer
        self.store = store
        gauge = metrics.registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "siang", subsystem: "staff", metricName: "sla", unitName: "backlog",
                                                                       helpText: "Cases whose SLA urgency index is being brought up to date."))
    }

    /// Starts a catch-up unless one runs.
    func start() {
        guard task == nil else { return }
        task = Task { [indexer, store, gauge, logger] in
            do {
                var left = try await store.slaIndexBacklog()
                gauge.set(Double(left))
                logger.info("bringing the SLA index up to date", metadata: ["cases": "\(left)"])
                while !Task.isCancelled {
                    let done = try await indexer.refresh(limit: 2_000)
                    left = max(0, left - done)
                    gauge.set(Double(left))
                    if done < 2_000 { break }
                }
                gauge.set(0.0)
            } catch {
                logger.error("SLA index catch-up stopped", metadata: ["error": "\(error)"])
            }
            self.finished()
        }
    }

    func finished() { task = nil }
}
