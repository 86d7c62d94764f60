import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// One pass of the inbox in one transaction (``InboxBatchStore``), on both stores: everything it
/// carries is stored together, and a failure anywhere in it leaves nothing of it written and every
/// inbox row pending.
@Suite struct InboxBatchContractTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let alice = "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"
    let bob = "U1b2c3d4e5f60718293a4b5c6d7e8f901"

    func newCase(_ store: any AgencyStore, _ text: String, user: String, key: String) async throws -> NewCase {
        try await plainPipeline(store, now: now).prepare(Intake(text: text, channel: .line, channelMessageKey: key, receivedAt: now,
                                                                contact: Contact(lineUserID: user), consent: true))
    }

    func answer(_ key: String, _ id: TrackingID?) -> OutboxMessage {
        OutboxMessage(kind: "line_reply", channel: .line, trackingID: id, payload: #"{"to":"U-sealed"}"#, dedupeKey: "line:reply:\(key)")
    }

    func rows(_ store: any AgencyStore, _ count: Int) async throws -> [Int64] {
        var ids: [Int64] = []
        for i in 0..<count {
            ids.append(try await store.enqueueInbox(source: "line", headers: [:], body: Data("{\"n\":\(i)}".utf8), at: now))
        }
        return ids
    }

    func citizenMessages(_ store: any AgencyStore, _ id: TrackingID) async throws -> [String] {
        try await store.events(of: id).compactMap { e in
            if case .citizenMessage(let text) = e.change { return text }
            return nil
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchStoresItsCasesFollowUpsAnswersAndFinishedRowsTogether(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let inbox = try await rows(store, 3)
        let first = try await newCase(store, "ไฟส่องสว่างซอย 3 ดับ", user: alice, key: "event:e1")
        let second = try await newCase(store, "น้ำประปาไม่ไหล", user: bob, key: "event:e2")
        let photo = AttachmentRef(sha256: String(repeating: "ab", count: 32), filename: "line-1.png", contentType: "image/png", size: 20)
        try await store.commitInboxBatch(InboxBatch(
            changes: [
                .open(first), .open(second),
                // Alice's photo joins the case her text opens in the same batch.
                .addMessage(InboxFollowUp(trackingID: first.trackingID, events: [], attachments: [photo], channel: .line, key: "event:e3")),
                .addMessage(InboxFollowUp(trackingID: first.trackingID,
                                          events: [CaseEvent(at: now.addingTimeInterval(60), actor: CaseEvent.citizen, change: .citizenMessage("หน้าร้านขายยา"))],
                                          channel: .line, key: "event:e4")),
                .setLINEFollowing(userID: bob, following: false),
            ],
            outbox: [answer("e1", first.trackingID), answer("e2", second.trackingID), answer("e1", first.trackingID)],
            finished: [FinishedInboxRow(id: inbox[0]), FinishedInboxRow(id: inbox[1], error: "event e9: the request has errors")],
            at: now.addingTimeInterval(1)))

        #expect(try await store.caseCount() == 2)
        #expect(try await store.caseID(channel: .line, key: "event:e1") == first.trackingID)
        #expect(try await store.caseID(channel: .line, key: "event:e3") == first.trackingID)
        #expect(try await store.caseID(channel: .line, key: "event:e4") == first.trackingID)
        #expect(try await store.attachments(of: first.trackingID).map(\.filename) == ["line-1.png"])
        #expect(try await citizenMessages(store, first.trackingID) == ["หน้าร้านขายยา"])
        #expect(try await store.record(first.trackingID)?.eventCount == first.events.count + 1)
        #expect(try await store.contact(of: second.trackingID) == Contact(lineUserID: bob))
        #expect(try await store.lineRecipient(of: first.trackingID) == alice)
        #expect(try await store.lineRecipient(of: second.trackingID) == nil, "Bob unfollowed after his case was opened")
        #expect(try await store.pendingOutbox(limit: 10).map(\.message.dedupeKey) == ["line:reply:e1", "line:reply:e2"],
                "a dedupe key seen before is skipped")
        #expect(try await store.pendingInbox(source: "line", limit: 10).map(\.id) == [inbox[2]], "only the finished rows are marked")
    }

    @Test(arguments: StoreKind.allCases)
    func aFailureInTheMiddleOfABatchLeavesNothingWrittenAndTheRowsPending(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let inbox = try await rows(store, 2)
        let opened = try await newCase(store, "ถนนเป็นหลุมบ่อ", user: alice, key: "event:e1")
        let nowhere = TrackingID.sample(seed: 4242)
        await #expect(throws: StoreError.notFound) {
            try await store.commitInboxBatch(InboxBatch(
                changes: [
                    .open(opened), .setLINEFollowing(userID: alice, following: false),
                    // A follow-up to a case that is not there fails the whole batch after the open.
                    .addMessage(InboxFollowUp(trackingID: nowhere,
                                              events: [CaseEvent(at: now, actor: CaseEvent.citizen, change: .citizenMessage("เพิ่มเติม"))],
                                              channel: .line, key: "event:e2")),
                ],
                outbox: [answer("e1", opened.trackingID)],
                finished: inbox.map { FinishedInboxRow(id: $0) }, at: now))
        }
        #expect(try await store.caseCount() == 0)
        #expect(try await store.caseID(channel: .line, key: "event:e1") == nil)
        #expect(try await store.pendingOutbox(limit: 10).isEmpty)
        #expect(try await store.pendingInbox(source: "line", limit: 10).map(\.id) == inbox)
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchPlannedOnAStaleViewIsRefusedWhole(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let inbox = try await rows(store, 2)
        // The event's case was stored meanwhile (another pass, another server): opening it again is stale.
        let stored = try await newCase(store, "ไฟจราจรเสีย", user: alice, key: "event:e1")
        _ = try await store.create(stored)
        let again = try await newCase(store, "ไฟจราจรเสีย", user: alice, key: "event:e1")
        let other = try await newCase(store, "ขยะไม่มีคนเก็บ", user: bob, key: "event:e2")
        await #expect(throws: StoreError.concurrentChange) {
            try await store.commitInboxBatch(InboxBatch(changes: [.open(other), .open(again)], outbox: [answer("e2", other.trackingID)],
                                                        finished: [FinishedInboxRow(id: inbox[0])], at: now))
        }
        // A row finished meanwhile: this batch must not write its changes a second time.
        try await store.markInboxProcessed(id: inbox[1], at: now, error: nil)
        await #expect(throws: StoreError.concurrentChange) {
            try await store.commitInboxBatch(InboxBatch(changes: [.open(other)], finished: [FinishedInboxRow(id: inbox[0]), FinishedInboxRow(id: inbox[1])],
                                                        at: now))
        }
        // A tracking ID in use refuses the batch too (the processor draws new ones).
        var taken = other
        taken.trackingID = stored.trackingID
        taken.receipt.trackingId = stored.trackingID
        taken.intake.channelMessageKey = "event:e3"
        await #expect(throws: StoreError.trackingIDTaken) {
            try await store.commitInboxBatch(InboxBatch(changes: [.open(taken)], finished: [FinishedInboxRow(id: inbox[0])], at: now))
        }
        #expect(try await store.caseCount() == 1)
        #expect(try await store.caseID(channel: .line, key: "event:e2") == nil)
        #expect(try await store.pendingOutbox(limit: 10).isEmpty)
        #expect(try await store.pendingInbox(source: "line", limit: 10).map(\.id) == [inbox[0]])
    }

    @Test(arguments: StoreKind.allCases)
    func aFollowUpSeenBeforeIsSkippedAndTheRestStored(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let inbox = try await rows(store, 1)
        let opened = try await newCase(store, "เสียงดังจากโรงงาน", user: alice, key: "event:e1")
        _ = try await store.create(opened)
        let note = InboxFollowUp(trackingID: opened.trackingID,
                                 events: [CaseEvent(at: now.addingTimeInterval(30), actor: CaseEvent.citizen, change: .citizenMessage("ตอนตีสอง"))],
                                 channel: .line, key: "event:e2")
        _ = try await store.appendMessage(note.events, to: opened.trackingID, attachments: [], channel: .line, key: "event:e2", outbox: [])
        try await store.commitInboxBatch(InboxBatch(changes: [.addMessage(note)], outbox: [answer("e2", opened.trackingID)],
                                                    finished: [FinishedInboxRow(id: inbox[0])], at: now))
        #expect(try await citizenMessages(store, opened.trackingID) == ["ตอนตีสอง"], "a redelivered follow-up is added once")
        #expect(try await store.pendingInbox(source: "line", limit: 10).isEmpty)
        #expect(try await store.pendingOutbox(limit: 10).count == 1)
    }
}
