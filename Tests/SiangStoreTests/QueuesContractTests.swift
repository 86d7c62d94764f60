import Foundation
import Testing
@testable import SiangCore
@testable import SiangStore

/// The inbox and the outbox on both stores (``StoreKind``): order, dedupe keys, failures with and
/// without a next attempt, the scoring-core exports kept on the outbox, and (PostgreSQL only) the
/// claim that lets several servers deliver at once, each message once.
@Suite struct QueuesContractTests {
    let t0 = instant("2026-03-16T10:00:00+07:00")

    func message(_ key: String, kind: String = "notify") -> OutboxMessage {
        OutboxMessage(kind: kind, channel: .line, trackingID: TrackingID.sample(seed: 5), payload: "{\"key\":\"\(key)\"}", dedupeKey: key)
    }

    @Test(arguments: StoreKind.allCases) func theInboxGivesASourcesUnprocessedItemsInArrivalOrder(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let body = Data([0x00, 0xff, 0x7b, 0x0a])
        let first = try await store.enqueueInbox(source: "line", headers: ["X-Line-Signature": "sig1"], body: body, at: t0)
        let mail = try await store.enqueueInbox(source: "email", headers: [:], body: Data("mail".utf8), at: t0)
        let second = try await store.enqueueInbox(source: "line", headers: [:], body: Data(), at: t0.addingTimeInterval(1))
        #expect(first < mail && mail < second)
        #expect(try await store.pendingInbox(source: "line", limit: 10) == [
            InboxItem(id: first, source: "line", receivedAt: t0, headers: ["X-Line-Signature": "sig1"], body: body),
            InboxItem(id: second, source: "line", receivedAt: t0.addingTimeInterval(1), headers: [:], body: Data()),
        ])
        #expect(try await store.pendingInbox(source: "line", limit: 1).map(\.id) == [first])
        try await store.markInboxProcessed(id: first, at: t0, error: nil)
        #expect(try await store.pendingInbox(source: "line", limit: 10).map(\.id) == [second])
        try await store.finishInbox([(id: second, error: "unreadable JSON")], outbox: [message("reply-1")], at: t0)
        #expect(try await store.pendingInbox(source: "line", limit: 10).isEmpty)
        #expect(try await store.pendingInbox(source: "email", limit: 10).map(\.id) == [mail])
        #expect(try await store.pendingOutbox(limit: 10).map(\.message) == [message("reply-1")])
    }

    @Test(arguments: StoreKind.allCases) func theOutboxDeliversDueMessagesOnceAndParksWhatIsGivenUp(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        try await store.enqueueOutbox([message("a"), message("b"), message("a", kind: "again")], at: t0)
        try await store.enqueueOutbox([message("b")], at: t0.addingTimeInterval(5))
        let queued = try await store.pendingOutbox(limit: 10)
        #expect(queued.map(\.message) == [message("a"), message("b")], "a dedupe key seen before is skipped")
        #expect(queued.allSatisfy { $0.attempts == 0 })
        let (a, b) = (queued[0].id, queued[1].id)
        #expect(try await store.dueOutbox(now: t0.addingTimeInterval(-1), limit: 10).isEmpty)
        #expect(try await store.dueOutbox(now: t0, limit: 10).map(\.id) == [a, b])
        #expect(try await store.dueOutbox(now: t0, limit: 1).map(\.id) == [a])

        try await store.postponeOutbox(outboxID: a, until: t0.addingTimeInterval(60))
        #expect(try await store.dueOutbox(now: t0, limit: 10).map(\.id) == [b])
        #expect(try await store.pendingOutbox(limit: 10).map(\.id) == [b, a], "by next attempt")

        try await store.markFailed(outboxID: b, error: "HTTP 503", nextAttemptAt: t0.addingTimeInterval(30))
        #expect(try await store.dueOutbox(now: t0.addingTimeInterval(29), limit: 10).isEmpty)
        let retried = try await store.dueOutbox(now: t0.addingTimeInterval(30), limit: 10)
        #expect(retried.map(\.id) == [b] && retried.map(\.attempts) == [1])

        try await store.markFailed(outboxID: a, error: "HTTP 400 refused", nextAttemptAt: nil)
        let tenYears = t0.addingTimeInterval(10 * 366 * 86_400)
        #expect(try await store.dueOutbox(now: tenYears, limit: 10).map(\.id) == [b], "given up: never due")
        #expect(try await store.pendingOutbox(limit: 10).map(\.id) == [b, a], "but still there for an operator")

        try await store.markDelivered(outboxID: b, at: t0.addingTimeInterval(31))
        try await store.postponeOutbox(outboxID: b, until: t0)
        #expect(try await store.pendingOutbox(limit: 10).map(\.id) == [a], "delivered is done, and a postpone does not revive it")
        #expect(try await store.dueOutbox(now: tenYears, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aPageOfDeliveriesIsMarkedAtOnceAndOnlyThose(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        try await store.enqueueOutbox(["a", "b", "c", "d"].map { message($0) }, at: t0)
        let ids = try await store.pendingOutbox(limit: 10).map(\.id)
        try await store.markDelivered(outboxIDs: [], at: t0)
        #expect(try await store.pendingOutbox(limit: 10).map(\.id) == ids, "an empty page marks nothing")
        try await store.markDelivered(outboxIDs: [ids[3], ids[0], ids[2]], at: t0.addingTimeInterval(2))
        let left = try await store.pendingOutbox(limit: 10)
        #expect(left.map(\.id) == [ids[1]] && left[0].attempts == 0)
        #expect(try await store.dueOutbox(now: t0.addingTimeInterval(3600), limit: 10).map(\.id) == [ids[1]])
    }

    @Test(arguments: StoreKind.allCases) func aScoringCoreExportReadsBackItsDeliveryState(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let export = message("scoring-core:2026-02", kind: "scoring_core_export")
        let queued = try await store.enqueueScoringCoreExport(export, at: t0)
        #expect(queued.row.message == export && queued.row.attempts == 0)
        #expect(queued.deliveredAt == nil && !queued.givenUp && queued.lastError == nil)
        #expect(try await store.enqueueScoringCoreExport(export, at: t0.addingTimeInterval(9)) == queued, "the same key is the same row")

        try await store.markFailed(outboxID: queued.row.id, error: "HTTP 422", nextAttemptAt: t0.addingTimeInterval(60))
        let retrying = try await store.enqueueScoringCoreExport(export, at: t0)
        #expect(!retrying.givenUp && retrying.lastError == "HTTP 422" && retrying.row.attempts == 1)
        try await store.markFailed(outboxID: queued.row.id, error: "HTTP 400", nextAttemptAt: nil)
        let givenUp = try await store.enqueueScoringCoreExport(export, at: t0)
        #expect(givenUp.givenUp && givenUp.lastError == "HTTP 400" && givenUp.row.attempts == 2)
        try await store.markDelivered(outboxID: queued.row.id, at: t0.addingTimeInterval(120))
        let delivered = try await store.enqueueScoringCoreExport(export, at: t0)
        #expect(delivered.deliveredAt == t0.addingTimeInterval(120) && !delivered.givenUp && delivered.lastError == nil)
    }

    @Test(arguments: StoreKind.allCases) func aMonthIsScheduledForTheScoringCoreOnce(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        #expect(try await store.scheduledScoringCoreExport(month: "2026-02") == nil)
        #expect(try await store.enqueueScheduledScoringCoreExport(month: "2026-02", message("sc:2026-02:first"), at: t0))
        #expect(try await !store.enqueueScheduledScoringCoreExport(month: "2026-02", message("sc:2026-02:second"), at: t0.addingTimeInterval(60)))
        #expect(try await store.scheduledScoringCoreExport(month: "2026-02") == t0)
        #expect(try await store.scheduledScoringCoreExport(month: "2026-03") == nil)
        #expect(try await store.pendingOutbox(limit: 10).map(\.message.dedupeKey) == ["sc:2026-02:first"])
    }

    @Test func twoServersClaimingTheDueOutboxTakeEachMessageOnce() async throws {
        let store = try #require(try await freshStore(.postgres) as? PostgresStore)
        try await store.enqueueOutbox((0..<50).map { message("m\($0)") }, at: t0)
        try await store.enqueueOutbox([message("later")], at: t0.addingTimeInterval(3600))
        let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for _ in 0..<2 {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let batch = try await store.claimDueOutbox(now: self.t0, limit: 7, leaseSeconds: 300)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let all = try await store.pendingOutbox(limit: 100).filter { $0.message.dedupeKey != "later" }.map(\.id)
        #expect(Set(claims[0]).isDisjoint(with: claims[1]))
        #expect(claims[0].count + claims[1].count == 50)
        #expect(Set(claims[0] + claims[1]) == Set(all))
        // Held: not due again until the lease runs out, then due to whoever asks.
        #expect(try await store.dueOutbox(now: t0.addingTimeInterval(299), limit: 100).isEmpty)
        #expect(try await store.claimDueOutbox(now: t0.addingTimeInterval(299), limit: 100, leaseSeconds: 300).isEmpty)
        let again = try await store.claimDueOutbox(now: t0.addingTimeInterval(300), limit: 100, leaseSeconds: 300)
        #expect(again.count == 50 && again.allSatisfy { $0.attempts == 0 })
        await #expect(throws: StoreError.self) { try await store.claimDueOutbox(now: t0, limit: 1, leaseSeconds: 0) }
    }
}
