import Foundation
import SiangCore
import SiangStore
import Testing
@testable import SiangReports

/// The readiness check: from a fiscal year where every line passes, each line alone turns to a gap
/// when exactly the data it asks for is taken away, and back to a pass when it is added.
@Suite struct ReadinessCheckTests {
    typealias F = EvidenceFixture

    /// Three fiscal years, a target and a comparator for every core metric.
    static var completeLeTCI: [String: LeTCI] {
        var letci: [String: LeTCI] = [:]
        for id in coreIDs {
            letci[id] = LeTCI(level: 80, trend: [.init(fiscalYear: 2567, value: 70, source: "manual"), .init(fiscalYear: 2568, value: 75, source: "data"),
                                                 .init(fiscalYear: 2569, value: 80, source: "data")],
                              direction: .improving, comparison: [.init(name: "กรมตัวอย่าง", value: 78, why: "ขนาดใกล้เคียงกัน", outcome: .better)],
                              target: 79, betterThanTargetPct: 1.27, band: .basic)
        }
        return letci
    }

    static let coreIDs = ["complaints_resolved_pct", "resolved_within_sla_pct", "first_response_within_sla_pct", "satisfaction_pct",
                          "satisfied_share_pct", "dissatisfaction_pct", "trust_pct", "engagement_pct", "complaint_handling_satisfaction_pct",
                          "survey_response_rate_pct", "digital_services_pct", "network_projects_success_pct"]

    /// A further improvement of the year with before and after values and no complaint category, so
    /// the frequent-complaint line can lose its improvement without the feedback line losing its own.
    static let training = F.improvement(4, "2026-03-01", "อบรมเจ้าหน้าที่ด้านการสื่อสาร", triggers: ImprovementTriggers(metricIds: ["satisfaction_pct"]),
                                        unit: "กองการเจ้าหน้าที่", level: .pdca,
                                        effects: [ImprovementEffect(metricId: "satisfaction_pct", before: F.window("2025-12", "2026-02", 80, 40),
                                                                    after: F.window("2026-04", "2026-06", 84, 45))])

    struct Year {
        var facts = F.facts
        var improvements = F.improvements + [ReadinessCheckTests.training]
        var letci = ReadinessCheckTests.completeLeTCI
        var denominators: [String: (Double, Double)] = ["dissatisfaction_pct": (4, 52)]
        var reasons = F.defaultReasons

        func check() throws -> ReadinessCheck {
            ReadinessChecker.check(.init(fiscalYear: F.fy, asOf: F.asOf,
                                         report: try F.report(letci: letci, reasons: reasons, denominators: denominators),
                                         facts: facts, improvements: improvements, labels: ReportLabels(configuration: try SiangConfiguration.defaults())))
        }
    }

    /// Each line with the change that takes away exactly its data.
    static let removals: [(ReadinessLineID, @Sendable (inout Year) -> Void)] = [
        (.trackingAvailable, { $0.facts.trackingLookups = [] }),
        (.frequentComplaintsAnalysed, { $0.improvements.removeAll { !$0.improvement.triggers.categories.isEmpty } }),
        (.dissatisfactionAnalysed, { $0.denominators["dissatisfaction_pct"] = (4, 29) }),
        (.surveySourcesIntegrated, { $0.facts.surveySources = $0.facts.surveySources.filter { $0.code == "case" } }),
        (.feedbackLedToChange, { year in
            year.improvements = year.improvements.map { a in
                var a = a
                a.effects = a.effects.map { var e = $0; e.after.value = nil; return e }
                return a
            }
        }),
        (.coreMetricsLeTCI, { $0.letci["satisfaction_pct"]?.comparison = [] }),
    ]

    @Test func theCompleteYearPassesEveryLineInOrder() throws {
        let check = try Year().check()
        #expect(check.lines.map(\.id) == ReadinessLineID.allCases)
        for line in check.lines {
            #expect(line.status == .pass, "\(line.id): \(line.evidenceEn)")
            #expect(line.actionTh == nil && line.actionEn == nil)
        }
    }

    @Test(arguments: ReadinessLineID.allCases)
    func eachLineTurnsFromGapToPassWithExactlyItsData(_ id: ReadinessLineID) throws {
        let remove = try #require(Self.removals.first { $0.0 == id }?.1)
        var without = Year()
        remove(&without)
        let gap = try without.check()
        for line in gap.lines {
            #expect(line.status == (line.id == id ? .gap : .pass), "\(id) removed: \(line.id) is \(line.status)")
        }
        let line = try #require(gap.line(id))
        #expect(line.actionTh?.isEmpty == false && line.actionEn?.isEmpty == false)
        #expect(try Year().check().line(id)?.status == .pass)
    }

    @Test func theFiguresAreTheOnesTheLinesAskFor() throws {
        let check = try Year().check()
        func figures(_ id: ReadinessLineID) -> [String: Double?] {
            Dictionary(uniqueKeysWithValues: (check.line(id)?.figures ?? []).map { ($0.name, $0.value) })
        }
        #expect(figures(.trackingAvailable) == ["casesWithTrackingIdPct": 100, "lookupsInPeriod": 5_321])
        #expect(figures(.frequentComplaintsAnalysed) == ["paretoCategories": 2, "complaintsInPareto": 1_040, "improvementsOnTopCategories": 1])
        #expect(figures(.dissatisfactionAnalysed) == ["surveyAnswers": 52, "dissatisfactionPct": 7.69, "reasonsChosen": 4])
        #expect(figures(.surveySourcesIntegrated) == ["surveySources": 2, "surveyAnswers": 52])
        #expect(figures(.feedbackLedToChange) == ["improvementsInPeriod": 3, "improvementsWithBeforeAfter": 2])
        #expect(figures(.coreMetricsLeTCI) == ["coreMetrics": 12, "withThreeYears": 12, "withTarget": 12, "withComparator": 12, "complete": 12])
        #expect(check.line(.trackingAvailable)?.evidenceTh.contains("5,321") == true)
        #expect(check.line(.surveySourcesIntegrated)?.evidenceTh.contains("(แบบสำรวจหลังดำเนินการเรื่อง, แบบสำรวจ ณ จุดให้บริการ)") == true)
    }

    @Test func dissatisfactionNeedsItsReasonsUnlessNobodyWasDissatisfied() throws {
        var year = Year()
        year.reasons = []
        #expect(try year.check().line(.dissatisfactionAnalysed)?.status == .gap)
        year.denominators["dissatisfaction_pct"] = (0, 52)
        #expect(try year.check().line(.dissatisfactionAnalysed)?.status == .pass)
    }

    @Test func aCoreMetricNeedsThreeYearsATargetAndAComparatorAndTheGapNamesIt() throws {
        var year = Year()
        year.letci["trust_pct"]?.trend.removeFirst()
        year.letci["engagement_pct"]?.target = nil
        let line = try #require(try year.check().line(.coreMetricsLeTCI))
        #expect(line.status == .gap)
        #expect(line.actionEn?.contains("trust_pct: 3 years of values") == true && line.actionEn?.contains("engagement_pct: a target") == true)
        #expect(line.figures.first { $0.name == "complete" }?.value == 10)
    }

    @Test func coreMetricsAreTheCatalogsPercentagesOf72WithADirection() throws {
        #expect(CoreMetrics.ids(try MetricCatalog.load()) == Self.coreIDs)
    }

    @Test func theJSONIsTheAgreedShape() throws {
        var year = Year()
        year.facts.trackingLookups = []
        let object = try #require(try JSONSerialization.jsonObject(with: year.check().json()) as? [String: Any])
        #expect(object["fiscalYear"] as? Int == 2569 && object["asOf"] as? String == "2025-12-01T00:00:00+07:00")
        let lines = try #require(object["lines"] as? [[String: Any]])
        #expect(lines.map { $0["id"] as? String } == ReadinessLineID.allCases.map(\.rawValue))
        for line in lines {
            #expect(Set(line.keys) == ["id", "status", "criticismTh", "criticismEn", "evidenceTh", "evidenceEn", "figures", "actionTh", "actionEn"])
        }
        #expect(lines[0]["status"] as? String == "gap" && lines[0]["actionTh"] is String)
        #expect(lines[1]["status"] as? String == "pass" && lines[1]["actionTh"] is NSNull)
        #expect((lines[0]["figures"] as? [[String: Any]])?.last as NSDictionary? == ["name": "lookupsInPeriod", "value": 0] as NSDictionary)
    }
}
