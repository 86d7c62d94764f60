import Foundation
import SiangCore
import SiangStore
@testable import SiangReports

/// A hand-made fiscal year 2569 for the evidence pack and the readiness check: store counts written
/// out, a report document whose figures are typed in (the builders read figures, they never compute
/// one), the shipped `evidence:` defaults with one approach filled in, and three improvements.
enum EvidenceFixture {
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Date { ReportFixture.bkk(y, m, d, h) }
    static let fy = 2569
    static let from = bkk(2025, 10, 1)
    static let to = bkk(2026, 10, 1)
    static let asOf = bkk(2025, 12, 1)

    static func g(_ code: String, _ count: Int, complaints: Int = 0, first: Date?) -> EvidenceGroupCount {
        EvidenceGroupCount(code: code, count: count, complaints: complaints, firstUsedAt: first)
    }

    static var facts: EvidenceFacts {
        EvidenceFacts(
            from: from, to: to, casesInPeriod: 1_290, casesWithTrackingID: 1_290,
            channels: [g("line", 1_234, complaints: 1_000, first: bkk(2023, 10, 2, 9)), g("web", 56, complaints: 40, first: bkk(2024, 1, 15, 14)),
                       g("email", 0, first: bkk(2024, 5, 1, 8))],
            segments: [g("citizen", 1_200, complaints: 950, first: bkk(2023, 10, 2, 9)), g("business", 90, complaints: 90, first: bkk(2024, 2, 1))],
            queues: [g("roads", 800, complaints: 700, first: bkk(2023, 10, 2, 9)), g("water", 490, complaints: 340, first: bkk(2024, 1, 1))],
            caseMonths: [EvidenceMonthCount(month: "2025-10", count: 600), EvidenceMonthCount(month: "2025-11", count: 690)],
            surveySources: [g("case", 40, first: bkk(2024, 2, 1)), g("service_point", 12, first: bkk(2025, 11, 3)), g("import:opdc", 0, first: bkk(2024, 6, 1))],
            surveySegments: [g("citizen", 50, first: bkk(2024, 2, 1)), g("", 2, first: bkk(2025, 11, 3))],
            servicePoints: [g("hq", 12, first: bkk(2025, 11, 3))],
            answerMonths: [EvidenceMonthCount(month: "2025-10", count: 30), EvidenceMonthCount(month: "2025-11", count: 22)],
            trackingLookups: [g("page", 5_000, first: bkk(2025, 10, 1)), g("api", 321, first: bkk(2025, 10, 5))])
    }

    /// Every catalog metric with a typed value; LeTCI only where a test gives one.
    static func report(values: [String: Double] = defaultValues, letci: [String: LeTCI] = [:], reasons: [ReasonParetoRow] = defaultReasons,
                       frequent: [ComplaintParetoRow] = defaultFrequent, denominators: [String: (Double, Double)] = ["dissatisfaction_pct": (4, 52)]) throws -> ReportDocument {
        let catalog = try MetricCatalog.load()
        let metrics = catalog.metrics.map { d -> MetricResult in
            var breakdowns: [String: [BreakdownRow]] = [:]
            if d.id == "cases_received" { breakdowns["segment"] = [BreakdownRow(key: "business", value: 90), BreakdownRow(key: "citizen", value: 1_200)] }
            if d.id == "satisfaction_pct" { breakdowns["segment"] = [BreakdownRow(key: "business", value: 80), BreakdownRow(key: "citizen", value: 86.125)] }
            return MetricResult(id: d.id, nameTh: d.nameTh, nameEn: d.nameEn, unit: d.unit.rawValue, better: d.better, source: d.source.rawValue,
                                pmqaItems: d.pmqaItems, definitionVersion: d.definitionVersion, value: values[d.id],
                                numerator: denominators[d.id]?.0, denominator: denominators[d.id]?.1, breakdowns: breakdowns, letci: letci[d.id])
        }
        return ReportDocument(period: ReportPeriod(kind: .fiscalYear, id: "2569", fiscalYear: fy, from: from, to: to, asOf: asOf,
                                                   labelTh: "ปีงบประมาณ 2569", labelEn: "FY 2569"),
                              generatedAt: asOf, agency: ReportFixture.agency, metrics: metrics, reasons: reasons, frequentComplaints: frequent)
    }

    static let defaultValues: [String: Double] = [
        "cases_received": 1_290, "complaints_received": 1_040, "satisfaction_pct": 85.125, "dissatisfaction_pct": 7.6923,
        "resolved_within_sla_pct": 80, "complaints_resolved_pct": 90.5, "survey_response_rate_pct": 40,
    ]
    static let defaultReasons = [ReasonParetoRow(code: "slow", count: 3, share: 75, cumulativeShare: 75),
                                 ReasonParetoRow(code: "rude", count: 1, share: 25, cumulativeShare: 100)]
    static let defaultFrequent = [ComplaintParetoRow(category: "road", count: 700, share: 67.31, cumulativeShare: 67.31, previousCount: 650),
                                  ComplaintParetoRow(category: "water", count: 340, share: 32.69, cumulativeShare: 100, previousCount: 300)]

    static func day(_ text: String) -> ImprovementDay { ImprovementDay(text)! }

    static func improvement(_ id: Int64, _ date: String, _ title: String, triggers: ImprovementTriggers, unit: String, level: LearningLevel,
                            effects: [ImprovementEffect] = []) -> AssessedImprovement {
        AssessedImprovement(improvement: Improvement(id: id, date: day(date), title: title, triggers: triggers, action: "ปรับขั้นตอนการทำงาน",
                                                     owningUnit: unit, learningLevel: level, recordedAt: bkk(2026, 3, 1, 10),
                                                     updatedAt: bkk(2026, 3, 1, 10)),
                            effects: effects)
    }

    static func window(_ from: String, _ to: String, _ value: Double?, _ denominator: Int?) -> ImprovementWindow {
        ImprovementWindow(fromMonth: from, toMonth: to, value: value, denominator: denominator)
    }

    static var improvements: [AssessedImprovement] {
        [improvement(3, "2026-02-01", "ปรับปรุงป้ายบอกทาง ณ จุดบริการ", triggers: ImprovementTriggers(reasonCodes: ["slow"], metricIds: ["satisfaction_pct"], servicePoint: "hq"),
                     unit: "สำนักปลัด", level: .sharing,
                     effects: [ImprovementEffect(metricId: "satisfaction_pct", before: window("2025-11", "2026-01", 82, 30), after: window("2026-03", "2026-05", nil, nil))]),
         improvement(1, "2024-03-10", "ปรับขั้นตอนรับเรื่องทางไลน์", triggers: ImprovementTriggers(metricIds: ["cases_received"]), unit: "กองสื่อสารองค์กร", level: .pdca),
         improvement(2, "2026-01-15", "ลดเวลาซ่อมถนน", triggers: ImprovementTriggers(categories: ["road"], metricIds: ["resolved_within_sla_pct"]),
                     unit: "กองช่าง", level: .innovation,
                     effects: [ImprovementEffect(metricId: "resolved_within_sla_pct", before: window("2025-10", "2025-12", 71.4286, 14),
                                                 after: window("2026-02", "2026-04", 85, 20))])]
    }

    static var settings: EvidenceSettings {
        var s = try! SiangConfiguration.defaults().evidence
        var listening = s.settings(.listeningChannels)
        listening.owner = "กองสื่อสารองค์กร"
        listening.keySteps = .init(input: "เสียงของผู้รับบริการจากทุกช่องทาง", process: "ลงทะเบียนและส่งต่อหน่วยงาน")
        listening.repeatability = "คู่มือการรับฟังเสียงผู้รับบริการ พ.ศ. 2567"
        listening.frequency = "ทุกวันทำการ"
        listening.organisationProfile = .init(title: "ลักษณะสำคัญขององค์การ ปี 2569", url: "https://example.go.th/profile.pdf")
        s.approaches[EvidenceApproach.listeningChannels.rawValue] = listening
        return s
    }

    static func inputs(facts: EvidenceFacts = facts, improvements: [AssessedImprovement] = improvements, report: ReportDocument? = nil) throws -> EvidenceInputs {
        EvidenceInputs(fiscalYear: fy, asOf: asOf, facts: facts, settings: settings, improvements: improvements,
                       report: try report ?? self.report(), labels: ReportLabels(configuration: try SiangConfiguration.defaults()))
    }
}
