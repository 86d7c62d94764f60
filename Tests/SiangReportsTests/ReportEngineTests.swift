import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The engine's entry point: what it asks the store for, quarter reports, the allowance of a case's
/// current category, and a catalog naming a metric it cannot compute.
@Suite struct ReportEngineTests {
    typealias F = ReportFixture

    @Test func factsAreNeededUpToTheAsOf() throws {
        let request = try ReportRequest(kind: .month, id: "2025-10")
        #expect(try ReportEngine.factsNeeded(for: request, now: F.bkk(2025, 10, 20)) == F.bkk(2025, 10, 20))
        #expect(try ReportEngine.factsNeeded(for: request, now: F.bkk(2026, 2, 1)) == F.bkk(2025, 11, 1))
    }

    @Test func quarterReportHasItsMonthsAndTheQuarterBefore() throws {
        let d = try F.report(.quarter, "2569-Q1", F.inputs(cases: CaseMetricsTests.cases))
        let m = try #require(d.metric("complaints_received"))
        // October: A B C D E G H I M = 9 complaints; November and December none. September's K L are Q4 of 2568.
        #expect(m.value == 9)
        #expect(m.monthly.map(\.periodID) == ["2025-10", "2025-11", "2025-12"])
        #expect(m.monthly.map(\.value) == [9, 0, 0])
        #expect(m.comparisons.first?.periodID == "2568-Q4")
        #expect(m.comparisons.first?.value == 2)
        #expect(d.period.labelTh == "ไตรมาส 1 ปีงบประมาณ 2569")
    }

    @Test func allowanceIsTheCurrentCategorysOverride() throws {
        // Water allowed 5 urgent days (2400 min): C's 1980 min is now within; water 2 of 2, overall 6 of 7.
        var allowances = SLAPolicy.standard.defaults
        allowances.resolutionBusinessDays[.urgent] = 5
        var inputs = try F.inputs(cases: CaseMetricsTests.cases)
        inputs.policy = SLAPolicy(defaults: SLAPolicy.standard.defaults, overrides: ["water": allowances])
        let d = try ReportEngine.report(ReportRequest(period: .month(FiscalMonth(year: FiscalYear(beYear: 2569), number: 1))),
                                        inputs: inputs, now: F.bkk(2026, 1, 1))
        #expect(d.row("resolved_within_sla_pct", "category", "water")?.value == 100)
        #expect(d.metric("resolved_within_sla_pct")?.numerator == 6)
    }

    @Test func aCatalogNamingAnUncomputableMetricIsRefused() throws {
        var catalog = try MetricCatalog.load()
        try catalog.merge(overrideText: "metrics: [{id: extra_pct, th: ก, en: x, unit: percent, better: higher, source: manual}]")
        #expect(catalog.definition("extra_pct")?.source == .manual)
        let bad = MetricCatalog(metrics: catalog.metrics + [MetricDefinition(id: "magic_pct", nameTh: "ก", nameEn: "x", unit: .percent,
                                                                              better: .higher, source: .case, pmqaItems: ["7.2"], definitionVersion: 1)])
        #expect(throws: ReportError.self) { try F.report(.month, "2025-10", F.inputs(catalog: bad)) }
    }
}
