import Foundation
import SiangTestSupport
import GRDB
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// The write path tuned for bulk imports and busy intake: cases and call records in one transaction,
/// the search index filled by the store, group commit without savepoints, checkpoints off the writer.
@Suite struct BulkWriteTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func intake(_ n: Int) -> Intake {
        Intake(kind: .complaint, text: "ไฟถนนดับหน้าบ้านเลขที่ \(n)", channel: .hotline, channelMessageKey: "call:C\(n)", receivedAt: now,
               externalRef: "C\(n)")
    }

    func call(_ n: Int, _ id: TrackingID?) -> CallRecord {
        CallRecord(callID: "C\(n)", startedAt: now, endedAt: nil, queue: "Q1", agent: "op1", disposition: "complaint", trackingID: id)
    }

    func callRows(_ store: SQLiteStore) async throws -> [String: String?] {
        try await store.pool.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT call_id, tracking_id FROM hotline_calls").map {
                ($0["call_id"] as String, $0["tracking_id"] as String?)
            })
        }
    }

    @Test func casesAndTheirCallRecordsAreStoredInOneTransaction() async throws {
        let (store, _) = try temporaryStore()
        let outcomes = try await plainPipeline(store, now: now).submitMany((0..<3).map(intake)) { results in
            results.enumerated().map { i, r in call(i, (try? r.get())?.receipt.trackingId) }
        }
        let ids = outcomes.map { (try? $0.get())?.receipt.trackingId }
        #expect(ids.allSatisfy { $0 != nil })
        let rows = try await callRows(store)
        #expect(rows.count == 3)
        for i in 0..<3 { #expect(rows["C\(i)"] == ids[i]?.description) }
    }

    @Test func aFailedBatchStoresNeitherCasesNorCalls() async throws {
        let (store, _) = try temporaryStore()
        let taken = TrackingID.sample(seed: 1)
        let p = try plainPipeline(store, now: now, ids: ScriptedIDs([taken]))
        _ = try await p.submit(Intake(text: "เรื่องเดิม", channel: .web, receivedAt: now))
        // Every draw collides, so the batch is tried and rolled back each time, then given up.
        let alwaysTaken = ScriptedIDs(Array(repeating: taken, count: 100))
        await #expect(throws: IntakeError.self) {
            _ = try await plainPipeline(store, now: now, ids: alwaysTaken).submitMany([intake(1)]) { _ in [call(1, nil), call(2, nil)] }
        }
        #expect(try await store.caseCount() == 1)
        #expect(try await callRows(store).isEmpty)
    }

    @Test func callsWithoutCasesAreRecordedEvenWhenNoCaseIsOpened() async throws {
        let (store, _) = try temporaryStore()
        _ = try await plainPipeline(store, now: now).submitMany([]) { _ in [call(7, nil)] }
        #expect(try await callRows(store) == ["C7": nil])
    }

    @Test func everyNewCaseIsInTheSearchIndexOnce() async throws {
        let (store, _) = try temporaryStore()
        let p = try plainPipeline(store, now: now)
        _ = try await p.submit(Intake(subject: "หลุมบ่อ", text: "ถนนพังหน้าโรงเรียนวัดใหม่", channel: .web, receivedAt: now))
        _ = try await p.submitMany([Intake(text: "ขยะล้นถังหน้าตลาดสด", channel: .hotline, receivedAt: now)])
        let (school, market, subject, entries, cases) = try await store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search WHERE case_search MATCH '\"โรงเรียน\"'")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search WHERE case_search MATCH '\"ตลาดสด\"'")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search WHERE case_search MATCH 'subject:\"หลุมบ่อ\"'")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search_docsize")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM cases")!)
        }
        #expect(school == 1 && market == 1 && subject == 1)
        #expect(entries == cases, "one index entry per case")
    }

    /// A database made before the store filled the index itself (with the insert trigger) moves to
    /// the new way without indexing a new case twice, and its old cases stay findable.
    @Test func anOlderDatabaseDropsTheInsertTrigger() async throws {
        let dir = NSTemporaryDirectory() + "siang-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/siang.sqlite"
        do {
            let old = try DatabasePool(path: path)
            try Migrations.migrator.migrate(old, upTo: "v3-surveys-definitions-invitations-answers")
            try await old.write { db in
                try db.execute(sql: """
                    INSERT INTO cases (tracking_id, kind, channel, status, priority, text, received_at, updated_at, event_count)
                    VALUES ('CMP-OLD', 'complaint', 'web', 'received', 'normal', 'ไฟดับทั้งหมู่บ้านมาสามวัน', 0, 0, 0)
                    """)
            }
            try old.close()
        }
        let store = try SQLiteStore(path: path, cipher: .forTests)
        _ = try await plainPipeline(store, now: now).submit(Intake(text: "ไฟดับที่ตลาดเช้า", channel: .web, receivedAt: now))
        let (triggers, matches, entries) = try await store.pool.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases'"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search WHERE case_search MATCH '\"ไฟดับ\"'")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM case_search_docsize")!)
        }
        #expect(Set(triggers) == ["cases_search_delete", "cases_search_update"])
        #expect(matches == 2)
        #expect(entries == 2)
    }

    /// Group commit gives no case a savepoint; a case refused in a shared transaction must still fail
    /// alone and leave the others and the earlier case as they were.
    @Test func aCollisionInAGroupCommitFailsOnlyThatCase() async throws {
        let (store, _) = try temporaryStore()
        let taken = TrackingID.sample(seed: 1)
        var script = [taken]
        script += (0..<20).map { TrackingID.sample(seed: UInt64(100 + $0)) }
        script.insert(taken, at: 11)  // the 11th concurrent submission collides once, then draws afresh
        let p = try plainPipeline(store, now: now, ids: ScriptedIDs(script))
        _ = try await p.submit(Intake(text: "เรื่องแรก", channel: .web, receivedAt: now))
        let created = try await withThrowingTaskGroup(of: CreateOutcome.self) { group in
            for n in 0..<20 { group.addTask { try await p.submit(Intake(text: "เรื่องที่ \(n)", channel: .web, receivedAt: now)) } }
            return try await group.reduce(into: [TrackingID]()) { $0.append($1.receipt.trackingId) }
        }
        #expect(Set(created).count == 20 && !created.contains(taken))
        #expect(try await store.caseCount() == 21)
        #expect(try await store.record(taken)?.text == "เรื่องแรก")
        #expect(try await store.events(of: taken).count == 1)
    }

    /// The writer leaves the log to the checkpointer: its own threshold is far above what this test
    /// writes, yet the pages reach the database file.
    @Test func theCheckpointerCopiesTheLogIntoTheDatabaseFile() async throws {
        let (store, dir) = try temporaryStore()
        let file = dir + "/siang.sqlite"
        func size() throws -> Int { try FileManager.default.attributesOfItem(atPath: file)[.size] as! Int }
        let threshold = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")! }
        #expect(threshold == WALCheckpointer.writerBackstopPages)
        let before = try size()
        _ = try await plainPipeline(store, now: now).submitMany((0..<2_000).map(intake))
        let pagesWritten = try await store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count")! } - before / 4096
        #expect(pagesWritten < threshold / 4, "the writer's own threshold is not reached")
        var after = try size()
        for _ in 0..<100 where after < before + 1_000_000 {
            try await Task.sleep(for: .milliseconds(100))
            after = try size()
        }
        #expect(after >= before + 1_000_000, "the checkpointer copied the new pages into the file")
    }
}

extension CreateOutcome {
    var receipt: CaseReceipt {
        switch self {
        case .created(let r), .existing(let r): r
        }
    }
}
