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
/// A pass takes the oldest pending rows and handles their events conversation by conversation: the
/// events of one user (or chat) in order, so a text and the photo sent after it join in that order,
/// and different users' conversations side by side. The rows whose events are all handled are then
/// marked processed together with their answers, in one transaction.
///
/// An event that fails for a passing reason (the database is busy, the content API is down) stops
/// its conversation for this pass; its row stays pending and is tried again. After ``maxAttempts``
/// the row is done with what could be done and the reasons are kept on it. A body that is not JSON is
/// marked with the error at once.
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

    /// Processes what is pending now, oldest first, up to `limit` rows.
    @discardableResult
    public func processPending(limit: Int = 200) async -> Report {
        var report = Report()
        guard !draining else { return report }
        draining = true
        defer { draining = false }
        let items: [InboxItem]
        do { items = try await store.pendingInbox(source: Self.source, limit: limit) } catch {
            logger.error("cannot read the LINE inbox", metadata: ["error": "\(error)"])
            report.stalled = true
            return report
        }
        guard !items.isEmpty else { return report }

        // Read the bodies and line the events up by conversation.
        var rows: [Row] = []
        var lanes: [String: [Work]] = [:]
        var laneOrder: [String] = []
        for (r, item) in items.enumerated() {
            let attempt = failures[item.id, default: 0] + 1
            var row = Row(item: item, attempt: attempt)
            do {
                let body = try LINEWebhookBody.decode(item.body)
                row.results = Array(repeating: .pending, count: body.events.count)
                for (e, event) in body.events.enumerated() {
                    let context = LINEEventHandler.Context(event: event, destination: body.destination, receivedAt: item.receivedAt,
                                                           replyBefore: item.receivedAt.addingTimeInterval(replyTokenLifetime),
                                                           finalAttempt: attempt >= maxAttempts)
                    let lane = event.source?.userID ?? event.source?.chatID ?? "-"
                    if lanes[lane] == nil { laneOrder.append(lane) }
                    lanes[lane, default: []].append(Work(row: r, index: e, context: context))
                }
            } catch {
                logger.warning("LINE webhook body is not readable", metadata: ["inbox": "\(item.id)"])
                row.notes.append("malformed body: \(Self.describe(error))")
            }
            rows.append(row)
        }

        // Handle the conversations side by side, each in order.
        let handler = self.handler
        let results = await withTaskGroup(of: [(row: Int, index: Int, result: EventResult)].self) { group in
            var next = laneOrder.makeIterator()
            var running = 0
            var collected: [(row: Int, index: Int, result: EventResult)] = []
            while running < parallelConversations, let lane = next.next() {
                let work = lanes[lane] ?? []
                group.addTask { await Self.run(work, handler: handler) }
                running += 1
            }
            while let done = await group.next() {
                collected += done
                if let lane = next.next() {
                    let work = lanes[lane] ?? []
                    group.addTask { await Self.run(work, handler: handler) }
                }
            }
            return collected
        }
        for r in results { rows[r.row].results[r.index] = r.result }

        // Finish the rows whose events are all handled, with their answers, in one transaction.
        var finished: [(id: Int64, error: String?)] = []
        var answers: [OutboxMessage] = []
        for row in rows {
            let blocked = row.results.contains { if case .transient = $0 { true } else if case .pending = $0 { true } else { false } }
            if blocked {
                report.stalled = true
                let reasons = row.results.compactMap { if case .transient(let why) = $0 { why } else { nil } }
                guard !reasons.isEmpty else { continue }  // held back behind another row of the conversation
                logger.warning("LINE webhook body will be processed again",
                               metadata: ["inbox": "\(row.item.id)", "attempt": "\(row.attempt)", "error": "\(reasons[0])"])
                if row.attempt >= maxAttempts {
                    finished.append((row.item.id, "gave up after \(row.attempt) attempts: " + reasons.joined(separator: "; ")))
                } else {
                    failures[row.item.id] = row.attempt
                }
                continue
            }
            var notes = row.notes
            for result in row.results {
                switch result {
                case .done(let handled):
                    report.outcomes.append(handled.outcome)
                    if let answer = handled.answer { answers.append(answer) }
                case .failed(let key, let reason):
                    report.outcomes.append(.failed(reason))
                    notes.append("event \(key): \(reason)")
                case .pending, .transient:
                    break
                }
            }
            finished.append((row.item.id, notes.isEmpty ? nil : notes.joined(separator: "; ")))
        }
        guard !finished.isEmpty else { return report }
        do {
            try await store.finishInbox(finished, outbox: answers, at: clock.now())
            for f in finished { failures[f.id] = nil }
            report.rows = finished.count
        } catch {
            // Everything done so far is idempotent: the rows are handled again next time.
            logger.error("cannot mark LINE webhook bodies processed", metadata: ["error": "\(error)"])
            report.stalled = true
            report.outcomes = []
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

    // MARK: - A pass's bookkeeping

    struct Row {
        var item: InboxItem
        var attempt: Int
        var results: [EventResult] = []
        var notes: [String] = []
    }

    struct Work: Sendable {
        var row: Int
        var index: Int
        var context: LINEEventHandler.Context
    }

    enum EventResult: Sendable {
        case pending
        case done(LINEEventHandler.Handled)
        /// Cannot be taken in, whatever the attempt.
        case failed(key: String, reason: String)
        /// Another attempt may get past it.
        case transient(String)
    }

    /// One conversation's events in order; a passing failure stops it (the rest wait for the next pass).
    static func run(_ work: [Work], handler: LINEEventHandler) async -> [(row: Int, index: Int, result: EventResult)] {
        var results: [(row: Int, index: Int, result: EventResult)] = []
        for w in work {
            do {
                results.append((w.row, w.index, .done(try await handler.handle(w.context))))
            } catch let failure as LINEEventFailure {
                results.append((w.row, w.index, .failed(key: w.context.event.webhookEventId ?? "?", reason: failure.reason)))
            } catch {
                results.append((w.row, w.index, .transient("\(error)")))
                break
            }
        }
        return results
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): c.debugDescription
        case DecodingError.keyNotFound(let key, _): "no \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c): "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: "not a webhook body"
        }
    }
}
