import Foundation
import SiangTestSupport
import GRDB
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

@Suite struct SQLiteStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func pipeline(_ store: SQLiteStore, ids: any TrackingIDSource = SecureRandomTrackingIDSource()) throws -> IntakePipeline {
        try plainPipeline(store, now: now, ids: ids)
    }

    @Test func theDatabaseIsDurableOnEveryCommit() async throws {
        let (store, _) = try temporaryStore()
        let (mode, sync) = try await store.pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode")!, try Int.fetchOne(db, sql: "PRAGMA synchronous")!)
        }
        #expect(mode == "wal")
        #expect(sync == 2, "synchronous must be FULL (2)")
    }

    @Test func aCaseIsStoredWithItsFirstEventContactAndAcknowledgement() async throws {
        let (store, _) = try temporaryStore()
        let intake = Intake(kind: .complaint, subject: "ไฟดับ", text: "ไฟถนนดับหน้าบ้านเลขที่ 9", channel: .web, channelMessageKey: "idem:k1",
                            receivedAt: now, contact: Contact(name: "สมชาย", email: "s@example.go.th"), consent: true,
                            location: Location(lat: 13.75, lon: 100.5, address: "ซอย 5"), category: "lighting", segment: .citizen)
        guard case .created(let receipt) = try await pipeline(store).submit(intake) else { Issue.record("not created"); return }
        let record = try #require(try await store.record(receipt.trackingId))
        #expect(record.text == "ไฟถนนดับหน้าบ้านเลขที่ 9")
        #expect(record.state.status == .received && record.state.category == "lighting" && record.state.segment == .citizen)
        #expect(record.location == Location(lat: 13.75, lon: 100.5, address: "ซอย 5"))
        let events = try await store.events(of: receipt.trackingId)
        #expect(events.count == 1)
        #expect(events.first?.change.type == "received")
        #expect(try await store.contact(of: receipt.trackingId) == Contact(name: "สมชาย", email: "s@example.go.th"))
        let outbox = try await store.pendingOutbox(limit: 10)
        #expect(outbox.map(\.message.kind) == ["acknowledgement"])
        #expect(outbox.first?.message.channel == .email)
    }

    @Test func theSameChannelKeyReturnsTheFirstCaseAndWritesNothing() async throws {
        let (store, _) = try temporaryStore()
        let p = try pipeline(store)
        let intake = Intake(text: "น้ำไม่ไหล", channel: .web, channelMessageKey: "idem:same", receivedAt: now)
        let first = try await p.submit(intake)
        var later = intake
        later.receivedAt = now.addingTimeInterval(5)  // a retry arrives later; still the same request
        let second = try await p.submit(later)
        guard case .created(let a) = first, case .existing(let b) = second else { Issue.record("\(first) \(second)"); return }
        #expect(a == b)
        #expect(try await store.caseCount() == 1)
    }

    @Test func aKeyReusedForADifferentRequestIsRefused() async throws {
        let (store, _) = try temporaryStore()
        let p = try pipeline(store)
        _ = try await p.submit(Intake(text: "น้ำไม่ไหล", channel: .web, channelMessageKey: "idem:x", receivedAt: now))
        await #expect(throws: IntakeError.keyReused) {
            try await p.submit(Intake(text: "ไฟดับ", channel: .web, channelMessageKey: "idem:x", receivedAt: now))
        }
        #expect(try await store.caseCount() == 1)
    }

    /// 40 random bits collide now and then at a million cases a year; the unique constraint catches it
    /// and the pipeline draws again.
    @Test func aTrackingIDCollisionIsRetriedWithANewID() async throws {
        let (store, _) = try temporaryStore()
        let taken = TrackingID.sample(seed: 1)
        let fresh = TrackingID.sample(seed: 2)
        let ids = ScriptedIDs([taken, taken, fresh])
        let p = try pipeline(store, ids: ids)
        guard case .created(let first) = try await p.submit(Intake(text: "หนึ่ง", channel: .web, receivedAt: now)) else { Issue.record(); return }
        #expect(first.trackingId == taken)
        guard case .created(let second) = try await p.submit(Intake(text: "สอง", channel: .web, receivedAt: now)) else { Issue.record(); return }
        #expect(second.trackingId == fresh)
        #expect(ids.handedOut == 3)
        #expect(try await store.caseCount() == 2)
        #expect(try await store.record(taken)?.text == "หนึ่ง")
    }

    @Test func invalidIntakeWritesNothing() async throws {
        let (store, _) = try temporaryStore()
        await #expect(throws: IntakeError.self) {
            try await pipeline(store).submit(Intake(text: "x", channel: .web, receivedAt: now, contact: Contact(phone: "0812345678"), consent: false))
        }
        #expect(try await store.caseCount() == 0)
        #expect(try await store.pendingOutbox(limit: 10).isEmpty)
    }

    @Test func eventsAreAppendOnly() async throws {
        let (store, _) = try temporaryStore()
        guard case .created(let r) = try await pipeline(store).submit(Intake(text: "ถนนพัง", channel: .web, receivedAt: now)) else { Issue.record(); return }
        await #expect(throws: (any Error).self) {
            try await store.pool.write { db in try db.execute(sql: "UPDATE case_events SET actor = 'x'") }
        }
        await #expect(throws: (any Error).self) {
            try await store.pool.write { db in try db.execute(sql: "DELETE FROM case_events") }
        }
        try await store.append([CaseEvent(at: now.addingTimeInterval(60), actor: CaseEvent.staff("alice"),
                                          change: .statusChanged(StatusChange(from: .received, to: .triaged, publicNote: "ส่งกองช่างแล้ว")))],
                               to: r.trackingId, expectedEventCount: 1, outbox: [])
        let record = try #require(try await store.record(r.trackingId))
        #expect(record.state.status == .triaged)
        #expect(record.state.firstResponseAt == now.addingTimeInterval(60))
        #expect(record.eventCount == 2)
        await #expect(throws: StoreError.concurrentChange) {
            try await store.append([CaseEvent(at: now, actor: "staff:bob", change: .internalNote("x"))], to: r.trackingId, expectedEventCount: 1, outbox: [])
        }
    }

    @Test func dataSurvivesReopeningTheFile() async throws {
        let (store, dir) = try temporaryStore()
        guard case .created(let r) = try await pipeline(store).submit(Intake(text: "เสียงดังกลางคืน", channel: .web, receivedAt: now)) else { Issue.record(); return }
        let reopened = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        #expect(try await reopened.record(r.trackingId)?.text == "เสียงดังกลางคืน")
    }

    @Test func tokensIdentifyActiveUsersOnly() async throws {
        let (store, _) = try temporaryStore()
        try await store.addUser(NewUser(username: "alice", passwordHash: "x", role: .agent, createdAt: now))
        await #expect(throws: StoreError.duplicateUser("alice")) {
            try await store.addUser(NewUser(username: "alice", passwordHash: "y", role: .admin, createdAt: now))
        }
        try await store.addToken(hash: "h1", for: "alice", at: now)
        #expect(try await store.user(forTokenHash: "h1")?.username == "alice")
        #expect(try await store.user(forTokenHash: "h2") == nil)
        await #expect(throws: StoreError.unknownUser("bob")) { try await store.addToken(hash: "h3", for: "bob", at: now) }
    }
}
