import Foundation
import GRDB
import SiangCore
import SiangPipeline
@testable import SiangStore
import Testing

/// The queue's default view walks `cases_open_urgency` (OpenQueueSchema). SQLite uses a partial index
/// only for a query whose condition matches the index's term for term, so these check the shared text
/// against the index as migrated, and the plan SQLite makes of it.
@Suite struct OpenQueueIndexTests {
    @Test(arguments: [OpenQueueSchema.index, OpenQueueSchema.riskIndex])
    func theMigratedIndexHoldsExactlyTheOpenStatuses(_ index: String) async throws {
        let (store, _) = try temporaryStore()
        let definition = try await store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", arguments: [index])
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

    /// The at-risk page ranges over the clocks whose risk time has passed and checks the due time on
    /// the index: no walk of every running clock, only a sort of what the range found.
    @Test func theAtRiskViewRangesOverThePassedRiskTimes() async throws {
        let (store, _) = try temporaryStore()
        let risk = SQLiteStore.slaCondition(.atRisk, now: Date(timeIntervalSince1970: 1_780_000_000)).sql
        let plan = try await store.pool.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT c.tracking_id FROM cases c INDEXED BY \(OpenQueueSchema.riskIndex)
                WHERE (c.category IS NOT 'corruption') AND (\(OpenQueueSchema.openStatusCondition)) AND (\(risk))
                ORDER BY c.sla_phase, c.sla_due_at, c.id LIMIT 51
                """, arguments: [1, 1]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("USING INDEX \(OpenQueueSchema.riskIndex) (sla_phase=? AND sla_risk_at<?)") }, "\(plan)")
    }

    /// Cases with running clocks at every stage, some closed, each with the SLA index entry staff
    /// triage writes. Returns their IDs by name.
    static func clocks(in store: SQLiteStore, now: Date) async throws -> [String: TrackingID] {
        let pipeline = IntakePipeline(store: store, configuration: try SiangConfiguration.defaults(), clock: FixedClock(instant: now))
        // name: (due, risk) seconds from now; nil risk: a stopped clock
        let plan: [(String, TimeInterval, TimeInterval?, Status)] = [
            ("risk-soon", 600, -60, .received), ("risk-later", 7200, -600, .inProgress), ("risk-now", 3600, 0, .triaged),
            ("risk-closed", 300, -300, .closed), ("breached", -60, -3600, .received), ("on-track", 86_400, 3600, .received),
            ("on-track-soon", 120, 60, .awaitingInfo), ("stopped", 60, nil, .resolved),
        ]
        var ids: [String: TrackingID] = [:]
        for (n, (name, due, risk, status)) in plan.enumerated() {
            let intake = Intake(text: "ไฟถนนดับ \(name)", channel: .web, channelMessageKey: "idem:\(n)", receivedAt: now.addingTimeInterval(-86_400),
                                category: "lighting")
            guard case .created(let receipt) = try await pipeline.submit(intake) else { throw StoreError.notFound }
            let count = try #require(try await store.record(receipt.trackingId)).eventCount
            let entry = SLAIndexEntry(phase: risk == nil ? .stopped : .running, resolutionDueAt: now.addingTimeInterval(due),
                                      atRiskAt: risk.map { now.addingTimeInterval($0) }, firstResponseDueAt: nil, settledState: risk == nil ? .met : nil)
            var events = [CaseEvent(at: now, actor: "staff:root", change: .queueChanged("engineering"))]
            if status != .received {
                events.append(CaseEvent(at: now, actor: "staff:root", change: .statusChanged(StatusChange(from: .received, to: status))))
            }
            try await store.applyStaffChange(events, to: receipt.trackingId, expectedEventCount: count, outbox: [], sla: entry)
            ids[name] = receipt.trackingId
        }
        return ids
    }

    /// The queue's pages give the same cases while a bulk import has the open-case indexes dropped
    /// (naming a missing index would be an error) as with them, and at-risk lists exactly the running
    /// clocks of open cases whose risk time has passed and whose due time has not, soonest due first.
    @Test func thePagesAreTheSameWhileTheIndexesAreDeferredAndAfter() async throws {
        let (store, _) = try temporaryStore()
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(try await store.pool.write { db in try DeferredIndexSchema.deferIfEmpty(db) })
        let ids = try await Self.clocks(in: store, now: now)
        let admin = StaffViewer(username: "root", role: .admin, memberQueues: [], supervisedQueues: [], restrictedCategories: ["corruption"],
                                integrityQueue: "integrity")
        let queries = [QueueQuery(scope: .all), QueueQuery(scope: .all, sla: .atRisk), QueueQuery(scope: .all, sla: .onTrack),
                       QueueQuery(scope: .all, sla: .breached), QueueQuery(scope: .all, text: "ไฟถนน"),
                       QueueQuery(scope: .all, page: 2, pageSize: 2)]
        func pages() async throws -> [[TrackingID]] {
            var out: [[TrackingID]] = []
            for q in queries { out.append(try await store.queue(q, viewer: admin, now: now).rows.map(\.trackingID)) }
            return out
        }
        let whileDeferred = try await pages()
        func board() async throws -> StaffDashboard {
            try await store.dashboard(viewer: admin, now: now, monthStart: now.addingTimeInterval(-30 * 86_400), monthEnd: now, oldest: 3)
        }
        let boardWhileDeferred = try await board()
        let dropped = try await store.pool.read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
        }
        #expect(!dropped.contains(OpenQueueSchema.index) && !dropped.contains(OpenQueueSchema.riskIndex))
        try await store.buildDeferredIndexes()
        let after = try await pages()
        #expect(whileDeferred == after)
        #expect(boardWhileDeferred == (try await board()), "the dashboard names the received index only when it is there")
        #expect(boardWhileDeferred.byChannel.map(\.count) == [8])
        let names = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })
        #expect(after[1].map { names[$0]! } == ["risk-soon", "risk-now", "risk-later"])
        #expect(after[0].map { names[$0]! } == ["breached", "on-track-soon", "risk-soon", "risk-now", "risk-later", "on-track"])
        #expect(after[2].map { names[$0]! } == ["on-track-soon", "on-track"])
        #expect(after[3].map { names[$0]! } == ["breached"])
    }
}
