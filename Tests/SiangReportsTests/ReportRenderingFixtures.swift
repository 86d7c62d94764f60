import Foundation
import SiangCore
@testable import SiangReports

/// Report documents built by hand, as the engine would fill them: a fiscal-year report of 19 measures with
/// breakdowns, monthly series and LeTCI; a monthly report with comparison periods; a report of empty
/// denominators. The figures follow simple formulas so a test can name the figure it expects.
enum ReportRenderingFixtures {
    static func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    static let fyPeriod = ReportPeriod(kind: .fiscalYear, id: "2569", fiscalYear: 2569, from: instant("2025-09-30T17:00:00Z"),
                                       to: instant("2026-09-30T17:00:00Z"), asOf: instant("2026-09-30T17:00:00Z"),
                                       labelTh: "ปีงบประมาณ 2569", labelEn: "Fiscal year 2569")
    static let generatedAt = instant("2026-10-02T02:15:00Z")  // 2 ต.ค. 2569 09:15 น.
    static let agency = ReportAgency(nameTh: "เทศบาลนครตัวอย่าง", nameEn: "Example City Municipality")

    /// (id, Thai, English, unit, better, source)
    static let catalog: [(String, String, String, String, BetterDirection, String)] = [
        ("cases_received", "จำนวนเรื่องที่รับทั้งหมด", "Cases received", "count", .none, "case"),
        ("complaints_received", "จำนวนเรื่องร้องเรียน", "Complaints received", "count", .none, "case"),
        ("complaints_resolved_pct", "ร้อยละของเรื่องร้องเรียนที่ดำเนินการแล้วเสร็จ", "Complaints resolved (%)", "percent", .higher, "case"),
        ("resolved_within_sla_pct", "ร้อยละของเรื่องร้องเรียนที่แล้วเสร็จภายในเวลาที่กำหนด", "Resolved within SLA (%)", "percent", .higher, "case"),
        ("first_response_within_sla_pct", "ร้อยละของการตอบสนองครั้งแรกภายในเวลาที่กำหนด", "First response within SLA (%)", "percent", .higher, "case"),
        ("median_days_to_resolve", "มัธยฐานระยะเวลาดำเนินการ", "Median days to resolve", "days", .lower, "case"),
        ("open_backlog", "เรื่องค้างดำเนินการ", "Open backlog", "count", .lower, "case"),
        ("open_breached", "เรื่องค้างที่เกินเวลา", "Open and breached", "count", .lower, "case"),
        ("satisfaction_pct", "ร้อยละความพึงพอใจของผู้รับบริการ", "Satisfaction (%)", "percent", .higher, "survey"),
        ("satisfied_share_pct", "ร้อยละของผู้ตอบที่พึงพอใจมากถึงมากที่สุด", "Satisfied share (%)", "percent", .higher, "survey"),
        ("dissatisfaction_pct", "ร้อยละความไม่พึงพอใจ", "Dissatisfaction (%)", "percent", .lower, "survey"),
        ("trust_pct", "ร้อยละความเชื่อมั่นต่อหน่วยงาน", "Trust (%)", "percent", .higher, "survey"),
        ("engagement_pct", "ร้อยละความผูกพัน", "Engagement (%)", "percent", .higher, "survey"),
        ("complaint_handling_satisfaction_pct", "ร้อยละความพึงพอใจต่อการจัดการข้อร้องเรียน", "Complaint handling satisfaction (%)", "percent", .higher, "survey"),
        ("survey_response_rate_pct", "ร้อยละการตอบแบบสำรวจ", "Survey response rate (%)", "percent", .higher, "survey"),
        ("digital_services_pct", "ร้อยละของงานบริการที่เป็นดิจิทัลเต็มรูปแบบ", "Fully digital services (%)", "percent", .higher, "manual"),
        ("network_projects_success_pct", "ร้อยละความสำเร็จของโครงการเครือข่าย", "Network projects succeeding (%)", "percent", .higher, "manual"),
        ("reopened_pct", "ร้อยละของเรื่องที่ผู้ร้องขอเปิดใหม่", "Reopened (%)", "percent", .lower, "case"),
        ("compliments_received", "จำนวนคำชมเชย", "Compliments received", "count", .none, "case"),
    ]

    static let months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
                         "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]

    static func caseBreakdowns(base: Double, share: Bool) -> [String: [BreakdownRow]] {
        func rows(_ keys: [String], _ step: Double) -> [BreakdownRow] {
            keys.enumerated().map { i, k in
                let den = 40.0 + Double(i) * 7
                return share ? BreakdownRow(key: k, value: min(100, base - Double(i) * step), numerator: (den * (base - Double(i) * step) / 100).rounded(), denominator: den)
                             : BreakdownRow(key: k, value: (base / Double(i + 2)).rounded())
            }
        }
        return ["channel": rows(["email", "hotline", "line", "web"], 1.5), "category": rows(["road", "staff_conduct", "waste", "water"], 2.25),
                "segment": rows(["business", "citizen", "vulnerable"], 3.125), "queue": rows(["engineering", "it", "public_health"], 4.5)]
    }

    static func surveyBreakdowns(base: Double) -> [String: [BreakdownRow]] {
        ["channel": [BreakdownRow(key: "line", value: base + 1.005, numerator: 301, denominator: 350), BreakdownRow(key: "web", value: base - 2, numerator: 120, denominator: 150)],
         "source": [BreakdownRow(key: "case", value: base, numerator: 400, denominator: 470), BreakdownRow(key: "import:kobo", value: base - 4.333, numerator: 21, denominator: 30)],
         "servicePoint": [BreakdownRow(key: "front_desk", value: base + 0.5, numerator: 90, denominator: 100)]]
    }

    static func fiscalYearReport() -> ReportDocument {
        let metrics = catalog.enumerated().map { i, c -> MetricResult in
            let (id, th, en, unit, better, source) = c
            let percent = unit == "percent"
            let value: Double = percent ? 70 + Double(i % 7) * 3.125 + 0.005 : (unit == "days" ? 6.5 : Double(1200 - i * 37))
            let monthly = months.enumerated().map { m, p in
                PeriodComparison(relation: "month", periodID: p, value: id == "satisfaction_pct" && m == 4 ? nil : value - 6 + Double(m) * 0.75)
            }
            let trend = [LeTCI.TrendPoint(fiscalYear: 2567, value: value - 4.5, source: "manual"),
                         LeTCI.TrendPoint(fiscalYear: 2568, value: value - 2.25, source: "data"),
                         LeTCI.TrendPoint(fiscalYear: 2569, value: value, source: "data")]
            let target: Double? = better == .none ? nil : (percent ? 80 : (unit == "days" ? 7 : 100))
            var btt: Double?
            if let target { btt = better == .higher ? 100 * (value - target) / target : 100 * (target - value) / target }
            let band: LeTCI.Band? = btt.map { $0 < 0 ? .belowTarget : $0 < 5 ? .basic : $0 <= 10 ? .advance : .significance }
            let comparators = id == "satisfaction_pct"
                ? [LeTCI.ComparatorResult(name: "กรมสรรพากร", value: 88.4, why: "หน่วยบริการประชาชนขนาดใกล้เคียงกัน", outcome: .worse),
                   LeTCI.ComparatorResult(name: "เทศบาลนครข้างเคียง", value: 71.2, why: "ภารกิจเดียวกัน", outcome: .better)]
                : []
            let letci = LeTCI(level: value, trend: trend, direction: better == .none ? .fluctuating : .improving, comparison: comparators,
                              target: target, betterThanTargetPct: btt, band: band)
            let breakdowns = source == "case" ? caseBreakdowns(base: value, share: percent) : source == "survey" ? surveyBreakdowns(base: value) : [:]
            return MetricResult(id: id, nameTh: th, nameEn: en, unit: unit, better: better, source: source, pmqaItems: ["7.2"], definitionVersion: 1,
                                value: value, numerator: percent ? (value * 10).rounded() : nil, denominator: percent ? 1000 : nil,
                                breakdowns: breakdowns, monthly: monthly, letci: letci)
        }
        let reasons = [("delay", 42), ("no_update", 30), ("unresolved", 18), ("staff_manner", 6), ("other", 4)]
        let complaints = [("road", 320, 290), ("water", 210, 260), ("waste", 150, 140), ("staff_conduct", 60, 75), ("other", 20, 12)]
        return ReportDocument(period: fyPeriod, generatedAt: generatedAt, agency: agency, metrics: metrics,
                              reasons: pareto(reasons).map { ReasonParetoRow(code: $0.0, count: $0.1, share: $0.2, cumulativeShare: $0.3) },
                              frequentComplaints: pareto(complaints.map { ($0.0, $0.1) }).enumerated().map { i, r in
                                  ComplaintParetoRow(category: r.0, count: r.1, share: r.2, cumulativeShare: r.3, previousCount: complaints[i].2)
                              })
    }

    static func pareto(_ rows: [(String, Int)]) -> [(String, Int, Double, Double)] {
        let total = Double(rows.reduce(0) { $0 + $1.1 })
        var cumulative = 0.0
        return rows.map { code, count in
            cumulative += Double(count)
            return (code, count, 100 * Double(count) / total, 100 * cumulative / total)
        }
    }

    /// October 2025, locked, with a pending recomputation and comparison periods; no LeTCI, no monthly series.
    static func monthlyReport() -> ReportDocument {
        var doc = fiscalYearReport()
        doc.period = ReportPeriod(kind: .month, id: "2025-10", fiscalYear: 2569, from: instant("2025-09-30T17:00:00Z"),
                                  to: instant("2025-10-31T17:00:00Z"), asOf: instant("2025-10-31T17:00:00Z"),
                                  labelTh: "ตุลาคม 2568", labelEn: "October 2025")
        doc.locked = true
        doc.revision = 1
        doc.restatementReason = "นำเข้าบันทึกสายด่วนย้อนหลัง"
        doc.pendingChanges = [PendingChange(metric: "complaints_received", breakdown: "category:water", stored: 40, now: 43)]
        doc.metrics = doc.metrics.map { m in
            var m = m
            m.letci = nil
            m.monthly = []
            m.comparisons = [PeriodComparison(relation: "previous_period", periodID: "2025-09", value: m.value.map { $0 - 1 }),
                             PeriodComparison(relation: "same_period_fy_minus_1", periodID: "2024-10", value: m.value.map { $0 - 3 })]
            return m
        }
        return doc
    }

    /// A month with no answers and no complaints: every share is null, the Paretos are empty.
    static func emptyReport() -> ReportDocument {
        var doc = monthlyReport()
        doc.locked = false
        doc.revision = 0
        doc.restatementReason = nil
        doc.pendingChanges = []
        doc.reasons = []
        doc.frequentComplaints = []
        doc.metrics = doc.metrics.map { m in
            var m = m
            m.value = m.unit == "count" ? 0 : nil
            m.numerator = m.unit == "percent" ? 0 : nil
            m.denominator = m.unit == "percent" ? 0 : nil
            m.breakdowns = m.breakdowns.mapValues { rows in rows.map { BreakdownRow(key: $0.key, value: nil, numerator: 0, denominator: 0) } }
            m.comparisons = m.comparisons.map { PeriodComparison(relation: $0.relation, periodID: $0.periodID, value: nil) }
            return m
        }
        return doc
    }

    static let labels: ReportLabels = {
        var l = ReportLabels(configuration: try! SiangConfiguration.defaults())
        l.names["servicePoint", default: [:]]["front_desk"] = LocalizedLabel(th: "จุดบริการชั้น 1", en: "Front desk")
        return l
    }()
}
