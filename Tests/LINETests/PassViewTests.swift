import Foundation
import LINE
import SiangCore
import SiangPipeline
import SiangStore
import Testing

/// A pass planned on one read of the store for all its events (``LINEPassView``), with its new cases
/// compared with recent ones after it is planned (``DuplicateBatch``), stores and answers exactly what
/// handling its bodies one at a time, each stored before the next, does: follow-ups of the same user
/// within the pass and across passes, redeliveries within a pass and across passes, a photo joining a
/// case opened in the same pass, a case waiting for its complainant, duplicates within the pass.
@Suite struct PassViewTests {
    /// Files every case under street lighting, so every text is compared with every open case.
    struct Lighting: IntakeTriage {
        func triage(_ intake: Intake) -> TriageDecision {
            TriageDecision(kind: .complaint, category: "lighting", classifierConfidence: nil, priority: .normal, queue: nil, sla: nil)
        }
    }

    static let carol = "U9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a3"
    static let dave = "U0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a"
    static let erin = "U5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"
    static let lamp = "ไฟถนนดับทั้งซอยวัดใหม่ หน้าโรงเรียนเทศบาล 2"
    static let lampAgain = "ไฟถนนดับทั้งซอยวัดใหม่ หน้าโรงเรียนเทศบาล 2 ช่วยด้วย"

    func at(_ seconds: Double) -> Date { Webhook.t0.addingTimeInterval(seconds) }
    func from(_ user: String) -> [String: Any] { Webhook.source(user: user) }

    /// Alice's and Carol's cases, stored by an earlier pass; Carol's then waits for her.
    func before(_ f: LINEFixture) async throws -> [LINEEventOutcome] {
        let outcomes = try await f.deliver([
            Webhook.text(Self.lamp, id: "a-1", at: at(0), replyToken: "rt-a1"),
            Webhook.text("เสาไฟฟ้าล้มขวางถนนตรงหัวมุมตลาดสด", id: "c-1", at: at(1), source: from(Self.carol), replyToken: "rt-c1"),
        ])
        let carol = try #require(try await f.store.caseID(channel: .line, key: "event:c-1"))
        try await f.store.append([CaseEvent(at: at(2), actor: CaseEvent.staff("somchai"),
                                            change: .statusChanged(StatusChange(from: .received, to: .awaitingInfo)))],
                                 to: carol, expectedEventCount: nil, outbox: [])
        return outcomes
    }

    /// The bodies of the pass, in the order they arrive.
    var bodies: [Data] {
        [
            // Alice's location joins her case of the earlier pass; her first text comes again.
            Webhook.body([Webhook.location(id: "a-2", at: at(60))]),
            Webhook.body([Webhook.text(Self.lamp, id: "a-1", at: at(0), redelivery: true, replyToken: "rt-a1-again")]),
            // Bob writes of the same lamp (a duplicate of Alice's case), sends a photo and a text in one body,
            // and his first text comes again within the pass.
            Webhook.body([Webhook.text(Self.lampAgain, id: "b-1", at: at(10), source: from(Webhook.bob), replyToken: "rt-b1")]),
            Webhook.body([Webhook.image(id: "b-2", messageID: "720001", at: at(20), source: from(Webhook.bob)),
                          Webhook.text("ตรงเสาต้นที่สามจากปากซอย", id: "b-3", at: at(21), source: from(Webhook.bob), replyToken: "rt-b3")]),
            Webhook.body([Webhook.text(Self.lampAgain, id: "b-1", at: at(10), source: from(Webhook.bob), redelivery: true, replyToken: "rt-b1-again")]),
            // Dave writes Bob's very words: most like Bob's case, opened earlier in this pass.
            Webhook.body([Webhook.text(Self.lampAgain, id: "d-1", at: at(30), source: from(Self.dave), replyToken: "rt-d1")]),
            // Carol answers twice: her case goes back to in progress once.
            Webhook.body([Webhook.text("เสาต้นที่อยู่หน้าร้านขายยา", id: "c-2", at: at(40), source: from(Self.carol), replyToken: "rt-c2")]),
            Webhook.body([Webhook.text("ล้มตั้งแต่เมื่อคืน", id: "c-3", at: at(41), source: from(Self.carol), replyToken: "rt-c3")]),
            // Erin sends a photo with no case to join.
            Webhook.body([Webhook.image(id: "e-1", messageID: "720002", at: at(50), source: from(Self.erin))]),
        ]
    }

    /// What a run left, with tracking IDs named by the order they first appear in the outcomes
    /// (each run draws random ones).
    struct Result: Equatable, CustomStringConvertible {
        var outcomes: [String] = []
        var cases: [String] = []
        var answers: [String] = []
        var description: String { (outcomes + cases + answers).joined(separator: "\n") }
    }

    func result(_ f: LINEFixture, _ outcomes: [LINEEventOutcome]) async throws -> Result {
        var names: [TrackingID: String] = [:]
        var order: [TrackingID] = []
        func name(_ id: TrackingID?) -> String {
            guard let id else { return "-" }
            if let known = names[id] { return known }
            names[id] = "#\(names.count)"
            order.append(id)
            return names[id]!
        }
        var r = Result()
        r.outcomes = outcomes.map { o in
            switch o {
            case .opened(let id): "opened \(name(id))"
            case .joined(let id): "joined \(name(id))"
            case .repeated(let id): "repeated \(name(id))"
            default: "\(o)"
            }
        }
        for id in order {
            let events = try await f.store.events(of: id).map { e -> String in
                switch e.change {
                case .citizenMessage(let text): "message \(text) at \(e.at.timeIntervalSince(Webhook.t0))"
                case .possibleDuplicate(let d): "possible duplicate of \(name(d.of)) \(d.similarity)"
                case .statusChanged(let s): "status \(s.from.rawValue) -> \(s.to.rawValue)"
                default: e.change.type
                }
            }
            let attachments = try await f.store.attachments(of: id).map(\.filename)
            r.cases.append("\(name(id)): \(events) \(attachments) \(try await f.store.record(id)?.state.status.rawValue ?? "none")")
        }
        r.answers = try await f.answers().map { a in
            var payload = a.message.payload
            for (id, n) in names { payload = payload.replacingOccurrences(of: id.description, with: n) }
            return "\(a.message.dedupeKey) \(name(a.message.trackingID)) \(payload)"
        }.sorted()
        return r
    }

    @Test func aPassGivesWhatHandlingItsBodiesOneAtATimeGives() async throws {
        // Made once: the bodies carry reply tokens drawn at random.
        let bodies = self.bodies
        let batched = try LINEFixture(triage: Lighting(), flagsDuplicates: true)
        var batchedOutcomes = try await before(batched)
        for body in bodies { try await batched.receive(body) }
        let pass = await batched.processor.processPending()
        #expect(pass.rows == bodies.count && !pass.stalled)
        batchedOutcomes += pass.outcomes

        let oneByOne = try LINEFixture(triage: Lighting(), flagsDuplicates: true)
        var oneByOneOutcomes = try await before(oneByOne)
        for body in bodies {
            try await oneByOne.receive(body)
            oneByOneOutcomes += await oneByOne.processor.processPending().outcomes
        }

        let expected = try await result(oneByOne, oneByOneOutcomes)
        let got = try await result(batched, batchedOutcomes)
        #expect(got == expected)

        // And what that is, so that both cannot be wrong alike.
        #expect(got.outcomes == ["opened #0", "opened #1", "joined #0", "repeated #0", "opened #2", "joined #2", "joined #2", "repeated #2",
                                 "opened #3", "joined #1", "joined #1", "answered"])
        #expect(got.cases.count == 4)
        #expect(got.cases[2].contains("possible duplicate of #0"), "Bob's case looks like Alice's, stored before the pass: \(got.cases[2])")
        #expect(got.cases[3].contains("possible duplicate of #2 1.0"), "Dave's case is Bob's, opened earlier in the pass: \(got.cases[3])")
        #expect(got.cases[2].contains("[\"line-720001.png\"]"), "Bob's photo joined the case his text opened in the pass")
        #expect(got.cases[1].components(separatedBy: "status awaiting_info -> in_progress").count == 2, "Carol's case went back to work once")
        #expect(got.answers.count == 10, "every event answered once, a redelivered one with its first answer: \(got.answers)")
    }
}
