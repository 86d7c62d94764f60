import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// LeTCI (DESIGN 5.7): bands at and either side of their edges, the trend direction rules, baselines and
/// manual metrics as trend points, comparators, on full-precision values.
@Suite struct LeTCITests {
    typealias F = ReportFixture
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date { F.bkk(y, m, d, h, min) }

    @Test func bandsHaveTheirEdgesWhereThePMQACriteriaPutThem() {
        // Target 80, higher is better: 100 × (value − 80) ÷ 80.
        func band(_ v: Double) -> LeTCI.Band? {
            LeTCIAssessment.assess(level: v, better: .higher, points: [], entry: .init(target: 80)).band
        }
        #expect(band(79.99) == .belowTarget)   // −0.0125
        #expect(band(80) == .basic)            // 0
        #expect(band(83.99) == .basic)         // 4.9875
        #expect(band(84) == .advance)          // 5
        #expect(band(88) == .advance)          // 10
        #expect(band(88.01) == .significance)  // 10.0125
    }

    @Test func bandIsJudgedOnFullPrecisionNotOnTheWrittenFigure() {
        // 84 − 1e-9 is 4.99999999875 % better: basic, though it is written as 5.
        let l = LeTCIAssessment.assess(level: 84 - 1e-9, better: .higher, points: [], entry: .init(target: 80))
        #expect(l.band == .basic)
        #expect(ReportRounding.round2(l.betterThanTargetPct) == 5)
    }

    @Test func lowerIsBetterMeasuresTheGapTheOtherWay() {
        // Target 10 days, 9.5 achieved: 100 × (10 − 9.5) ÷ 10 = 5 -> advance; 10.5: −5 -> below target.
        #expect(LeTCIAssessment.assess(level: 9.5, better: .lower, points: [], entry: .init(target: 10)).band == .advance)
        #expect(LeTCIAssessment.assess(level: 10.5, better: .lower, points: [], entry: .init(target: 10)).betterThanTargetPct == -5)
        #expect(LeTCIAssessment.assess(level: 10.5, better: .none, points: [], entry: .init(target: 10)).band == nil)
    }

    @Test func directionNeedsThreeYearsAndEachStepTheSameWay() {
        #expect(LeTCIAssessment.direction([80, 85], better: .higher) == .insufficient)
        #expect(LeTCIAssessment.direction([80, 85, 90], better: .higher) == .improving)
        #expect(LeTCIAssessment.direction([90, 85, 80], better: .higher) == .declining)
        #expect(LeTCIAssessment.direction([90, 85, 80], better: .lower) == .improving)
        #expect(LeTCIAssessment.direction([80, 85, 83], better: .higher) == .fluctuating)
        #expect(LeTCIAssessment.direction([80, 80, 85], better: .higher) == .fluctuating)  // a flat year is not better
        #expect(LeTCIAssessment.direction([1, 2, 3], better: .none) == .fluctuating)
    }

    @Test func comparatorsAreBetterEqualOrWorseInTheMetricsDirection() {
        let entry = TargetBook.Entry(comparators: [.init(name: "ก", value: 88.4, why: "x"), .init(name: "ข", value: 90, why: "y"),
                                                   .init(name: "ค", value: 92, why: "z")])
        #expect(LeTCIAssessment.assess(level: 90, better: .higher, points: [], entry: entry).comparison.map(\.outcome) == [.better, .equal, .worse])
        #expect(LeTCIAssessment.assess(level: 90, better: .lower, points: [], entry: entry).comparison.map(\.outcome) == [.worse, .equal, .better])
        #expect(LeTCIAssessment.assess(level: nil, better: .lower, points: [], entry: entry).comparison.map(\.outcome) == [nil, nil, nil])
    }

    // MARK: A fiscal-year report

    /// FY 2568: two answers, overall 4 and 4 -> 80 %. FY 2569: 5 and 4 -> 90 %. Baselines 70 (2566) and
    /// 75 (2567) and, for 2568, 60 — which the data replaces. Target 85 for 2569: 100 × 5 ÷ 85 = 5.88 %.
    static let answers = [
        SurveyFact(answeredAt: bkk(2024, 11, 5, 10), source: "service_point", overall: 4),
        SurveyFact(answeredAt: bkk(2025, 6, 5, 10), source: "service_point", overall: 4),
        SurveyFact(answeredAt: bkk(2025, 10, 5, 10), source: "service_point", overall: 5),
        SurveyFact(answeredAt: bkk(2026, 3, 5, 10), source: "service_point", overall: 4),
    ]
    static let targetsYAML = """
        targets:
          satisfaction_pct:
            2566: {baseline: 70}
            2567: {baseline: 75}
            2568: {baseline: 60}
            2569: {target: 85, comparators: [{name: กรมสรรพากร, value: 88.4, why: หน่วยบริการประชาชนขนาดใกล้เคียงกัน}]}
          digital_services_pct:
            2567: {value: 20}
            2568: {value: 30}
            2569: {value: 45, target: 40}
        """

    func fy2569() throws -> ReportDocument {
        let catalog = try MetricCatalog.load()
        return try F.report(.fiscalYear, "2569", F.inputs(answers: Self.answers, targets: TargetBook(yaml: Self.targetsYAML, catalog: catalog)))
    }

    @Test func trendRunsOldestFirstWithBaselinesAsManualPoints() throws {
        let l = try #require(try fy2569().metric("satisfaction_pct")?.letci)
        #expect(l.trend == [.init(fiscalYear: 2566, value: 70, source: "manual"), .init(fiscalYear: 2567, value: 75, source: "manual"),
                            .init(fiscalYear: 2568, value: 80, source: "data"), .init(fiscalYear: 2569, value: 90, source: "data")])
        #expect(l.direction == .improving)
        #expect(l.level == 90)
        #expect(l.target == 85)
        #expect(ReportRounding.round2(l.betterThanTargetPct) == 5.88)
        #expect(l.band == .advance)
        #expect(l.comparison.map(\.outcome) == [.better])
    }

    @Test func twoYearsOfDataAreInsufficient() throws {
        // Dissatisfaction: 0 % in 2568 and in 2569, no baselines.
        let l = try #require(try fy2569().metric("dissatisfaction_pct")?.letci)
        #expect(l.trend.map(\.fiscalYear) == [2568, 2569])
        #expect(l.direction == .insufficient)
        #expect(l.band == nil)
    }

    @Test func manualMetricsTakeTheirEnteredValuesWithLeTCI() throws {
        let d = try fy2569()
        let m = try #require(d.metric("digital_services_pct"))
        #expect(m.value == 45)
        #expect(m.source == "manual")
        // 20, 30, 45 entered: improving; 100 × (45 − 40) ÷ 40 = 12.5 -> significance.
        #expect(m.letci?.trend.map(\.source) == ["manual", "manual", "manual"])
        #expect(m.letci?.direction == .improving)
        #expect(m.letci?.betterThanTargetPct == 12.5)
        #expect(m.letci?.band == .significance)
        #expect(m.comparisons.first { $0.relation == "previous_period" }?.value == 30)
        // A month has no manual value.
        let october = try F.report(.month, "2025-10", F.inputs(answers: Self.answers))
        #expect(october.value("digital_services_pct") == nil)
        #expect(october.metric("digital_services_pct")?.letci == nil)
    }

    @Test func fiscalYearReportCarriesComparisonsAndTwelveMonths() throws {
        let m = try #require(try fy2569().metric("satisfaction_pct"))
        #expect(m.comparisons.map(\.relation) == ["previous_period", "same_period_fy_minus_1", "same_period_fy_minus_2"])
        #expect(m.comparisons.map(\.periodID) == ["2568", "2568", "2567"])
        #expect(m.comparisons.map(\.value) == [80, 80, nil])
        #expect(m.monthly.count == 12)
        #expect(m.monthly.first?.periodID == "2025-10")
        #expect(m.monthly.first?.value == 100)      // the 5 of 5 October 2025
        #expect(m.monthly[5].periodID == "2026-03")
        #expect(m.monthly[5].value == 80)
        #expect(m.monthly[1].value == nil)          // November: no answers
    }
}
