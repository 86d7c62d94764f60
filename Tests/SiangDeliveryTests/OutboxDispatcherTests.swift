import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Synchronization
import Testing
@testable import SiangDelivery

/// A page of the outbox: its messages go out one at a time in the order they were queued, every
/// delivery is marked in the store, failures get their retry or are given up on, and what no deliverer
/// takes is put aside.
@Suite struct OutboxDispatcherTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Takes `test` messages, waits a little in each (so that sends would overlap if they could), records
    /// the order they were sent in and the most in flight at once; a payload `retry` or `refuse` fails.
    final class SlowDeliverer: OutboxDeliverer {
        let sent = Mutex<[String]>([])
        let inFlight = Mutex((now: 0, most: 0))
        func accepts(_ message: OutboxMessage) -> Bool { message.kind == "test" }
        func deliver(_ message: OutboxMessage) async throws(DeliveryError) {
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            try? await Task.sleep(for: .milliseconds(Int.random(in: 2...12)))
            inFlight.withLock { $0.now -= 1 }
            switch message.payload {
            case "retry": throw .retry(reason: "busy", after: .seconds(30))
            case "refuse": throw .permanent("no such user")
            default: sent.withLock { $0.append(message.dedupeKey) }
            }
        }
    }

    static func message(_ key: String, case id: TrackingID?, payload: String = "hello", kind: String = "test") -> OutboxMessage {
        OutboxMessage(kind: kind, channel: .line, trackingID: id, payload: payload, dedupeKey: key)
    }

    @Test func aPageGoesOutInOrderOneAtATime() async throws {
        let store = try ScoringCoreDeliveryTests.store()
        let clock = MovableClock(Self.now)
        var random = SystemRandomNumberGenerator()
        let cases = try (0..<4).map { _ in try TrackingID.generate(prefix: "TS", beYear: 2569, using: &random) }
        // Queued interleaved: case 0's first, case 1's first, ..., then each case's second, and so on.
        var queued: [OutboxMessage] = []
        for step in 0..<5 {
            for (c, id) in cases.enumerated() { queued.append(Self.message("case\(c)-\(step)", case: id)) }
            queued.append(Self.message("loose-\(step)", case: nil))
        }
        queued.append(Self.message("retried", case: nil, payload: "retry"))
        queued.append(Self.message("refused", case: cases[2], payload: "refuse"))
        queued.append(Self.message("case2-after-refused", case: cases[2]))
        queued.append(Self.message("not-mine", case: nil, kind: "escalation"))
        try await store.enqueueOutbox(queued, at: Self.now)

        let deliverer = SlowDeliverer()
        let dispatcher = OutboxDispatcher(store: store, deliverers: [deliverer], clock: clock)
        #expect(try await dispatcher.runOnce(limit: 100) == 26)

        let sent = deliverer.sent.withLock { $0 }
        #expect(Set(sent).count == 26 && sent.count == 26)
        for c in cases.indices {
            let mine = sent.filter { $0.hasPrefix("case\(c)-") }
            let expected = (0..<5).map { "case\(c)-\($0)" } + (c == 2 ? ["case2-after-refused"] : [])
            #expect(mine == expected, "one case's messages in the order they were queued")
        }
        // One at a time, each marked before the next is sent: a server killed between a send and its
        // mark sends only that one again (test_several_servers.py holds this across a real kill).
        #expect(deliverer.inFlight.withLock { $0.most } == 1)

        // Every delivery is marked: nothing of it is due again. What is left: the retry after its
        // Retry-After, the refusal given up on, the message no deliverer takes put aside for an hour.
        let left = try await store.pendingOutbox(limit: 100)
        #expect(Set(left.map(\.message.dedupeKey)) == ["retried", "refused", "not-mine"])
        #expect(left.allSatisfy { $0.message.dedupeKey == "not-mine" ? $0.attempts == 0 : $0.attempts == 1 })
        clock.advance(29)
        #expect(try await store.dueOutbox(now: clock.now(), limit: 100).isEmpty)
        clock.advance(1)
        #expect(try await store.dueOutbox(now: clock.now(), limit: 100).map(\.message.dedupeKey) == ["retried"])
        clock.advance(86_400 * 365)
        #expect(try await store.dueOutbox(now: clock.now(), limit: 100).map(\.message.dedupeKey).contains("refused") == false,
                "given up on: never due again")
    }

    @Test func anEmptyOrForeignPageDeliversNothingAndMarksNothing() async throws {
        let store = try ScoringCoreDeliveryTests.store()
        let dispatcher = OutboxDispatcher(store: store, deliverers: [SlowDeliverer()], clock: MovableClock(Self.now))
        #expect(try await dispatcher.runOnce() == 0)
        try await store.enqueueOutbox([Self.message("escalation", case: nil, kind: "escalation")], at: Self.now)
        #expect(try await dispatcher.runOnce() == 0)
        #expect(try await store.pendingOutbox(limit: 10).map(\.attempts) == [0])
    }
}
