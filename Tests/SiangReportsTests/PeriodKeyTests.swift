import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// Period ids, their Bangkok half-open intervals, Thai and English names, related periods, and the
/// errors for ids people get wrong.
@Suite struct PeriodKeyTests {
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date { ReportFixture.bkk(y, m, d, h, min) }

    @Test func monthIsNamedInTheCommonEraAndShownInTheBuddhistEra() throws {
        let p = try PeriodKey.parse("2025-10", kind: .month)
        #expect(p.id == "2025-10")
        #expect(p.fiscalYear.beYear == 2569)
        #expect(p.from == Self.bkk(2025, 10, 1))
        #expect(p.to == Self.bkk(2025, 11, 1))
        #expect(p.labelTh == "ตุลาคม 2568")
        #expect(p.labelEn == "October 2025")
    }

    @Test func quarterAndFiscalYearFollowTheThaiFiscalYear() throws {
        let q = try PeriodKey.parse("2569-Q1", kind: .quarter)
        #expect(q.from == Self.bkk(2025, 10, 1))
        #expect(q.to == Self.bkk(2026, 1, 1))
        #expect(q.labelTh == "ไตรมาส 1 ปีงบประมาณ 2569")
        let y = try PeriodKey.parse("2569", kind: .fiscalYear)
        #expect(y.from == Self.bkk(2025, 10, 1))
        #expect(y.to == Self.bkk(2026, 10, 1))
        #expect(y.labelTh == "ปีงบประมาณ 2569")
        #expect(try PeriodKey.parse("2569-q4").to == Self.bkk(2026, 10, 1))
    }

    @Test func relatedPeriodsAreOfTheSameKind() throws {
        #expect(try PeriodKey.parse("2025-10").previous.id == "2025-09")
        #expect(try PeriodKey.parse("2025-10").previous.fiscalYear.beYear == 2568)
        #expect(try PeriodKey.parse("2569-Q1").previous.id == "2568-Q4")
        #expect(try PeriodKey.parse("2569").previous.id == "2568")
        #expect(try PeriodKey.parse("2026-01").sameIn(yearsBefore: 2).id == "2024-01")
        #expect(try PeriodKey.parse("2569-Q2").monthsOfFiscalYearToDate.count == 6)
    }

    @Test func asOfIsTheEarlierOfTheEndAndNowAndNeverBeforeTheStart() throws {
        let p = try PeriodKey.parse("2025-10")
        #expect(try p.asOf(requested: nil, now: Self.bkk(2025, 10, 15)) == Self.bkk(2025, 10, 15))
        #expect(try p.asOf(requested: nil, now: Self.bkk(2026, 1, 1)) == Self.bkk(2025, 11, 1))
        #expect(try p.asOf(requested: Self.bkk(2025, 10, 1), now: Self.bkk(2026, 1, 1)) == Self.bkk(2025, 10, 1))
        #expect(throws: ReportError.self) { try p.asOf(requested: Self.bkk(2025, 9, 30, 23, 59), now: Self.bkk(2026, 1, 1)) }
        #expect(throws: ReportError.self) { try ReportRequest(kind: .month, id: "2025-10", asOf: "2025-09-30T12:00:00+07:00") }
        #expect(try ReportRequest(kind: .month, id: "2025-10", asOf: "2025-10-15").asOf == Self.bkk(2025, 10, 15))
        #expect(throws: ReportError.self) { try ReportRequest(kind: .month, id: "2025-10", asOf: "yesterday") }
    }

    @Test func badIdsAreRefusedWithWhatWasMeant() {
        func message(_ text: String, _ kind: ReportPeriod.Kind) -> String {
            do { _ = try PeriodKey.parse(text, kind: kind); return "accepted" } catch { return error.description }
        }
        #expect(message("2568-10", .month).contains("2025-10"))   // a BE year for a month
        #expect(message("2025-13", .month).contains("01 to 12"))
        #expect(message("2025-1", .month).contains("e.g. 2025-10"))
        #expect(message("Oct 2025", .month).contains("e.g. 2025-10"))
        #expect(message("2569-Q5", .quarter).contains("Q1 to Q4"))
        #expect(message("2026-Q1", .quarter).contains("2569"))     // a CE year for a fiscal year
        #expect(message("2026", .fiscalYear).contains("2569"))
        #expect(message("25690", .fiscalYear).contains("e.g. 2569"))
        #expect(message("", .fiscalYear) != "accepted")
        #expect(message("2569-Q1", .month) != "accepted")
    }
}
