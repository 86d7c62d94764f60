import Foundation
import SiangCore
import SiangStore

/// Computes the ``ReadinessCheck`` of a fiscal year from its report, the store's evidence counts
/// (lookups, cases with tracking IDs, survey answers by source) and the improvement log: a pure
/// function. Each line passes exactly when the data DESIGN.md 5.9 asks for is there
/// (docs/evidence.md, "The readiness check").
public enum ReadinessChecker {
    /// The fewest survey answers from which the dissatisfaction share and its causes count as analysed.
    public static let minimumAnswers = 30
    /// The fewest survey sources that count as integrated.
    public static let minimumSources = 2
    /// Fiscal years of values a core metric needs for a trend.
    public static let trendYears = 3

    public struct Inputs: Sendable {
        public var fiscalYear: Int
        public var asOf: Date
        /// The fiscal year's report (metrics with LeTCI, the two Paretos).
        public var report: ReportDocument
        public var facts: EvidenceFacts
        /// Improvements dated up to the year's end (those of other years are ignored).
        public var improvements: [AssessedImprovement]
        /// The agency's names for the survey sources the evidence names.
        public var labels: ReportLabels

        public init(fiscalYear: Int, asOf: Date, report: ReportDocument, facts: EvidenceFacts, improvements: [AssessedImprovement],
                    labels: ReportLabels = ReportLabels()) {
            self.fiscalYear = fiscalYear
            self.asOf = asOf
            self.report = report
            self.facts = facts
            self.improvements = improvements
            self.labels = labels
        }

        var improvementsInYear: [AssessedImprovement] {
            improvements.filter { EvidenceWording.fiscalYear(of: $0.improvement.date) == fiscalYear }
        }
    }

    public static func check(_ inputs: Inputs) -> ReadinessCheck {
        ReadinessCheck(fiscalYear: inputs.fiscalYear, asOf: inputs.asOf, lines: [
            tracking(inputs), frequentComplaints(inputs), dissatisfaction(inputs), surveySources(inputs),
            feedbackLedToChange(inputs), coreMetrics(inputs),
        ])
    }

    static func line(_ id: ReadinessLineID, pass: Bool, evidence: (th: String, en: String), figures: [ReadinessFigure],
                     action: (th: String, en: String)) -> ReadinessLine {
        let criticism = ReadinessWording.criticism(id)
        return ReadinessLine(id: id, status: pass ? .pass : .gap, criticismTh: criticism.th, criticismEn: criticism.en,
                             evidenceTh: evidence.th, evidenceEn: evidence.en, figures: figures,
                             actionTh: pass ? nil : action.th, actionEn: pass ? nil : action.en)
    }

    static func n(_ value: Int) -> String { EvidenceWording.count(value) }
    static func x(_ value: Double?) -> String { EvidenceWording.number(value) }

    // MARK: The six lines

    static func tracking(_ i: Inputs) -> ReadinessLine {
        let f = i.facts
        let pct = f.casesInPeriod > 0 ? 100 * Double(f.casesWithTrackingID) / Double(f.casesInPeriod) : nil
        let lookups = f.lookupsInPeriod
        let pass = pct == 100 && lookups > 0
        let action: (String, String) = f.casesInPeriod == 0
            ? ("ยังไม่มีเรื่องที่ได้รับในปีงบประมาณนี้ เมื่อรับเรื่องแล้วให้แจ้งเลขติดตามเรื่องแก่ผู้ร้องเรียนทุกราย",
               "No cases were received in this fiscal year; once they are, give every complainant the tracking ID.")
            : pct != 100
            ? ("ให้ออกเลขติดตามเรื่องแก่ทุกเรื่องที่ได้รับ (นำเข้าเรื่องจากช่องทางอื่นผ่าน Siang)",
               "Give every case a tracking ID (bring cases from other channels in through Siang).")
            : ("ประชาสัมพันธ์หน้าติดตามสถานะเรื่อง (/track) และแนบลิงก์ติดตามเรื่องในคำตอบรับเรื่องทุกช่องทาง เพื่อให้ผู้ร้องเรียนติดตามเรื่องได้ด้วยตนเอง",
               "Promote the tracking page (/track) and put the tracking link in every acknowledgement so complainants follow their case themselves.")
        return line(.trackingAvailable, pass: pass,
                    evidence: ("เรื่องที่ได้รับ \(n(f.casesInPeriod)) เรื่อง มีเลขติดตามเรื่องร้อยละ \(x(pct)) และมีการติดตามสถานะเรื่อง \(n(lookups)) ครั้งในปีงบประมาณ \(i.fiscalYear)",
                               "\(x(pct))% of the \(n(f.casesInPeriod)) cases received have a tracking ID; complainants looked their case up \(n(lookups)) times in FY \(i.fiscalYear)."),
                    figures: [ReadinessFigure(name: "casesWithTrackingIdPct", value: pct), ReadinessFigure(name: "lookupsInPeriod", count: lookups)],
                    action: action)
    }

    static func frequentComplaints(_ i: Inputs) -> ReadinessLine {
        let pareto = i.report.frequentComplaints
        let top = Array(pareto.prefix(3).map(\.category))
        let linked = i.improvementsInYear.filter { !Set($0.improvement.triggers.categories).isDisjoint(with: top) }
        let pass = !pareto.isEmpty && !linked.isEmpty
        let action: (String, String) = pareto.isEmpty
            ? ("ยังไม่มีเรื่องร้องเรียนในปีงบประมาณนี้ให้วิเคราะห์ เมื่อมีแล้วให้วิเคราะห์หมวดเรื่องที่ร้องเรียนบ่อยจากแผนภูมิพาเรโต",
               "There are no complaints in this fiscal year to analyse; once there are, analyse the most frequent categories on the Pareto.")
            : ("บันทึกการปรับปรุงที่แก้ไขสาเหตุของหมวดเรื่องที่ร้องเรียนบ่อย 3 อันดับแรก (\(top.joined(separator: ", "))) ในทะเบียนการปรับปรุง",
               "Record an improvement that addresses one of the three most frequent complaint categories (\(top.joined(separator: ", "))) in the improvement log.")
        return line(.frequentComplaintsAnalysed, pass: pass,
                    evidence: ("แผนภูมิพาเรโตเรื่องร้องเรียนมี \(n(pareto.count)) หมวดเรื่อง และมีการปรับปรุงที่เชื่อมโยงกับหมวดเรื่อง 3 อันดับแรก \(n(linked.count)) เรื่องในปีงบประมาณ \(i.fiscalYear)",
                               "The complaint Pareto has \(n(pareto.count)) categories; \(n(linked.count)) improvements in FY \(i.fiscalYear) address one of the top three."),
                    figures: [ReadinessFigure(name: "paretoCategories", count: pareto.count),
                              ReadinessFigure(name: "complaintsInPareto", count: pareto.reduce(0) { $0 + $1.count }),
                              ReadinessFigure(name: "improvementsOnTopCategories", count: linked.count)],
                    action: action)
    }

    static func dissatisfaction(_ i: Inputs) -> ReadinessLine {
        let m = i.report.metric("dissatisfaction_pct")
        let answers = Int(m?.denominator ?? 0)
        let dissatisfied = Int(m?.numerator ?? 0)
        let reasons = i.report.reasons.reduce(0) { $0 + $1.count }
        // With no dissatisfied answer there is no cause to analyse: the share itself is the analysis.
        let pass = answers >= minimumAnswers && m?.value != nil && (reasons > 0 || dissatisfied == 0)
        let action: (String, String) = answers < minimumAnswers
            ? ("เพิ่มจำนวนผู้ตอบแบบสำรวจให้ได้อย่างน้อย \(minimumAnswers) คำตอบในปีงบประมาณ (ส่งแบบสำรวจหลังดำเนินการเรื่องทุกเรื่อง ติดตั้งแบบสำรวจ ณ จุดให้บริการ หรือนำเข้าผลสำรวจจากแหล่งอื่น)",
               "Collect at least \(minimumAnswers) survey answers in the fiscal year (survey every resolved case, put a survey at the service points, or import other surveys).")
            : ("ให้แบบสำรวจถามเหตุผลของความไม่พึงพอใจ (reason codes) เมื่อผู้ตอบให้คะแนน 1-2 เพื่อวิเคราะห์สาเหตุ",
               "Make the survey ask for the reasons (reason codes) when an answer rates 1-2, so the causes can be analysed.")
        return line(.dissatisfactionAnalysed, pass: pass,
                    evidence: ("จากผู้ตอบแบบสำรวจ \(n(answers)) คำตอบ มีผู้ไม่พึงพอใจร้อยละ \(x(m?.value)) และระบุเหตุผลความไม่พึงพอใจ \(n(reasons)) ครั้ง",
                               "Of \(n(answers)) survey answers, \(x(m?.value))% were dissatisfied; \(n(reasons)) dissatisfaction reasons were given."),
                    figures: [ReadinessFigure(name: "surveyAnswers", count: answers), ReadinessFigure(name: "dissatisfactionPct", value: m?.value),
                              ReadinessFigure(name: "reasonsChosen", count: reasons)],
                    action: action)
    }

    static func surveySources(_ i: Inputs) -> ReadinessLine {
        let used = i.facts.surveySources.filter { $0.count > 0 }
        let pass = used.count >= minimumSources
        func names(_ language: Language) -> String {
            used.isEmpty ? "" : " (" + used.map { i.labels.name("source", $0.code, language) }.joined(separator: ", ") + ")"
        }
        return line(.surveySourcesIntegrated, pass: pass,
                    evidence: ("ผลสำรวจความพึงพอใจปีงบประมาณ \(i.fiscalYear) มาจาก \(n(used.count)) แหล่ง\(names(.th)) รวม \(n(i.facts.answersInPeriod)) คำตอบ",
                               "FY \(i.fiscalYear) survey answers come from \(n(used.count)) sources\(names(.en)), \(n(i.facts.answersInPeriod)) answers in all."),
                    figures: [ReadinessFigure(name: "surveySources", count: used.count), ReadinessFigure(name: "surveyAnswers", count: i.facts.answersInPeriod)],
                    action: ("รวมผลสำรวจจากแหล่งอื่นอย่างน้อยอีก \(max(0, minimumSources - used.count)) แหล่ง เช่น แบบสำรวจ ณ จุดให้บริการ หรือนำเข้าผลสำรวจของหน่วยงานด้วยคำสั่ง siang import survey",
                             "Bring in answers from at least \(max(0, minimumSources - used.count)) more source(s): a service-point survey, or another survey imported with siang import survey."))
    }

    static func feedbackLedToChange(_ i: Inputs) -> ReadinessLine {
        let year = i.improvementsInYear
        let assessed = year.filter { $0.effects.contains(where: \.isComplete) }
        return line(.feedbackLedToChange, pass: !assessed.isEmpty,
                    evidence: ("ปีงบประมาณ \(i.fiscalYear) มีการปรับปรุงจากเสียงของผู้รับบริการ \(n(year.count)) เรื่อง ซึ่งมีค่าตัวชี้วัดก่อนและหลังการปรับปรุง \(n(assessed.count)) เรื่อง",
                               "\(n(year.count)) improvements were recorded in FY \(i.fiscalYear); \(n(assessed.count)) have a linked metric's value before and after."),
                    figures: [ReadinessFigure(name: "improvementsInPeriod", count: year.count),
                              ReadinessFigure(name: "improvementsWithBeforeAfter", count: assessed.count)],
                    action: year.isEmpty
                        ? ("บันทึกการปรับปรุงที่เกิดจากข้อร้องเรียนหรือผลสำรวจในทะเบียนการปรับปรุง พร้อมเชื่อมโยงตัวชี้วัดที่ได้รับผลกระทบ",
                           "Record the improvements made because of complaints or survey results in the improvement log, linked to the metrics they affect.")
                        : ("เชื่อมโยงการปรับปรุงกับตัวชี้วัดที่มีข้อมูลทั้ง 3 เดือนก่อนและ 3 เดือนหลังวันที่ปรับปรุง",
                           "Link the improvements to metrics that have values in the three months before and the three months after their date."))
    }

    static func coreMetrics(_ i: Inputs) -> ReadinessLine {
        let core = i.report.metrics.filter(CoreMetrics.isCore)
        func years(_ m: MetricResult) -> Int { m.letci?.trend.filter { $0.value != nil }.count ?? 0 }
        let threeYears = core.filter { years($0) >= trendYears }
        let withTarget = core.filter { $0.letci?.target != nil }
        let withComparator = core.filter { !($0.letci?.comparison.isEmpty ?? true) }
        let incomplete = core.filter { years($0) < trendYears || $0.letci?.target == nil || ($0.letci?.comparison.isEmpty ?? true) }
        let missing = incomplete.map { m -> (String, String) in
            var th: [String] = [], en: [String] = []
            if years(m) < trendYears { th.append("ค่าย้อนหลังให้ครบ \(trendYears) ปี"); en.append("\(trendYears) years of values") }
            if m.letci?.target == nil { th.append("เป้าหมาย"); en.append("a target") }
            if m.letci?.comparison.isEmpty ?? true { th.append("หน่วยงานเปรียบเทียบ"); en.append("a comparator") }
            return ("\(m.id): \(EvidenceWording.list(th))", "\(m.id): \(EvidenceWording.list(en, .en))")
        }
        return line(.coreMetricsLeTCI, pass: !core.isEmpty && incomplete.isEmpty,
                    evidence: ("ตัวชี้วัดหลักหมวด 7.2 จำนวน \(n(core.count)) ตัว มีข้อมูลครบ \(trendYears) ปีงบประมาณ \(n(threeYears.count)) ตัว มีเป้าหมาย \(n(withTarget.count)) ตัว และมีหน่วยงานเปรียบเทียบ \(n(withComparator.count)) ตัว",
                               "Of \(n(core.count)) core 7.2 metrics, \(n(threeYears.count)) have \(trendYears) fiscal years, \(n(withTarget.count)) a target and \(n(withComparator.count)) a comparator."),
                    figures: [ReadinessFigure(name: "coreMetrics", count: core.count), ReadinessFigure(name: "withThreeYears", count: threeYears.count),
                              ReadinessFigure(name: "withTarget", count: withTarget.count), ReadinessFigure(name: "withComparator", count: withComparator.count),
                              ReadinessFigure(name: "complete", count: core.count - incomplete.count)],
                    action: core.isEmpty
                        ? ("รายการตัวชี้วัดไม่มีตัวชี้วัดร้อยละที่ระบุหมวด 7.2 ให้ตรวจสอบการตั้งค่า reportCatalog", "The catalog has no percentage metric mapped to 7.2; check the reportCatalog override.")
                        : ("เพิ่มข้อมูลในหน้าเป้าหมายและหน่วยงานเปรียบเทียบ (siang targets import): " + missing.map(\.0).joined(separator: "; "),
                           "Add in the targets page (siang targets import): " + missing.map(\.1).joined(separator: "; ")))
    }
}
