import Foundation
import Logging
import SiangCore
import SiangPipeline
import SiangStore

/// Turns the webhook bodies the server stored in the inbox into cases, follow-ups and answers.
///
/// The webhook route only verifies and stores (durable before acknowledged); this runs after, in the
/// background, and again over whatever is still pending when the server starts, so a crash between
/// the answer and the processing loses nothing. Each event is idempotent on its `webhookEventId`:
/// processing a body twice, or a redelivered event, opens no second case and queues no second answer
/// (answers are outbox rows keyed by the event).
///
/// A pass takes the oldest pending rows and plans their events conversation by conversation: the
/// events of one user (or chat) in order, so a text and the photo sent after it join in that order,
/// and different users' conversations side by side. Planning reads and classifies but writes no
/// case; then the whole pass is stored in one transaction (``InboxBatchStore``): the cases its texts
/// open, the follow-ups, the answers, and its finished rows marked processed: one commit for
/// hundreds of events, and a crash or a store failure in the middle leaves every row of the pass
/// pending and nothing of it written.
///
/// An event that fails for a passing reason (the database is busy, the content API is down) stops
/// its conversation for this pass; its row stays pending and is tried again. After ``maxAttempts``
/// the row is done with what could be done and the reasons are kept on it. A body that is not JSON is
/// marked with the error at once. When a pass cannot be stored, its rows are stored one by one, so
/// a row that always fails is finished with the store's reason after ``maxAttempts`` and does not
/// hold the others back.
public actor LINEInboxProcessor {
    /// The inbox `source` of LINE webhook bodies.
    public static let source = "line"

    let store: any CaseStore
    let handler: LINEEventHandler
    let clock: any SiangClock
    let logger: Logger

    /// How long after the webhook arrived a reply token is still used (LINE allows about a minute).
    public let replyTokenLifetime: TimeInterval = 50
    /// Attempts of a row before it is finished with what could be done.
    public let maxAttempts = 5
    /// Conversations handled side by side in a pass.
    public let parallelConversations = 8
    /// Rows a pass takes at most: enough to share one transaction among hundreds of events, few
    /// enough that the first of them is answered within a fraction of a second.
    public static let rowsPerPass = 500

    var failures: [Int64: Int] = [:]
    var draining = false

    /// `staffLinks` takes the one-time codes that link a staff member's LINE user (nil: none are taken).
    public init(pipeline: IntakePipeline, api: LINEAPIClient, attachments: AttachmentStore, staffLinks: (any StaffContactStore)? = nil,
                clock: any SiangClock = SystemClock(), logger: Logger = Logger(label: "siang.line")) {
        store = pipeline.store
        handler = LINEEventHandler(store: pipeline.store, staffLinks: staffLinks, pipeline: pipeline,
                                   conversation: LINEConversation(trackingPrefix: pipeline.configuration.trackingPrefix),
                                   replies: LINEReplies(configuration: pipeline.configuration, joinMinutes: 10),
                                   api: api, attachments: attachments, logger: logger, joinWindow: 600)
        self.clock = clock
        self.logger = logger
    }

    /// What one pass did.
    public struct Report: Sendable {
        /// Inbox rows finished (marked processed) in this pass.
        public var rows = 0
        /// The outcome of every event handled, in the order of the rows and their events.
        public var outcomes: [LINEEventOutcome] = []
        /// Something failed for a passing reason; what it held back waits for a later pass.
        public var stalled = false
    }

    /// Processes what is pending now, oldest first, up to `limit` rows, and stores it in one
    /// transaction. A pass planned on a view that changed before it was stored (a tracking ID drawn
    /// twice, an event handled meanwhile) is planned again.
    @discardableResult
    public func processPending(limit: Int = rowsPerPass) async -> Report {
        guard !draining else { return Report() }
        draining = true
        defer { draining = false }
        for _ in 0..<Self.planAttempts {
            let items: [InboxItem]
            do { items = try await store.pendingInbox(source: Self.source, limit: limit) } catch {
                logger.error("cannot read the LINE inbox", metadata: ["error": "\(error)"])
                return Report(stalled: true)
            }
            guard !items.isEmpty else { return Report() }
            var pass = LINEInboxPass(items: items, attempts: { [failures] in failures[$0, default: 0] + 1 }, maxAttempts: maxAttempts,
                                     replyTokenLifetime: replyTokenLifetime, logger: logger)
            let view: LINEPassView
            do { view = try await LINEPassView.read(for: pass.contexts, joinWindow: handler.joinWindow, store: store) } catch {
                logger.error("cannot read what the LINE inbox pass needs", metadata: ["error": "\(error)"])
                return Report(stalled: true)
            }
            await pass.plan(handler: handler, view: view, parallel: parallelConversations)
            await pass.flagDuplicates(using: handler.pipeline)
            if let report = await store(pass) { return report }
        }
        return Report(stalled: true)
    }

    /// Plans of a pass tried before it waits for the next (a stale plan is rare: it takes another
    /// writer of the same events, or a tracking ID drawn twice).
    static let planAttempts = 3

    /// Stores a planned pass in one transaction; nil when it was planned on a stale view and must be
    /// planned again. When the transaction fails for another reason, the rows are stored one by one
    /// so that an item that always fails cannot hold the others back (``storeRowByRow(_:)``).
    func store(_ pass: LINEInboxPass) async -> Report? {
        var report = Report()
        var batch = InboxBatch(at: clock.now())
        var finished: [Int64] = []
        // Counted once the pass is stored (or tried row by row), not when it is planned again.
        var attempted: [Int64: Int] = [:]
        for r in pass.rows.indices {
            batch.changes += pass.changes(of: r)
            switch pass.settle(r, maxAttempts: maxAttempts) {
            case .finished(let row, let answers, let outcomes):
                batch.finished.append(row)
                batch.outbox += answers
                report.outcomes += outcomes
                finished.append(row.id)
            case .waiting(let reasons):
                report.stalled = true
                let row = pass.rows[r]
                logger.warning("LINE webhook body will be processed again",
                               metadata: ["inbox": "\(row.item.id)", "attempt": "\(row.attempt)", "error": "\(reasons[0])"])
                attempted[row.item.id] = row.attempt
            case .heldBack:
                report.stalled = true
            }
        }
        guard !batch.isEmpty else {
            failures.merge(attempted) { $1 }
            return report
        }
        do {
            try await store.commitInboxBatch(batch)
            failures.merge(attempted) { $1 }
            for id in finished { failures[id] = nil }
            report.rows = finished.count
            return report
        } catch .concurrentChange, .trackingIDTaken {
            logger.notice("LINE inbox pass planned on a stale view; planning it again")
            return nil
        } catch {
            logger.error("cannot store a LINE inbox pass; storing its rows one by one", metadata: ["error": "\(error)"])
            failures.merge(attempted) { $1 }
            return await storeRowByRow(pass)
        }
    }

    /// Stores each row of a pass in a transaction of its own, in order. A row that fails holds back
    /// the later rows of its conversations (they may join a case it opens) and counts an attempt, so
    /// that after ``maxAttempts`` it is finished with the store's reason and the rest go on. Attempts
    /// are counted only when the store took some other row, or no other was tried: when every row
    /// fails the store is failing, not the items.
    func storeRowByRow(_ pass: LINEInboxPass) async -> Report {
        var report = Report(stalled: true)
        var blockedLanes = Set<String>()
        var failed: [(row: LINEInboxPass.Row, error: StoreError)] = []
        var (tried, stored) = (0, 0)
        for r in pass.rows.indices {
            let row = pass.rows[r]
            guard row.lanes.isDisjoint(with: blockedLanes) else { continue }
            var batch = InboxBatch(changes: pass.changes(of: r), at: clock.now())
            var outcomes: [LINEEventOutcome] = []
            if case .finished(let finished, let answers, let rowOutcomes) = pass.settle(r, maxAttempts: maxAttempts) {
                batch.finished = [finished]
                batch.outbox = answers
                outcomes = rowOutcomes
            }
            guard !batch.isEmpty else { continue }
            tried += 1
            do {
                try await store.commitInboxBatch(batch)
                stored += 1
                if !batch.finished.isEmpty {
                    failures[row.item.id] = nil
                    report.rows += 1
                    report.outcomes += outcomes
                }
            } catch {
                blockedLanes.formUnion(row.lanes)
                failed.append((row, error))
            }
        }
        guard stored > 0 || tried == 1 else { return report }
        for (row, error) in failed {
            logger.warning("LINE webhook body could not be stored", metadata: ["inbox": "\(row.item.id)", "attempt": "\(row.attempt)",
                                                                               "error": "\(error)"])
            guard row.attempt >= maxAttempts else {
                failures[row.item.id] = row.attempt
                continue
            }
            let gaveUp = InboxBatch(finished: [FinishedInboxRow(id: row.item.id, error: "gave up after \(row.attempt) attempts: \(error)")],
                                    at: clock.now())
            if (try? await store.commitInboxBatch(gaveUp)) != nil {
                failures[row.item.id] = nil
                report.rows += 1
            }
        }
        return report
    }

    /// Processes the inbox until the task is cancelled: at once while there is work, every `idle`
    /// otherwise, and a little later after a passing failure.
    public func run(idle: Duration = .milliseconds(200)) async {
        while !Task.isCancelled {
            let report = await processPending()
            if report.stalled {
                try? await Task.sleep(for: .seconds(1))
            } else if report.rows == 0 {
                try? await Task.sleep(for: idle)
            }
        }
    }
}
