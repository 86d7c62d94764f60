import Foundation
import SiangTestSupport
import GRDB
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// The per-case report facts: kept current in the transaction of every write, equal to what the
/// events say, rebuilt from the events, made for the cases of a database older than the table.
@Suite struct CaseFactStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func fact(_ store: any AgencyStore, _ id: TrackingID) async throws -> CaseFact? {
        try await store.caseFacts(receivedBefore: .distantFuture).first { $0.trackingID == id }
    }

    /// The fact the events of the case give, the truth the stored one must equal.
    func truth(_ store: any AgencyStore, _ id: TrackingID) async throws -> CaseFact? {
        CaseFact(trackingID: id, events: try await store.events(of: id))
    }

    func submit(_ store: any AgencyStore, _ intake: Intake) async throws -> TrackingID {
        guard case .created(let receipt) = try await plainPipeline(store, now: now).submit(intake) else {
            throw Failure("not created")
        }
        return receipt.trackingId
    }

    func staff(_ minutes: Double, _ change: CaseChange) -> CaseEvent {
        CaseEvent(at: now.addingTimeInterval(minutes * 60), actor: CaseEvent.staff("alice"), change: change)
    }

    func move(_ store: any AgencyStore, _ id: TrackingID, _ from: Status, _ to: Status, at minutes: Double) async throws {
        try await store.append([staff(minutes, .statusChanged(StatusChange(from: from, to: to)))], to: id, expectedEventCount: nil, outbox: [])
    }

    /// A few cases with every kind of change a report cares about.
    func mixedHistory(_ store: any AgencyStore) async throws -> [TrackingID] {
        let a = try await submit(store, Intake(kind: .complaint, text: "ไฟถนนดับทั้งซอย", channel: .web, receivedAt: now, category: "lighting",
                                               segment: .citizen))
        let batch = try await plainPipeline(store, now: now).submitMany([
            Intake(kind: .complaint, text: "น้ำท่วมขังหน้าตลาด", channel: .hotline, channelMessageKey: "call:1", receivedAt: now.addingTimeInterval(-3600)),
            Intake(kind: .inquiry, text: "ขอทราบขั้นตอนขออนุญาต", channel: .hotline, channelMessageKey: "call:2", receivedAt: now.addingTimeInterval(-7200)),
        ]) { _ in [] }
        let b = try batch[0].get().receipt.trackingId
        let c = try batch[1].get().receipt.trackingId
        try await move(store, a, .received, .triaged, at: 10)
        try await move(store, a, .triaged, .inProgress, at: 20)
        try await store.append([staff(25, .categorized(CategoryChange(category: "road"))), staff(26, .queueChanged("engineering")),
                                staff(27, .priorityChanged(.urgent)), staff(28, .kindChanged(.complaint))],
                               to: a, expectedEventCount: nil, outbox: [])
        try await move(store, a, .inProgress, .resolved, at: 60)
        try await move(store, b, .received, .rejected, at: 5)
        _ = try await store.appendMessage([CaseEvent(at: now.addingTimeInterval(90), actor: "citizen", change: .citizenMessage("ยังไม่ได้รับคำตอบ"))],
                                          to: c, attachments: [], channel: .hotline, key: "call:3", outbox: [])
        try await store.append([staff(95, .publicReply("กำลังตรวจสอบ"))], to: c, expectedEventCount: nil, outbox: [])
        return [a, b, c]
    }

    @Test(arguments: StoreKind.allCases) func everyKindOfWriteKeepsTheFactEqualToTheEvents(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let ids = try await mixedHistory(store)
        for id in ids {
            let stored = try #require(try await fact(store, id))
            #expect(stored == (try await truth(store, id)), "\(id)")
        }
        let a = try #require(try await fact(store, ids[0]))
        #expect(a.category == "road" && a.queue == "engineering" && a.priority == .urgent, "attributes are the current ones")
        #expect(a.statuses.map(\.status) == [.received, .triaged, .inProgress, .resolved])
        #expect(a.firstResponseAt == now.addingTimeInterval(600))
        #expect(try await fact(store, ids[1])?.status(at: now.addingTimeInterval(600)) == .rejected)
        #expect(try await fact(store, ids[2])?.firstResponseAt == now.addingTimeInterval(95 * 60), "a public reply is a first response")
    }

    @Test(arguments: StoreKind.allCases) func factsAreTheCasesReceivedBeforeTheInstantInOrderOfReceipt(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let ids = try await mixedHistory(store)
        let all = try await store.caseFacts(receivedBefore: .distantFuture)
        #expect(all.map(\.trackingID) == [ids[2], ids[1], ids[0]])
        #expect(try await store.caseFacts(receivedBefore: now).map(\.trackingID) == [ids[2], ids[1]], "received at the instant is not before it")
        #expect(try await store.caseFacts(receivedBefore: now.addingTimeInterval(-7200)).isEmpty)
    }

    @Test func theRebuildGivesTheSameFactsAsTheLiveMaintenance() async throws {
        let (store, _) = try temporaryStore()
        _ = try await mixedHistory(store)
        let live = try await store.caseFacts(receivedBefore: .distantFuture)
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE report_case_facts SET category = 'spoiled', queue = NULL, statuses = zeroblob(0), first_response_at = NULL")
        }
        #expect(try await store.caseFacts(receivedBefore: .distantFuture) != live)
        let progress = Progress()
        let count = try await store.rebuildCaseFacts(batchSize: 2) { progress.add($0) }
        #expect(count == 3)
        #expect(progress.seen == [2, 3], "one report per batch of two")
        #expect(try await store.caseFacts(receivedBefore: .distantFuture) == live)
    }

    @Test(arguments: StoreKind.allCases) func theRebuildWalksTheCasesInBatchesAndChangesNoFact(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        #expect(try await store.rebuildCaseFacts(batchSize: 2, progress: nil) == 0, "no case, nothing to rebuild")
        _ = try await mixedHistory(store)
        let live = try await store.caseFacts(receivedBefore: .distantFuture)
        let progress = Progress()
        #expect(try await store.rebuildCaseFacts(batchSize: 2) { progress.add($0) } == 3)
        #expect(progress.seen == [2, 3])
        #expect(try await store.caseFacts(receivedBefore: .distantFuture) == live)
        let columns = try await store.caseFactColumns(receivedBefore: .distantFuture)
        #expect(columns.facts == live)
        #expect(columns.categoryNames.sorted() == ["road"], "the two hotline cases have no category")
    }

    @Test func aDatabaseOlderThanTheFactTableGetsTheFactsOfItsCases() async throws {
        let (store, dir) = try temporaryStore()
        _ = try await mixedHistory(store)
        let live = try await store.caseFacts(receivedBefore: .distantFuture)
        // Make the file what a database of the release before looked like: no fact table, migration not run.
        try await store.pool.write { db in
            try db.execute(sql: "DROP TABLE report_case_facts")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5-report-case-facts'")
        }
        try store.pool.close()
        let reopened = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        #expect(try await reopened.caseFacts(receivedBefore: .distantFuture) == live)
    }

    @Test func aFailedTransactionLeavesNoFactBehind() async throws {
        let (store, _) = try temporaryStore()
        let id = try await submit(store, Intake(text: "เรื่องเดิม", channel: .web, receivedAt: now))
        let alwaysTaken = ScriptedIDs(Array(repeating: id, count: 100))
        await #expect(throws: IntakeError.self) {
            _ = try await plainPipeline(store, now: now, ids: alwaysTaken).submitMany([
                Intake(text: "เรื่องใหม่ในชุดเดียวกัน", channel: .hotline, channelMessageKey: "call:9", receivedAt: now)]) { _ in [] }
        }
        let before = try await store.caseFacts(receivedBefore: .distantFuture)
        #expect(before.count == 1)
        // An append refused for a stale event count writes neither the event nor the fact.
        await #expect(throws: StoreError.concurrentChange) {
            try await store.append([staff(5, .statusChanged(StatusChange(from: .received, to: .triaged)))], to: id, expectedEventCount: 99, outbox: [])
        }
        #expect(try await store.caseFacts(receivedBefore: .distantFuture) == before)
        #expect(before[0].statuses.map(\.status) == [.received])
    }

    @Test func aDamagedTimelineIsReportedNotMisread() async throws {
        let (store, _) = try temporaryStore()
        _ = try await submit(store, Intake(text: "ถนนเป็นหลุม", channel: .web, receivedAt: now))
        try await store.pool.write { db in try db.execute(sql: "UPDATE report_case_facts SET statuses = x'0102'") }
        await #expect(throws: StoreError.self) { _ = try await store.caseFacts(receivedBefore: .distantFuture) }
    }

    @Test func theTimelineEncodingKeepsEveryPoint() {
        let received = now
        let points = [CaseFact.StatusPoint(at: received, status: .received)]
            + CaseFactTimeline.statuses.enumerated().map { CaseFact.StatusPoint(at: received.addingTimeInterval(Double($0.offset) * 61.125), status: $0.element) }
        let fact = CaseFact(trackingID: .sample(seed: 3), kind: .complaint, channel: .web, category: nil, segment: nil, queue: nil,
                            priority: .normal, receivedAt: received, statuses: points, firstResponseAt: nil)
        let bytes = CaseFactTimeline.encode(fact)
        #expect(bytes.count == 9 * CaseFactTimeline.statuses.count)
        #expect(decoded(bytes, receivedAt: received) == points)
        #expect(decoded([], receivedAt: received) == [points[0]])
        #expect(decoded([UInt8](repeating: 0xFF, count: 9), receivedAt: received) == nil)
    }

    /// The points `bytes` decode to as a case's timeline in the report columns; nil when refused (and then nothing was added).
    func decoded(_ bytes: [UInt8], receivedAt: Date) -> [CaseFact.StatusPoint]? {
        var columns = CaseFactColumns()
        let read = bytes.withUnsafeBytes { CaseFactTimeline.decode($0, receivedAt: receivedAt.timeIntervalSince1970, into: &columns) }
        guard read else {
            #expect(columns.pointAt.isEmpty && columns.pointStart == [0])
            return nil
        }
        #expect(columns.pointStart == [0, Int32(columns.pointAt.count)])
        return zip(columns.pointAt, columns.pointStatus).map { CaseFact.StatusPoint(at: Date(timeIntervalSince1970: $0), status: $1) }
    }
}

/// Collects what a progress callback was told, from any thread.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int] = []
    func add(_ n: Int) { lock.withLock { values.append(n) } }
    var seen: [Int] { lock.withLock { values } }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
