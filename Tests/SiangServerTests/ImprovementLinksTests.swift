import Foundation
import Testing
@testable import SiangServer
import SiangCore
import SiangReports

/// The reports page's Pareto rows link to the new-entry form with the row's category or reason code
/// and the day the finding was made; the unclassified row, which no entry can name, has no link.
@Suite struct ImprovementLinksTests {
    static let fy2569 = FiscalYear(beYear: 2569)

    func values(asOf: Date, language: Language) throws -> [String: Any] {
        let period = ReportPeriod(kind: .fiscalYear, id: "2569", fiscalYear: 2569, from: Self.fy2569.start, to: Self.fy2569.end, asOf: asOf,
                                  labelTh: "ปีงบประมาณ 2569", labelEn: "Fiscal year 2569")
        let document = ReportDocument(
            period: period, generatedAt: asOf, agency: ReportAgency(nameTh: "เทศบาลตัวอย่าง", nameEn: "Example"), metrics: [],
            reasons: [ReasonParetoRow(code: "delay", count: 3, share: 75, cumulativeShare: 75),
                      ReasonParetoRow(code: "staff_manner", count: 1, share: 25, cumulativeShare: 100)],
            frequentComplaints: [ComplaintParetoRow(category: "water", count: 2, share: 50, cumulativeShare: 50, previousCount: 1),
                                 ComplaintParetoRow(category: "none", count: 2, share: 50, cumulativeShare: 100, previousCount: 0)])
        let ref = try ReportPeriodRef.parse(kind: "fy", id: "2569", now: Self.fy2569.end)
        return ReportPageModel(document: document, period: ref, asOfQuery: nil, language: language, labels: { _, key in "[\(key)]" }).values
    }

    @Test func everyParetoRowButTheUnclassifiedOneLinksToThePrefilledForm() throws {
        // A fiscal year that is over: its finding day is its last day, 30 September 2026.
        let v = try values(asOf: Self.fy2569.end, language: .th)
        let reasons = try #require(v["reasons"] as? [[String: Any]])
        #expect(reasons.map { $0["improveHref"] as? String } == ["/staff/improvements/new?reason=delay&date=2026-09-30",
                                                                 "/staff/improvements/new?reason=staff_manner&date=2026-09-30"])
        #expect(reasons[0]["improveName"] as? String == "บันทึกการปรับปรุง: [delay]")
        let frequent = try #require(v["frequent"] as? [[String: Any]])
        #expect(frequent[0]["improveHref"] as? String == "/staff/improvements/new?category=water&date=2026-09-30")
        #expect(frequent[1]["improveHref"] == nil, "the unclassified row")
        #expect(v["improveColumn"] as? String == "บันทึกการปรับปรุง")
    }

    @Test func aRunningPeriodsFindingDayIsTodayAndEnglishKeepsItsLanguage() throws {
        let noon = BangkokTime.calendar.date(from: DateComponents(year: 2026, month: 3, day: 31, hour: 12))!
        let v = try values(asOf: noon, language: .en)
        let frequent = try #require(v["frequent"] as? [[String: Any]])
        #expect(frequent[0]["improveHref"] as? String == "/staff/improvements/new?category=water&date=2026-03-31&lang=en")
        #expect(frequent[0]["improveLabel"] as? String == "Record an improvement")
    }
}
