import Foundation
import SiangCore
import SiangStore

/// Builds the ``EvidencePack`` of a fiscal year from its ``EvidenceInputs``: a pure function, the
/// same inputs giving the same pack byte for byte. Each item is taken from data where data exists,
/// from the agency's settings otherwise, and otherwise says what to add (docs/evidence.md).
public enum EvidencePackBuilder {
    public static func build(_ inputs: EvidenceInputs) -> EvidencePack {
        EvidencePack(fiscalYear: inputs.fiscalYear, asOf: inputs.asOf,
                     approaches: EvidenceApproach.allCases.map { approach(ApproachContext(approach: $0, inputs: inputs)) })
    }

    static func approach(_ c: ApproachContext) -> ApproachEvidence {
        let items = [c.a1(), c.a2(), c.a3(), c.a4(), c.a5(), c.a6(), c.d1(), c.d2(), c.d3(), c.d4(), c.l1(), c.l2(), c.i1(), c.i2(), c.i3()]
        let name = c.name
        return ApproachEvidence(id: c.approach, nameTh: name.th, nameEn: name.en, items: items, metricIds: c.driven,
                                narrativeTh: EvidenceNarrative.thai(name: name.th, fiscalYear: c.inputs.fiscalYear, asOf: c.inputs.asOf, items: items))
    }
}

/// One approach's view of the inputs, and the A items (the D, L and I items are in extensions).
struct ApproachContext {
    let approach: EvidenceApproach
    let inputs: EvidenceInputs
    let settings: EvidenceApproachSettings
    let plan: EvidencePlan
    /// I3's metric ids.
    let driven: [String]
    /// The approach's improvements, all dated up to the year's end, oldest first.
    let related: [AssessedImprovement]

    init(approach: EvidenceApproach, inputs: EvidenceInputs) {
        self.approach = approach
        self.inputs = inputs
        settings = inputs.settings.settings(approach)
        plan = EvidencePlan.of(approach)
        let driven = EvidencePlan.drivenMetrics(approach, report: inputs.report, improvementsInYear: inputs.improvementsInYear)
        self.driven = driven
        related = inputs.improvements.filter { EvidencePlan.relates($0.improvement, to: approach, driven: driven) }
    }

    var relatedInYear: [AssessedImprovement] {
        related.filter { EvidenceWording.fiscalYear(of: $0.improvement.date) == inputs.fiscalYear }
    }

    /// The setting's key path, for the text of a missing item.
    func settingKey(_ name: String) -> String { "evidence.approaches.\(approach.rawValue).\(name)" }

    /// The agency's name for the process, or the approach id when it has none.
    var name: LocalizedLabel {
        LocalizedLabel(th: settings.nameTh.isEmpty ? approach.rawValue : settings.nameTh,
                       en: settings.nameEn.isEmpty ? approach.rawValue : settings.nameEn)
    }

    func label(_ dimension: String, _ code: String) -> LocalizedLabel {
        if code.isEmpty, dimension == "segment" || dimension == "queue" {
            return dimension == "segment" ? LocalizedLabel(th: "ไม่ระบุกลุ่ม", en: "No segment") : LocalizedLabel(th: "ยังไม่ได้ส่งต่อหน่วยงาน", en: "Not routed")
        }
        return LocalizedLabel(th: inputs.labels.name(dimension, code, .th), en: inputs.labels.name(dimension, code, .en))
    }

    func missing(_ key: EvidenceItemKey, _ what: String) -> EvidenceItem {
        EvidenceItem(key: key, source: .none, text: "ยังไม่มีข้อมูล: \(what)")
    }

    func configured(_ key: EvidenceItemKey, _ value: String, setting: String, _ sentence: (String) -> String) -> EvidenceItem {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return missing(key, "ให้ระบุ\(key.label.th)ในการตั้งค่า \(settingKey(setting))") }
        return EvidenceItem(key: key, source: .config, text: sentence(text))
    }

    // MARK: A: approach

    func a1() -> EvidenceItem {
        guard !settings.nameTh.isEmpty else { return missing(.a1, "ให้ระบุชื่อกระบวนการในการตั้งค่า \(settingKey("nameTh"))") }
        return EvidenceItem(key: .a1, source: .config, text: "ส่วนราชการกำหนด\(settings.nameTh)เป็นแนวทางการดำเนินงาน")
    }

    func a2() -> EvidenceItem {
        configured(.a2, settings.owner, setting: "owner") { "โดยมี\($0)เป็นผู้รับผิดชอบกระบวนการ" }
    }

    func a3() -> EvidenceItem {
        let s = settings.keySteps
        let parts = [("input", "ปัจจัยนำเข้า", "Input", s.input), ("process", "กระบวนการ", "Process", s.process),
                     ("output", "ผลผลิต", "Output", s.output)]
        let given = parts.filter { !$0.3.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        guard !given.isEmpty else { return missing(.a3, "ให้ระบุปัจจัยนำเข้า กระบวนการ และผลผลิตในการตั้งค่า \(settingKey("keySteps"))") }
        var text = "ขั้นตอนสำคัญของกระบวนการ ได้แก่ " + given.map { "\($0.1) คือ \($0.3)" }.joined(separator: " ")
        let absent = parts.filter { p in !given.contains { $0.0 == p.0 } }
        if !absent.isEmpty { text += " (ยังไม่ได้ระบุ\(EvidenceWording.list(absent.map(\.1))))" }
        return EvidenceItem(key: .a3, source: .config, text: text,
                            entries: given.map { EvidenceEntry(code: $0.0, labelTh: $0.1, labelEn: $0.2) })
    }

    func a4() -> EvidenceItem {
        configured(.a4, settings.repeatability, setting: "repeatability") { "การดำเนินงานเป็นไปในแนวทางเดียวกันทุกครั้งด้วย\($0)" }
    }

    func a5() -> EvidenceItem {
        if approach == .improvementFromFeedback {
            let year = relatedInYear
            guard !year.isEmpty else {
                return missing(.a5, "ยังไม่มีการบันทึกการปรับปรุงในปีงบประมาณ \(inputs.fiscalYear) ให้บันทึกในทะเบียนการปรับปรุง")
            }
            let assessed = year.filter { $0.effects.contains(where: \.isComplete) }.count
            return EvidenceItem(key: .a5, source: .data,
                                text: "ตัวชี้วัดของกระบวนการ ได้แก่ จำนวนการปรับปรุงที่บันทึกในปีงบประมาณ \(inputs.fiscalYear) จำนวน \(EvidenceWording.count(year.count)) เรื่อง ซึ่งมีค่าตัวชี้วัดก่อนและหลังการปรับปรุงครบถ้วน \(EvidenceWording.count(assessed)) เรื่อง",
                                entries: [EvidenceEntry(code: "improvements_recorded", labelTh: "การปรับปรุงที่บันทึก", labelEn: "Improvements recorded", count: year.count),
                                          EvidenceEntry(code: "improvements_with_before_after", labelTh: "การปรับปรุงที่มีค่าก่อนและหลัง",
                                                        labelEn: "Improvements with before and after values", count: assessed)])
        }
        return measures(.a5, plan.processMetrics, lead: "ตัวชี้วัดของกระบวนการ ได้แก่")
    }

    func a6() -> EvidenceItem {
        if approach == .improvementFromFeedback { return effects() }
        return measures(.a6, plan.resultMetrics, lead: "ตัวชี้วัดผลลัพธ์ ได้แก่")
    }

    /// The named metrics with their fiscal-year values from the report; for the segmentation
    /// approach, their values by segment.
    func measures(_ key: EvidenceItemKey, _ ids: [String], lead: String) -> EvidenceItem {
        let metrics = ids.compactMap { inputs.report.metric($0) }
        guard !metrics.isEmpty else { return missing(key, "ตัวชี้วัดที่เกี่ยวข้องไม่อยู่ในรายการตัวชี้วัด (metrics.yaml)") }
        if approach == .segmentation, let m = metrics.first, let rows = m.breakdowns["segment"], !rows.isEmpty {
            let entries = rows.map { r in
                let l = label("segment", r.key)
                return EvidenceEntry(code: "\(m.id):\(r.key)", labelTh: "\(m.nameTh) (\(l.th))", labelEn: "\(m.nameEn) (\(l.en))", value: r.value)
            }
            let phrases = rows.map { "\(label("segment", $0.key).th) \(EvidenceWording.number($0.value))\(unitSuffix(m.unit))" }
            return EvidenceItem(key: key, source: .data,
                                text: "\(lead) \(m.nameTh)จำแนกตามกลุ่มผู้รับบริการ คือ \(EvidenceWording.list(phrases)) (ปีงบประมาณ \(inputs.fiscalYear))",
                                entries: entries)
        }
        let entries = metrics.map { EvidenceEntry(code: $0.id, labelTh: $0.nameTh, labelEn: $0.nameEn, value: $0.value) }
        let phrases = metrics.map { m in
            m.value == nil ? "\(m.nameTh) (ยังไม่มีข้อมูลในปีนี้)" : "\(m.nameTh) \(EvidenceWording.number(m.value))\(unitSuffix(m.unit))"
        }
        return EvidenceItem(key: key, source: .data,
                            text: "\(lead) \(EvidenceWording.list(phrases)) (ปีงบประมาณ \(inputs.fiscalYear))", entries: entries)
    }

    func unitSuffix(_ unit: String) -> String {
        switch unit {
        case "percent": ""
        case "days": " วันทำการ"
        case "count": " เรื่อง"
        default: " \(unit)"
        }
    }

    /// The improvement approach's results: each linked metric before and after the year's improvements.
    func effects() -> EvidenceItem {
        let complete = relatedInYear.flatMap { a in a.effects.filter(\.isComplete).map { (a.improvement, $0) } }
        guard !complete.isEmpty else {
            return missing(.a6, "ยังไม่มีการปรับปรุงในปีงบประมาณ \(inputs.fiscalYear) ที่มีค่าตัวชี้วัดก่อนและหลังการปรับปรุง ให้เชื่อมโยงการปรับปรุงกับตัวชี้วัดในทะเบียนการปรับปรุง")
        }
        let entries = complete.map { (i, e) -> EvidenceEntry in
            let m = inputs.report.metric(e.metricId)
            return EvidenceEntry(code: e.metricId, labelTh: m?.nameTh ?? e.metricId, labelEn: m?.nameEn ?? e.metricId,
                                 date: i.date.description, value: e.after.value)
        }
        let phrases = complete.map { (i, e) in
            "\(inputs.report.metric(e.metricId)?.nameTh ?? e.metricId) จาก \(EvidenceWording.number(e.before.value)) เป็น \(EvidenceWording.number(e.after.value)) หลังการปรับปรุงเมื่อวันที่ \(EvidenceWording.date(i.date))"
        }
        return EvidenceItem(key: .a6, source: .data, text: "ผลลัพธ์ของการปรับปรุง ได้แก่ \(EvidenceWording.list(phrases))", entries: entries)
    }
}
