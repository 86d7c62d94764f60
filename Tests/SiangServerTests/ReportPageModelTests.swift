import Foundation
import Testing
@testable import SiangServer
import SiangCore
import SiangReports

/// The reports page shows what the document holds, written as the exports write it, with every figure
/// linked to the cases behind it; nothing is computed on the page.
@Suite struct ReportPageModelTests {
    static let from = FiscalYear(beYear: 2569).start
    static let to = FiscalYear(beYear: 2569).end

    static func document(kind: ReportPeriod.Kind = .fiscalYear, pending: [PendingChange] = []) -> ReportDocument {
        let period = ReportPeriod(kind: kind, id: "2569", fiscalYear: 2569, from: from, to: to, asOf: to,
                                  labelTh: "ปีงบประมาณ 2569", labelEn: "Fiscal year 2569")
        let resolved = MetricResult(
            id: "complaints_resolved_pct", nameTh: "ร้อยละของเรื่องร้องเรียนที่ดำเนินการแล้วเสร็จ", nameEn: "Complaints resolved (%)",
            unit: "percent", better: .higher, source: "case", pmqaItems: ["7.2", "3.3"], definitionVersion: 1,
            value: 200.0 / 3, numerator: 2, denominator: 3,
            breakdowns: ["category": [BreakdownRow(key: "water", value: 50, numerator: 1, denominator: 2),
                                      BreakdownRow(key: "road", value: 100, numerator: 1, denominator: 1)]],
            comparisons: [PeriodComparison(relation: "previous_period", periodID: "2568", value: 12.345),
                          PeriodComparison(relation: "same_period_fy_minus_1", periodID: "2568", value: 12.345),
                          PeriodComparison(relation: "same_period_fy_minus_2", periodID: "2567", value: nil)],
            letci: LeTCI(level: 200.0 / 3, trend: [.init(fiscalYear: 2567, value: 60, source: "manual"), .init(fiscalYear: 2568, value: 12.345, source: "data"),
                                                   .init(fiscalYear: 2569, value: 200.0 / 3, source: "data")],
                         direction: .fluctuating, comparison: [.init(name: "กรมสรรพากร", value: 70, why: "ขนาดใกล้เคียงกัน", outcome: .worse)],
                         target: 60, betterThanTargetPct: 11.111, band: .significance))
        let received = MetricResult(id: "complaints_received", nameTh: "จำนวนเรื่องร้องเรียน", nameEn: "Complaints received", unit: "count",
                                    better: .none, source: "case", pmqaItems: ["7.2"], definitionVersion: 1, value: 3)
        return ReportDocument(period: period, generatedAt: to, agency: ReportAgency(nameTh: "เทศบาลตัวอย่าง", nameEn: "Example"),
                              metrics: [resolved, received],
                              reasons: [ReasonParetoRow(code: "delay", count: 3, share: 75, cumulativeShare: 75)],
                              frequentComplaints: [ComplaintParetoRow(category: "water", count: 2, share: 200.0 / 3, cumulativeShare: 200.0 / 3, previousCount: 5)],
                              pendingChanges: pending)
    }

    func model(_ d: ReportDocument, language: Language = .th) -> ReportPageModel {
        let period = try! ReportPeriodRef.parse(kind: "fy", id: "2569", now: Self.to)
        return ReportPageModel(document: d, period: period, asOfQuery: "2026-09-30T12:00:00+07:00", language: language,
                               labels: { dimension, key in "\(dimension)/\(key)" })
    }

    @Test func theTableWritesEachFigureRoundedHalfAwayFromZeroWithItsParts() throws {
        let values = model(Self.document()).values
        let rows = try #require(values["metrics"] as? [[String: Any]])
        let resolved = rows[0]
        #expect(resolved["value"] as? String == "66.67")
        #expect(resolved["numDen"] as? String == "2 / 3")
        #expect(resolved["previous"] as? String == "12.35", "12.345 is written 12.35")
        #expect(resolved["fyMinus2"] as? String == "ไม่มีข้อมูล", "an empty denominator is no data, never 0")
        #expect(rows[1]["value"] as? String == "3" && rows[1]["numDen"] == nil, "a count has no parts")
        let letci = try #require(resolved["letci"] as? [String: Any])
        #expect(letci["band"] as? String == "Significance" && letci["betterThanTarget"] as? String == "11.11" && letci["target"] as? String == "60")
        #expect(letci["direction"] as? String == "ขึ้นลง")
        let trend = try #require(letci["trend"] as? [[String: Any]])
        #expect(trend.map { $0["year"] as? Int } == [2567, 2568, 2569] && trend[0]["manual"] as? Bool == true)
        let comparators = try #require(letci["comparators"] as? [[String: Any]])
        #expect(comparators.first?["outcome"] as? String == "ต่ำกว่า")
    }

    @Test func everyFigureLinksToTheCasesBehindItWithThePeriodAndAsOf() throws {
        let rows = try #require(model(Self.document(), language: .en).values["metrics"] as? [[String: Any]])
        #expect(rows[0]["href"] as? String == "/staff/reports/cases?kind=fy&id=2569&metric=complaints_resolved_pct&asOf=2026-09-30T12%3A00%3A00%2B07%3A00&lang=en")
        let dimensions = try #require(rows[0]["dimensions"] as? [[String: Any]])
        let water = try #require((dimensions.first?["rows"] as? [[String: Any]])?.first)
        #expect(water["key"] as? String == "category/water" && water["value"] as? String == "50" && water["numDen"] as? String == "1 / 2")
        #expect((water["href"] as? String)?.contains("&dimension=category&key=water") == true)
    }

    @Test func theParetosAndPendingChangesAreShownWithTheirLabels() throws {
        let change = PendingChange(metric: "complaints_resolved_pct", breakdown: "category:water", stored: 50, now: 66.666)
        let values = model(Self.document(kind: .month, pending: [change])).values
        #expect(values["hasPending"] as? Bool == true)
        let pending = try #require((values["pendingChanges"] as? [[String: Any]])?.first)
        #expect(pending["metric"] as? String == "ร้อยละของเรื่องร้องเรียนที่ดำเนินการแล้วเสร็จ")
        #expect(pending["breakdown"] as? String == "หมวดเรื่อง: category/water")
        #expect(pending["stored"] as? String == "50" && pending["now"] as? String == "66.67")
        let frequent = try #require((values["frequent"] as? [[String: Any]])?.first)
        #expect(frequent["share"] as? String == "66.67" && frequent["previousCount"] as? Int == 5)
        #expect(values["isFiscalYear"] as? Bool == false)
        #expect(model(Self.document()).values["hasPending"] as? Bool == false)
    }
}
