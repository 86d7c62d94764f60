import Foundation
import Logging
import SiangCore
import SiangPipeline
import SiangStore

/// One pass of the ``LINEInboxProcessor`` over pending inbox rows: their bodies read, their events
/// lined up by conversation and planned, and what the pass writes (``InboxBatch``) with the rows it
/// finishes, the answers those rows give, and what becomes of each event.
struct LINEInboxPass {
    struct Row {
        var item: InboxItem
        var attempt: Int
        var results: [EventResult] = []
        var notes: [String] = []
        /// The conversations the row's events belong to.
        var lanes: Set<String> = []
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

    var rows: [Row] = []
    /// Each conversation's events in the order they came.
    var lanes: [String: [Work]] = [:]
    var laneOrder: [String] = []

    /// Reads the bodies and lines their events up by conversation. A body that is not JSON gets a
    /// note and no events.
    init(items: [InboxItem], attempts: (Int64) -> Int, maxAttempts: Int, replyTokenLifetime: TimeInterval, logger: Logger) {
        for (r, item) in items.enumerated() {
            let attempt = attempts(item.id)
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
                    row.lanes.insert(lane)
                }
            } catch {
                logger.warning("LINE webhook body is not readable", metadata: ["inbox": "\(item.id)"])
                row.notes.append("malformed body: \(Self.describe(error))")
            }
            rows.append(row)
        }
    }

    /// Every event of the pass, in no particular order (what ``LINEPassView`` reads for).
    var contexts: [LINEEventHandler.Context] { lanes.values.flatMap { $0.map(\.context) } }

    /// Plans every conversation's events, `parallel` conversations side by side, each in order, on
    /// `view` (what the store knew when the pass began).
    mutating func plan(handler: LINEEventHandler, view: LINEPassView, parallel: Int) async {
        let lanes = self.lanes
        let results = await withTaskGroup(of: [(row: Int, index: Int, result: EventResult)].self) { group in
            var next = laneOrder.makeIterator()
            var collected: [(row: Int, index: Int, result: EventResult)] = []
            for _ in 0..<parallel {
                guard let lane = next.next() else { break }
                let work = lanes[lane] ?? []
                group.addTask { await Self.run(work, handler: handler, view: view) }
            }
            while let done = await group.next() {
                collected += done
                if let lane = next.next() {
                    let work = lanes[lane] ?? []
                    group.addTask { await Self.run(work, handler: handler, view: view) }
                }
            }
            return collected
        }
        for r in results { rows[r.row].results[r.index] = r.result }
    }

    /// One conversation's events in order; a passing failure stops it (the rest wait for the next pass).
    static func run(_ work: [Work], handler: LINEEventHandler, view: LINEPassView) async -> [(row: Int, index: Int, result: EventResult)] {
        var results: [(row: Int, index: Int, result: EventResult)] = []
        var memory = LINEConversationMemory(stored: view)
        for w in work {
            do {
                results.append((w.row, w.index, .done(try await handler.handle(w.context, memory: &memory))))
            } catch let failure as LINEEventFailure {
                results.append((w.row, w.index, .failed(key: w.context.event.webhookEventId ?? "?", reason: failure.reason)))
            } catch {
                results.append((w.row, w.index, .transient("\(error)")))
                break
            }
        }
        return results
    }

    /// Flags the pass's new cases that look like open cases of their category, in the order of the
    /// rows and their events, each compared with the stored cases and the pass's cases before it, as
    /// if every case were stored before the next was checked (``DuplicateBatch``). Done after the
    /// conversations are planned side by side, so the result does not depend on which ran first.
    mutating func flagDuplicates(using pipeline: IntakePipeline) async {
        var opened: [NewCase] = []
        for row in rows { for case .done(let handled) in row.results { for case .open(let newCase) in handled.changes { opened.append(newCase) } } }
        guard !opened.isEmpty, var check = await pipeline.duplicateBatch(for: opened) else { return }
        for r in rows.indices {
            for e in rows[r].results.indices {
                guard case .done(var handled) = rows[r].results[e], handled.changes.contains(where: { if case .open = $0 { true } else { false } })
                else { continue }
                for c in handled.changes.indices {
                    guard case .open(var newCase) = handled.changes[c] else { continue }
                    check.flag(&newCase)
                    handled.changes[c] = .open(newCase)
                }
                rows[r].results[e] = .done(handled)
            }
        }
    }

    // MARK: - What the pass writes

    /// What becomes of a row after its events are planned.
    enum Settled {
        /// Done with: finished with its answers and the outcome of each event.
        case finished(FinishedInboxRow, answers: [OutboxMessage], outcomes: [LINEEventOutcome])
        /// An event failed for a passing reason; the row waits for another pass.
        case waiting(reasons: [String])
        /// Waiting behind another row of its conversation.
        case heldBack
    }

    /// What becomes of row `r`; `maxAttempts` finishes a row that keeps failing, with its reasons.
    func settle(_ r: Int, maxAttempts: Int) -> Settled {
        let row = rows[r]
        let reasons = row.results.compactMap { if case .transient(let why) = $0 { why } else { nil } }
        let pending = row.results.contains { if case .pending = $0 { true } else { false } }
        var notes = row.notes
        if !reasons.isEmpty {
            guard row.attempt >= maxAttempts else { return .waiting(reasons: reasons) }
            // Done with what could be done: the events that were handled keep their answers.
            notes.append("gave up after \(row.attempt) attempts: " + reasons.joined(separator: "; "))
        } else if pending {
            return .heldBack
        }
        var answers: [OutboxMessage] = []
        var outcomes: [LINEEventOutcome] = []
        for result in row.results {
            switch result {
            case .done(let handled):
                outcomes.append(handled.outcome)
                if let answer = handled.answer { answers.append(answer) }
            case .failed(let key, let reason):
                outcomes.append(.failed(reason))
                notes.append("event \(key): \(reason)")
            case .pending, .transient:
                break
            }
        }
        return .finished(FinishedInboxRow(id: row.item.id, error: notes.isEmpty ? nil : notes.joined(separator: "; ")),
                         answers: answers, outcomes: outcomes)
    }

    /// The changes row `r`'s handled events make, in their order. A row that waits still has the
    /// changes of its events that were handled: they are idempotent on the events' keys, and a later
    /// event of the same conversation (in a later row of this pass) may join the case one of them opens.
    func changes(of r: Int) -> [InboxChange] {
        rows[r].results.flatMap { result -> [InboxChange] in
            if case .done(let handled) = result { return handled.changes }
            return []
        }
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
