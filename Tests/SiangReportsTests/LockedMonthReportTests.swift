import Foundation
import Testing
@testable import SiangReports
import SiangCore

/// A locked month is answered from what was stored, says what a late case would change, and is
/// restated only as a new numbered revision.
@Suite struct LockedMonthReportTests {
    typealias F = DrillDownReportTests

    @Test func aLockedMonthIsNeverChangedSilently() throws {
        let request = try ReportRequest(kind: .month, id: "2025-10")
        let inputs = try F.inputs()
        let lockedAt = F.at(3, 9, month: 11)
        let stored = LockedMonths.revision(try ReportEngine.report(request, inputs: inputs, now: lockedAt), number: 0, reason: nil)
        let storedJSON = ReportJSON.encode(stored)
        #expect(stored.locked && stored.revision == 0 && stored.pendingChanges.isEmpty)

        // A hotline log of 10 October arrives in November: a complaint on water, never handled.
        var late = inputs
        late.cases.append(F.fact(9, .hotline, "water", received: F.at(10, 14)))
        let recomputed = try ReportEngine.report(request, inputs: late, now: F.now)
        let answer = try LockedMonths.answer(latest: storedJSON, recomputed: recomputed)
        #expect(answer.locked && answer.revision == 0)
        #expect(answer.metric("complaints_received")?.value == stored.metric("complaints_received")?.value, "the stored figure is answered")
        let received = try #require(answer.pendingChanges.first { $0.metric == "complaints_received" && $0.breakdown == "overall" })
        #expect(received.stored == 5 && received.now == 6, "1, 2, 3, 6 and 8; then the late one")
        #expect(answer.pendingChanges.contains { $0.metric == "complaints_received" && $0.breakdown == "channel:hotline" })

        let restated = LockedMonths.revision(recomputed, number: 1, reason: "บันทึกการรับสายย้อนหลังจากศูนย์บริการ")
        #expect(restated.revision == 1 && restated.metric("complaints_received")?.value == 6 && restated.restatementReason != nil)
        let again = try LockedMonths.answer(latest: ReportJSON.encode(restated), recomputed: recomputed)
        #expect(again.pendingChanges.isEmpty && again.revision == 1, "after the restatement nothing is pending")
        let changes = try #require(JSONValue.parse(LockedMonths.changesJSON(answer.pendingChanges))?.arrayValue)
        #expect(changes.count == answer.pendingChanges.count && changes.first?["metric"]?.stringValue == answer.pendingChanges.first?.metric)
    }

    @Test func onlyAMonthThatIsOverCanBeLocked() throws {
        let october = try PeriodKey.parse("2025-10", kind: .month)
        #expect(!LockedMonths.mayLock(october, now: F.at(31, 23)))
        #expect(LockedMonths.mayLock(october, now: F.at(1, 0, month: 11)))
        #expect(!LockedMonths.mayLock(try PeriodKey.parse("2569", kind: .fiscalYear), now: F.at(1, 0, year: 2030)))
    }
}
