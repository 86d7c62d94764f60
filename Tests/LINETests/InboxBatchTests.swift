import Foundation
import GRDB
import LINE
import SiangCore
@testable import SiangStore
import Testing

/// The inbox processed in passes, each stored in one transaction (``LINEInboxProcessor``): many
/// users' events become their cases and answers in one pass, and what fails, in an event or in the
/// store, neither loses nor doubles anything.
@Suite struct InboxBatchTests {
    static let carol = "U9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a3"
    static let dave = "U0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a"

    func user(_ n: Int) -> String { "U\(String(repeating: "0", count: 29))\(String(format: "%03d", n))" }

    /// A case's citizen messages, in order.
    func messages(_ f: LINEFixture, _ id: TrackingID) async throws -> [String] {
        try await f.store.events(of: id).compactMap { e in
            if case .citizenMessage(let text) = e.change { return text }
            return nil
        }
    }

    @Test func manyUsersEventsBecomeTheirCasesAndAnswersInOnePass() async throws {
        let f = try LINEFixture()
        // Twenty users each send a text, in bodies of one to three events as LINE batches them.
        var events: [[String: Any]] = []
        for i in 0..<20 {
            events.append(Webhook.text("ไฟถนนซอย \(i + 1) ดับทั้งซอย", id: "e-\(i)", at: Webhook.t0.addingTimeInterval(Double(i)),
                                       source: Webhook.source(user: user(i)), replyToken: "rt-\(i)"))
        }
        for chunk in stride(from: 0, to: events.count, by: 3) { try await f.receive(Webhook.body(Array(events[chunk..<min(chunk + 3, events.count)]))) }
        // Alice sends a text, two photos and a location in four bodies; Bob asks about a case that is not there.
        try await f.receive(Webhook.body([Webhook.text("น้ำท่วมขังหน้าโรงเรียน", id: "a-1", replyToken: "rt-a1")]))
        try await f.receive(Webhook.body([Webhook.image(id: "a-2", messageID: "710001", at: Webhook.t0.addingTimeInterval(30), set: (1, 2))]))
        try await f.receive(Webhook.body([Webhook.image(id: "a-3", messageID: "710002", at: Webhook.t0.addingTimeInterval(31), set: (2, 2)),
                                          Webhook.location(id: "a-4", at: Webhook.t0.addingTimeInterval(40))]))
        var g = SeededIDs()
        let unknown = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
        try await f.receive(Webhook.body([Webhook.text("ติดตาม \(unknown)", id: "b-1", source: Webhook.source(user: Webhook.bob), replyToken: "rt-b1")]))

        let report = await f.processor.processPending()
        #expect(report.rows == 11)
        #expect(!report.stalled)
        #expect(report.outcomes.count == 25)
        #expect(try await f.store.pendingInbox(source: "line", limit: 100).isEmpty)
        #expect(try await f.caseCount() == 21)

        // Every user's text is a case of their own, with their LINE user as its contact.
        for i in 0..<20 {
            let id = try #require(try await f.store.caseID(channel: .line, key: "event:e-\(i)"))
            #expect(try await f.store.record(id)?.text == "ไฟถนนซอย \(i + 1) ดับทั้งซอย")
            #expect(try await f.store.contact(of: id) == Contact(lineUserID: user(i)))
        }
        // Alice's photos and location joined the case her text opened in the same pass, in order.
        let alice = try #require(try await f.store.caseID(channel: .line, key: "event:a-1"))
        guard case .opened(alice)? = report.outcomes.dropLast(4).last else { throw Failure("Alice's text did not open \(alice): \(report.outcomes)") }
        #expect(Array(report.outcomes.suffix(4)) == [.joined(alice), .joined(alice), .joined(alice), .answered])
        #expect(try await f.store.attachments(of: alice).map(\.filename) == ["line-710001.png", "line-710002.png"])
        #expect(try await messages(f, alice).count == 1)
        #expect(try await f.store.caseID(channel: .line, key: "event:a-4") == alice)

        // One answer per event that gets one: 20 texts, Alice's text, her set of photos, her location, Bob's query.
        let answers = try await f.answers()
        #expect(answers.count == 24)
        #expect(Set(answers.compactMap(\.payload.replyToken)).isSuperset(of: Set((0..<20).map { "rt-\($0)" } + ["rt-a1", "rt-b1"])))
        let toAlice = try #require(answers.first { $0.payload.replyToken == "rt-a1" }?.payload.messages.first?.text)
        #expect(toAlice.contains("เลขติดตามเรื่อง: \(alice)"))
        #expect(answers.first { $0.payload.replyToken == "rt-b1" }?.payload.messages.first?.text.hasPrefix("ไม่พบเรื่องเลขที่") == true)
    }

    @Test func anEventRedeliveredInTheSamePassIsTakenInOnce() async throws {
        let f = try LINEFixture()
        let text = "สายไฟฟ้าขาดห้อยลงมาบนถนน อันตรายมาก"
        try await f.receive(Webhook.body([Webhook.text(text, id: "01HREDELIVER", replyToken: "rt-first")]))
        // LINE did not see our 200 in time and sent the same event again before the first was processed.
        try await f.receive(Webhook.body([Webhook.text(text, id: "01HREDELIVER", redelivery: true, replyToken: "rt-second")]))
        let report = await f.processor.processPending()
        #expect(report.rows == 2)
        guard case .opened(let id)? = report.outcomes.first else { throw Failure("not opened: \(report.outcomes)") }
        #expect(report.outcomes == [.opened(id), .repeated(id)])
        #expect(try await f.caseCount() == 1)
        let answers = try await f.answers()
        #expect(answers.map(\.payload.replyToken) == ["rt-first"], "one answer, with the first reply token")

        // Processing the same bodies again (as after a crash before they were marked) changes nothing.
        try await f.receive(Webhook.body([Webhook.text(text, id: "01HREDELIVER", redelivery: true, replyToken: "rt-third")]))
        #expect(await f.processor.processPending().outcomes == [.repeated(id)])
        #expect(try await f.caseCount() == 1)
        #expect(try await f.answers().count == 1)
    }

    /// An event the store refuses every time (its time is beyond what the store keeps) fails its pass's
    /// transaction; the rows are then stored one by one, so the others go in, the failing row is tried
    /// again on later passes and finished with the store's reason after the last attempt, and its
    /// user's next message waits behind it instead of being lost.
    @Test func anItemTheStoreAlwaysRefusesDoesNotHoldTheOthersBack() async throws {
        let f = try LINEFixture()
        let farFuture = Date(timeIntervalSince1970: 400_000_000_000)
        try await f.receive(Webhook.body([Webhook.text("ถนนทรุดตัวเป็นแอ่ง", id: "ok-1", source: Webhook.source(user: Webhook.alice))]))
        try await f.receive(Webhook.body([Webhook.text("ป้ายรถเมล์ล้ม", id: "poison", at: farFuture, source: Webhook.source(user: Self.carol))]))
        try await f.receive(Webhook.body([Webhook.location(id: "after-poison", at: Webhook.t0.addingTimeInterval(5), source: Webhook.source(user: Self.carol))]))
        try await f.receive(Webhook.body([Webhook.text("สุนัขจรจัดหลายตัว", id: "ok-2", source: Webhook.source(user: Webhook.bob))]))

        let first = await f.processor.processPending()
        #expect(first.rows == 2)
        #expect(first.stalled)
        #expect(first.outcomes.count == 2)
        #expect(try await f.caseCount() == 2)
        #expect(try await f.store.caseID(channel: .line, key: "event:ok-1") != nil)
        #expect(try await f.store.caseID(channel: .line, key: "event:ok-2") != nil)
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).count == 2)

        // Attempts two to five: the last finishes the row with the reason.
        var finished = 0
        for _ in 2...5 { finished += await f.processor.processPending().rows }
        #expect(finished == 1)
        #expect(try await f.caseCount() == 2)
        // Carol's location, held back behind her refused text, is taken in now: there is no case to join.
        let last = await f.processor.processPending()
        #expect(last.outcomes == [.answered])
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).isEmpty)
        #expect(try await f.store.caseID(channel: .line, key: "event:poison") == nil)
        let reason = try await f.store.read { db in try String.fetchOne(db, sql: "SELECT error FROM inbox WHERE error IS NOT NULL") }
        #expect(reason?.hasPrefix("gave up after 5 attempts: the date cannot be stored") == true)
    }

    /// The database refuses a write in the middle of the pass (after its cases are inserted, at the
    /// answers): nothing of the pass is kept, every row stays pending, and the next pass, once the
    /// database takes writes again, does all of it once.
    @Test func aStoreFailureInTheMiddleOfAPassLeavesNothingHalfWritten() async throws {
        let f = try LINEFixture()
        for i in 0..<6 {
            try await f.receive(Webhook.body([Webhook.text("ขยะล้นถังซอย \(i)", id: "s-\(i)", source: Webhook.source(user: user(i)), replyToken: "rt-\(i)")]))
        }
        try await f.store.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_answers BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        for _ in 0..<6 {
            let refused = await f.processor.processPending()
            #expect(refused.rows == 0 && refused.stalled && refused.outcomes.isEmpty)
        }
        #expect(try await f.caseCount() == 0)
        #expect(try await f.store.caseID(channel: .line, key: "event:s-0") == nil)
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).count == 6)

        // Six refused passes counted no attempt: every row failed, so the store was failing, not the rows.
        try await f.store.pool.write { db in try db.execute(sql: "DROP TRIGGER refuse_answers") }
        let report = await f.processor.processPending()
        #expect(report.rows == 6)
        #expect(report.outcomes.allSatisfy { if case .opened = $0 { true } else { false } })
        #expect(try await f.caseCount() == 6)
        #expect(try await f.answers().count == 6)
        #expect(try await f.store.pendingInbox(source: "line", limit: 10).isEmpty)
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
