import GRDB
import SiangCore
@testable import SiangStore
import Testing

/// The queue's default view walks `cases_open_urgency` (OpenQueueSchema). SQLite uses a partial index
/// only for a query whose condition matches the index's term for term, so these check the shared text
/// against the index as migrated, and the plan SQLite makes of it.
@Suite struct OpenQueueIndexTests {
    @Test func theMigratedIndexHoldsExactlyTheOpenStatuses() async throws {
        let (store, _) = try temporaryStore()
        let definition = try await store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [OpenQueueSchema.index])
        }
        let condition = OpenQueueSchema.openStatusCondition.replacingOccurrences(of: "c.status", with: "status")
        #expect(try #require(definition).hasSuffix("WHERE " + condition), "the migration froze other statuses than Status.isOpen")
    }

    /// Without the condition term for term, `INDEXED BY` a partial index is an error ("no query
    /// solution"); with it, the page is read in index order with no sort.
    @Test func theDefaultViewIsPlannedOnTheOpenCasesWithoutASort() async throws {
        let (store, _) = try temporaryStore()
        let plan = try await store.pool.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT c.tracking_id FROM cases c INDEXED BY \(OpenQueueSchema.index)
                WHERE (c.category IS NOT 'corruption') AND (\(OpenQueueSchema.openStatusCondition))
                ORDER BY c.sla_phase, c.sla_due_at, c.id LIMIT 51
                """).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains(OpenQueueSchema.index) }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
        await #expect(throws: (any Error).self) {
            try await store.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT c.id FROM cases c INDEXED BY \(OpenQueueSchema.index) WHERE c.status IN ('received')")
            }
        }
    }
}
