import Foundation
import SiangReports

/// Hand-made parts in the shapes agreed for issue 13 (docs/scoring-core.md): the evidence pack with its
/// five approaches and fifteen ADLI items each, one improvement with before/after windows, and the six
/// readiness lines. The real types live in other modules; the export takes any value that encodes so.
enum ScoringCorePartsFixture {
    struct Entry: Encodable, Sendable {
        var code: String
        var labelTh: String
        var labelEn: String
        var count: Int?
        var firstUsedOn: String?
    }
    struct Item: Encodable, Sendable {
        var key: String
        var dimension: String
        var labelTh: String
        var labelEn: String
        var source: String
        var text: String
        var entries: [Entry]
    }
    struct Approach: Encodable, Sendable {
        var id: String
        var nameTh: String
        var nameEn: String
        var items: [Item]
        var metricIds: [String]
        var narrativeTh: String
    }
    struct Evidence: Encodable, Sendable {
        var fiscalYear: Int
        var asOf: String
        var approaches: [Approach]
    }
    /// An optional written `null` when absent, not left out, as the agreed shapes have it.
    @propertyWrapper struct Null<Value: Encodable & Sendable>: Encodable, Sendable {
        var wrappedValue: Value?
        init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
        }
    }
    struct Window: Encodable, Sendable {
        var fromMonth: String
        var toMonth: String
        @Null var value: Double?
        @Null var denominator: Int?
    }
    struct Effect: Encodable, Sendable { var metricId: String; var before: Window; var after: Window }
    struct Triggers: Encodable, Sendable {
        var categories: [String]
        var reasonCodes: [String]
        var metricIds: [String]
        @Null var servicePoint: String?
    }
    struct Improvement: Encodable, Sendable {
        var id: Int
        var date: String
        var title: String
        var triggers: Triggers
        var action: String
        var owningUnit: String
        var learningLevel: String
        var recordedAt: Date
        var updatedAt: Date
        var effects: [Effect]
    }
    struct Figure: Encodable, Sendable { var name: String; var value: Double }
    struct Line: Encodable, Sendable {
        var id: String
        var status: String
        var criticismTh: String
        var criticismEn: String
        var evidenceTh: String
        var evidenceEn: String
        var figures: [Figure]
        @Null var actionTh: String?
        @Null var actionEn: String?
    }
    struct Readiness: Encodable, Sendable {
        var fiscalYear: Int
        var asOf: String
        var lines: [Line]
    }

    static let approachIDs = ["listening_channels", "complaint_management", "satisfaction_survey", "improvement_from_feedback", "segmentation"]
    static let itemKeys = ["A1", "A2", "A3", "A4", "A5", "A6", "D1", "D2", "D3", "D4", "L1", "L2", "I1", "I2", "I3"]
    static let lineIDs = ["tracking_available", "frequent_complaints_analysed", "dissatisfaction_analysed", "survey_sources_integrated",
                          "feedback_led_to_change", "core_metrics_letci"]

    static func evidence(asOf: String = "2026-10-01T00:00:00+07:00") -> Evidence {
        Evidence(fiscalYear: 2569, asOf: asOf, approaches: approachIDs.map { id in
            Approach(id: id, nameTh: "แนวทาง \(id)", nameEn: id, items: itemKeys.map { key in
                let fromData = key == "D2"
                return Item(key: key, dimension: String(key.prefix(1)), labelTh: "หัวข้อ \(key)", labelEn: "Item \(key)",
                            source: fromData ? "data" : "config", text: "ข้อความประกอบหัวข้อ \(key)",
                            entries: fromData ? [Entry(code: "line", labelTh: "ไลน์", labelEn: "LINE", count: 1, firstUsedOn: "2023-10-02"),
                                                 Entry(code: "letter", labelTh: "จดหมาย", labelEn: "Letter", count: 0, firstUsedOn: nil)] : [])
            }, metricIds: ["resolved_within_sla_pct"], narrativeTh: "หน่วยงานกำหนดกระบวนการ…")
        })
    }

    static let improvements = [
        Improvement(id: 3, date: "2026-03-15", title: "ลดเวลาตอบเรื่องน้ำประปา",
                    triggers: Triggers(categories: ["water"], reasonCodes: ["slow"], metricIds: ["resolved_within_sla_pct"], servicePoint: nil),
                    action: "เพิ่มทีมซ่อมเคลื่อนที่", owningUnit: "กองช่าง", learningLevel: "pdca",
                    recordedAt: ReportFixture.bkk(2026, 3, 16, 10), updatedAt: ReportFixture.bkk(2026, 3, 16, 10),
                    effects: [Effect(metricId: "resolved_within_sla_pct",
                                     before: Window(fromMonth: "2025-12", toMonth: "2026-02", value: 71.43, denominator: 14),
                                     after: Window(fromMonth: "2026-04", toMonth: "2026-06", value: nil, denominator: 0))]),
    ]

    static func readiness(asOf: String = "2026-10-01T00:00:00+07:00") -> Readiness {
        Readiness(fiscalYear: 2569, asOf: asOf, lines: lineIDs.enumerated().map { n, id in
            Line(id: id, status: n == 0 ? "pass" : "gap", criticismTh: "ข้อสังเกต", criticismEn: "Criticism", evidenceTh: "หลักฐาน",
                 evidenceEn: "Evidence", figures: [Figure(name: "casesWithTrackingIdPct", value: 100), Figure(name: "lookupsInPeriod", value: 1)],
                 actionTh: n == 0 ? nil : "ดำเนินการ", actionEn: n == 0 ? nil : "Act")
        })
    }

    static var parts: ScoringCoreParts {
        ScoringCoreParts(evidence: evidence(), improvements: improvements, readiness: readiness())
    }
}
