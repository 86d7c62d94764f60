import Foundation
import Logging
import SiangCore
import SiangStore

/// Queues the monthly scoring-core export in `siang serve` (``ScoringCoreSchedule``): every few minutes,
/// and at once at start, it asks whether this month's export is due and not yet queued; if so it builds
/// the document and claims the month and queues the document in one transaction
/// (``ScoringCoreExportStore/enqueueScheduledScoringCoreExport(month:_:at:)``). Several servers over one
/// database, or a restart in between, may each build the document; only the first claim queues one. The
/// outbox dispatcher delivers it like any other message.
public struct ScoringCoreScheduler: Sendable {
    public enum Outcome: Equatable, Sendable {
        case notDue
        /// This month's export was queued before (here or by another server).
        case alreadyQueued(month: String)
        case queued(month: String, idempotencyKey: String)
    }

    let store: any ScoringCoreExportStore
    let schedule: ScoringCoreSchedule
    let clock: any SiangClock
    let logger: Logger
    /// Builds the document's exact bytes for the fiscal year to date as of `export.asOf`.
    let makeDocument: @Sendable (ScheduledExport) async throws -> Data

    public init(store: any ScoringCoreExportStore, schedule: ScoringCoreSchedule, clock: any SiangClock = SystemClock(),
                logger: Logger = Logger(label: "siang.scoring-core"), makeDocument: @escaping @Sendable (ScheduledExport) async throws -> Data) {
        self.store = store
        self.schedule = schedule
        self.clock = clock
        self.logger = logger
        self.makeDocument = makeDocument
    }

    public func runOnce() async throws -> Outcome {
        let now = clock.now()
        guard let export = schedule.due(at: now) else { return .notDue }
        if try await store.scheduledScoringCoreExport(month: export.month) != nil { return .alreadyQueued(month: export.month) }
        let message = ScoringCoreOutbox.message(for: try await makeDocument(export))
        guard try await store.enqueueScheduledScoringCoreExport(month: export.month, message, at: clock.now()) else {
            return .alreadyQueued(month: export.month)
        }
        logger.info("monthly scoring-core export queued", metadata: ["month": "\(export.month)", "idempotencyKey": "\(message.dedupeKey)"])
        return .queued(month: export.month, idempotencyKey: message.dedupeKey)
    }

    /// Checks at once and then every `interval` until cancelled; a failure is logged and tried next time.
    public func run(every interval: Duration = .seconds(600)) async {
        while !Task.isCancelled {
            do { _ = try await runOnce() } catch {
                logger.error("monthly scoring-core export not queued; will try again", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
