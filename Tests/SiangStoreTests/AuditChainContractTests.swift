import Foundation
import GRDB
import SiangCore
@testable import SiangStore
import SiangTestSupport
import Testing

/// The hash-chained audit log (DESIGN.md 5.12) on both stores: the chain holds as entries are written,
/// also from many tasks at once, and `AuditVerifier` names the first entry that does not fit when one
/// is changed, removed, re-ordered, unlinked, or cut off the end.
@Suite struct AuditChainContractTests {
    let start = Date(timeIntervalSince1970: 1_773_630_000)

    /// Worked out apart from the code (Python's hashlib over the same length-prefixed fields): SHA-256 of
    /// `64:000…0\n16:41da6ddc8c100000\n13:staff:somchai\n17:case.contact.read\n7:CMP-ABC\n-\n`.
    @Test func aLinkIsSHA256OverLengthPrefixedFields() {
        let hash = AuditChain.link(previous: AuditChain.genesis, at: 1_773_630_000.25, actor: "staff:somchai", action: "case.contact.read",
                                   trackingID: "CMP-ABC", improvementID: nil)
        #expect(hash == "ab3f73d8e0d0711eb6c78f76f955f4c86c4fbbe8065bed054788ad548f5a5bda")
        // A field's text cannot pass for the next field: moving a character across changes the link.
        let shifted = AuditChain.link(previous: AuditChain.genesis, at: 1_773_630_000.25, actor: "staff:somchai\n", action: "ase.contact.read",
                                      trackingID: "CMP-ABC", improvementID: nil)
        #expect(shifted != hash)
        #expect(AuditChain.link(previous: AuditChain.genesis, at: 1_773_630_000.25, actor: "staff:somchai", action: "case.contact.read",
                                trackingID: nil, improvementID: nil) != hash)
    }

    /// Five entries: four about cases, one about an improvement (written with it, in its transaction).
    func filled(_ kind: StoreKind) async throws -> any AgencyStore {
        let store = try await freshStore(kind)
        for n in 0..<4 {
            try await store.recordAudit(AuditEntry(at: start + Double(n), actor: "staff:somchai", action: "case.contact.read",
                                                   trackingID: TrackingID.sample(seed: UInt64(n + 1))))
        }
        _ = try await store.addImprovement(ImprovementDraft(
            date: ImprovementDay("2026-03-15")!, title: "ลดขั้นตอนการรับเรื่อง", triggers: ImprovementTriggers(categories: ["water"]),
            action: "ตั้งทีมตอบกลับภายในวันเดียว", owningUnit: "กองการประปา", learningLevel: .pdca), actor: "staff:analyst1", at: start + 10)
        return store
    }

    func tamper(_ store: any AgencyStore, _ sql: String) async throws {
        if let sqlite = store as? SQLiteStore {
            try await sqlite.write { db in try db.execute(sql: sql) }
        } else if let postgres = store as? PostgresStore {
            try await postgres.write { c in try await c.simple(sql) }
        }
    }

    func verify(_ store: any AgencyStore, external: [AuditCheckpoint] = []) async throws -> AuditVerifier.Outcome {
        try await AuditVerifier(store: store, batchSize: 2).verify(external: external)
    }

    @Test(arguments: StoreKind.allCases) func theChainHoldsAndItsHeadIsTheLastEntry(_ kind: StoreKind) async throws {
        let store = try await filled(kind)
        let rows = try await store.auditChainRows(after: 0, limit: 100)
        #expect(rows.count == 5)
        #expect(rows.last?.improvementID != nil && rows.last?.action == "improvement.add")
        var previous = AuditChain.genesis
        for row in rows {
            #expect(row.hash == row.expectedHash(after: previous))
            previous = row.hash ?? ""
        }
        let outcome = try await verify(store)
        #expect(outcome.holds && outcome.entries == 5)
        #expect(outcome.head?.entryID == rows.last?.id && outcome.head?.hash == previous)
        // A checkpoint records the head once; asked again with nothing new it gives the same one back.
        let checkpoint = try #require(try await store.checkpointAudit(at: start + 20))
        #expect(checkpoint.entryID == rows.last?.id && checkpoint.hash == previous)
        #expect(try await store.checkpointAudit(at: start + 30) == checkpoint)
        #expect(try await store.auditCheckpoints() == [checkpoint])
        #expect(try await verify(store).holds)
    }

    @Test(arguments: StoreKind.allCases) func anEmptyLogHoldsAndHasNothingToCheckpoint(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        #expect(try await verify(store) == AuditVerifier.Outcome(entries: 0, head: nil, firstBreak: nil))
        #expect(try await store.checkpointAudit(at: start) == nil)
    }

    @Test(arguments: StoreKind.allCases) func aChangedEntryIsNamed(_ kind: StoreKind) async throws {
        let store = try await filled(kind)
        let third = try await store.auditChainRows(after: 0, limit: 3)[2].id
        try await tamper(store, "UPDATE audit_log SET actor = 'staff:someone_else' WHERE id = \(third)")
        #expect(try await verify(store).firstBreak == AuditVerifier.Break(entryID: third, reason: .hashMismatch))
    }

    @Test(arguments: StoreKind.allCases) func aRemovedEntryIsNamedByTheOneAfterIt(_ kind: StoreKind) async throws {
        let store = try await filled(kind)
        let rows = try await store.auditChainRows(after: 0, limit: 5)
        try await tamper(store, "DELETE FROM audit_log WHERE id = \(rows[1].id)")
        #expect(try await verify(store).firstBreak == AuditVerifier.Break(entryID: rows[2].id, reason: .hashMismatch))
    }

    @Test(arguments: StoreKind.allCases) func reorderedEntriesAreNamed(_ kind: StoreKind) async throws {
        let store = try await filled(kind)
        let rows = try await store.auditChainRows(after: 0, limit: 5)
        // Entries 2 and 3 trade places, each keeping its own hash, as if the rows had been renumbered.
        let (a, b) = (rows[1], rows[2])
        try await tamper(store, """
            UPDATE audit_log SET at = \(b.at), tracking_id = '\(b.trackingID!)', hash = '\(b.hash!)' WHERE id = \(a.id);
            UPDATE audit_log SET at = \(a.at), tracking_id = '\(a.trackingID!)', hash = '\(a.hash!)' WHERE id = \(b.id)
            """)
        #expect(try await verify(store).firstBreak == AuditVerifier.Break(entryID: a.id, reason: .hashMismatch))
    }

    @Test(arguments: StoreKind.allCases) func anUnlinkedEntryIsNamed(_ kind: StoreKind) async throws {
        let store = try await filled(kind)
        let fourth = try await store.auditChainRows(after: 0, limit: 4)[3].id
        try await tamper(store, "UPDATE audit_log SET hash = NULL WHERE id = \(fourth)")
        #expect(try await verify(store).firstBreak == AuditVerifier.Break(entryID: fourth, reason: .unlinked))
    }

    /// Cutting entries off the end leaves a chain that holds by itself; the checkpoint, or a head kept
    /// outside the database, shows it.
    @Test(arguments: StoreKind.allCases) func entriesCutOffTheEndAreNamedByACheckpoint(_ kind: StoreKind) async throws {
        let store = try await filled(kind)
        let head = try #require(try await store.checkpointAudit(at: start + 20))
        let kept = try #require(try await verify(store).head)
        try await tamper(store, "DELETE FROM audit_log WHERE id = \(head.entryID)")
        #expect(try await verify(store).firstBreak == AuditVerifier.Break(entryID: head.entryID, reason: .checkpointMismatch))
        // The same with the stored checkpoints gone too, against the head the agency kept elsewhere.
        try await tamper(store, "DELETE FROM audit_checkpoints")
        #expect(try await verify(store).holds, "by itself the shortened chain holds")
        #expect(try await verify(store, external: [kept]).firstBreak == AuditVerifier.Break(entryID: kept.entryID, reason: .checkpointMismatch))
        let wrong = AuditCheckpoint(entryID: 1, hash: String(repeating: "f", count: 64), at: start)
        #expect(try await verify(store, external: [wrong]).firstBreak == AuditVerifier.Break(entryID: 1, reason: .checkpointMismatch))
    }

    /// Many appends at once (on PostgreSQL, from several pooled connections): every entry links to the
    /// one before it, none twice.
    @Test(arguments: StoreKind.allCases) func concurrentAppendsKeepOneChain(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let start = self.start
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for n in 0..<5 {
                        try await store.recordAudit(AuditEntry(at: start + Double(n), actor: "staff:t\(task)", action: "case.contact.read",
                                                               trackingID: nil))
                    }
                }
            }
            try await group.waitForAll()
        }
        let outcome = try await verify(store)
        #expect(outcome.holds && outcome.entries == 80)
    }

    /// A SQLite store from before the chain: its entries are linked in id order when it is opened, and
    /// a checkpoint records where the chain then stood.
    @Test func entriesWrittenBeforeTheChainAreLinkedWhenASQLiteStoreIsOpened() async throws {
        let path = NSTemporaryDirectory() + "siang-audit-\(UUID().uuidString).sqlite"
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v12-staff-contacts")
        try await queue.write { db in
            for n in 0..<3 {
                try db.execute(sql: "INSERT INTO audit_log (at, actor, action, tracking_id) VALUES (?, 'staff:old', 'case.contact.read', NULL)",
                               arguments: [Double(1_700_000_000 + n)])
            }
        }
        try queue.close()
        let store = try SQLiteStore(path: path, cipher: .forTests)
        let outcome = try await AuditVerifier(store: store).verify()
        #expect(outcome.holds && outcome.entries == 3)
        #expect(try await store.auditCheckpoints().map(\.entryID) == [3])
        try await store.recordAudit(AuditEntry(at: start, actor: "staff:new", action: "case.contact.read", trackingID: nil))
        #expect(try await AuditVerifier(store: store).verify().entries == 4)
    }

    /// The same on PostgreSQL, through the migration step that links them.
    @Test func entriesWrittenBeforeTheChainAreLinkedOnPostgreSQL() async throws {
        let store = try #require(try await freshStore(.postgres) as? PostgresStore)
        try await store.write { c in
            try await c.simple("""
                INSERT INTO audit_log (at, actor, action) VALUES (1700000000, 'staff:old', 'a'), (1700000001.5, 'staff:old', 'b');
                INSERT INTO audit_log (at, actor, action, improvement_id) VALUES (1700000002, 'staff:old', 'improvement.add', 7)
                """)
            try await PostgresStore.linkAuditEntriesWrittenBefore(c)
        }
        let outcome = try await AuditVerifier(store: store).verify()
        #expect(outcome.holds && outcome.entries == 3)
        #expect(try await store.auditCheckpoints().count == 1)
    }
}
