import Foundation
import GRDB
import Testing
@testable import SiangCore
@testable import SiangStore

/// Targets and comparators stored whole or not at all, and the revisions of locked months kept
/// forever in order.
@Suite struct ReportStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    let satisfaction2569 = ReportTargetRow(metricID: "satisfaction_pct", fiscalYear: 2569, target: 85, comparators: [
        .init(name: "กรมสรรพากร", value: 88.4, why: "หน่วยบริการประชาชนขนาดใกล้เคียงกัน"),
        .init(name: "กรมการขนส่งทางบก", value: 83, why: "งานบริการหน้าเคาน์เตอร์"),
    ])
    let satisfaction2566 = ReportTargetRow(metricID: "satisfaction_pct", fiscalYear: 2566, baseline: 80.5)
    let digital2569 = ReportTargetRow(metricID: "digital_services_pct", fiscalYear: 2569, target: 60, value: 55.5)

    @Test func targetsComparatorsAndBaselinesRoundTrip() async throws {
        let (store, _) = try temporaryStore()
        try await store.saveReportTargets([satisfaction2569, digital2569, satisfaction2566], at: now)
        #expect(try await store.reportTargets() == [digital2569, satisfaction2566, satisfaction2569])
    }

    @Test func aSecondImportReplacesOnlyTheYearsItNames() async throws {
        let (store, _) = try temporaryStore()
        try await store.saveReportTargets([satisfaction2569, satisfaction2566], at: now)
        let revised = ReportTargetRow(metricID: "satisfaction_pct", fiscalYear: 2569, target: 86,
                                      comparators: [.init(name: "กรมสรรพากร", value: 89, why: "ปีล่าสุด")])
        try await store.saveReportTargets([revised], at: now)
        #expect(try await store.reportTargets() == [satisfaction2566, revised], "the old comparators of 2569 are gone, 2566 is kept")
    }

    @Test func aBadRowStoresNothing() async throws {
        let (store, _) = try temporaryStore()
        try await store.saveReportTargets([satisfaction2566], at: now)
        let bad: [[ReportTargetRow]] = [
            [satisfaction2569, ReportTargetRow(metricID: "trust_pct", fiscalYear: 2569, target: .nan)],
            [satisfaction2569, ReportTargetRow(metricID: "trust_pct", fiscalYear: 2025, target: 80)],
            [satisfaction2569, ReportTargetRow(metricID: "", fiscalYear: 2569, target: 80)],
            [satisfaction2569, ReportTargetRow(metricID: "trust_pct", fiscalYear: 2569, comparators: [.init(name: " ", value: 1, why: "")])],
            [satisfaction2569, satisfaction2569],
        ]
        for rows in bad {
            await #expect(throws: StoreError.self) { try await store.saveReportTargets(rows, at: now) }
        }
        #expect(try await store.reportTargets() == [satisfaction2566])
    }

    func revision(_ n: Int, reason: String? = nil) -> ReportRevision {
        ReportRevision(periodID: "2025-10", revision: n, documentJSON: "{\"revision\":\(n)}", reason: reason,
                       changesJSON: n == 0 ? "[]" : "[{\"metric\":\"cases_received\"}]", actor: "cli:test",
                       createdAt: now.addingTimeInterval(Double(n)))
    }

    @Test func revisionsFollowOneAnotherAndAreNeverChanged() async throws {
        let (store, _) = try temporaryStore()
        #expect(try await store.reportRevisions(period: "2025-10").isEmpty)
        try await store.addReportRevision(revision(0))
        await #expect(throws: StoreError.revisionExists(period: "2025-10", revision: 0)) { try await store.addReportRevision(revision(0)) }
        await #expect(throws: StoreError.self) { try await store.addReportRevision(revision(2, reason: "ข้ามลำดับ")) }
        await #expect(throws: StoreError.self) { try await store.addReportRevision(revision(1, reason: "  ")) }
        try await store.addReportRevision(revision(1, reason: "รับบันทึกสายด่วนย้อนหลัง"))
        #expect(try await store.reportRevisions(period: "2025-10") == [revision(0), revision(1, reason: "รับบันทึกสายด่วนย้อนหลัง")])
        #expect(try await store.reportRevisions(period: "2025-11").isEmpty)
        for sql in ["UPDATE report_revisions SET document = '{}'", "DELETE FROM report_revisions"] {
            await #expect(throws: DatabaseError.self) { try await store.pool.write { db in try db.execute(sql: sql) } }
        }
        #expect(try await store.reportRevisions(period: "2025-10").count == 2)
    }
}
