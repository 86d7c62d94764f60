import Foundation
import SiangCore
import SiangStore

/// The L and I items: the learning levels and dated history of the approach's improvements (from the
/// improvement log), the agency's links to its organisation profile and plans, and the category 7
/// measures the approach drives (from the catalog).
extension ApproachContext {
    static let levelNames: [LearningLevel: LocalizedLabel] = [
        .pdca: LocalizedLabel(th: "การปรับปรุงตามวงจร PDCA", en: "PDCA cycle"),
        .innovation: LocalizedLabel(th: "การสร้างนวัตกรรม", en: "Innovation"),
        .sharing: LocalizedLabel(th: "การแลกเปลี่ยนเรียนรู้กับหน่วยงานอื่น", en: "Sharing with other units"),
    ]

    func l1() -> EvidenceItem {
        let year = relatedInYear
        guard !year.isEmpty else {
            return missing(.l1, "ยังไม่มีการปรับปรุงกระบวนการนี้\(self.year) ให้บันทึกในทะเบียนการปรับปรุงพร้อมระดับการเรียนรู้ (PDCA นวัตกรรม หรือการแลกเปลี่ยนเรียนรู้)")
        }
        let entries = LearningLevel.allCases.compactMap { level -> EvidenceEntry? in
            let n = year.filter { $0.improvement.learningLevel == level }.count
            guard n > 0, let l = Self.levelNames[level] else { return nil }
            return EvidenceEntry(code: level.rawValue, labelTh: l.th, labelEn: l.en, count: n)
        }
        return EvidenceItem(key: .l1, source: .data,
                            text: "\(self.year) มีการเรียนรู้และปรับปรุงกระบวนการ \(EvidenceWording.count(year.count)) เรื่อง ได้แก่ \(phrase(entries, unit: "เรื่อง"))",
                            entries: entries)
    }

    func l2() -> EvidenceItem {
        guard !related.isEmpty else { return missing(.l2, "ยังไม่มีประวัติการปรับปรุงกระบวนการนี้ในทะเบียนการปรับปรุง") }
        let entries = related.map { a in
            EvidenceEntry(code: "improvement:\(a.improvement.id)", labelTh: a.improvement.title, labelEn: a.improvement.title,
                          date: a.improvement.date.description, improvement: EvidenceImprovement(a))
        }
        let phrases = related.map { "วันที่ \(EvidenceWording.date($0.improvement.date)) \($0.improvement.title) (\($0.improvement.owningUnit))" }
        return EvidenceItem(key: .l2, source: .data, text: "ประวัติการปรับปรุง ได้แก่ \(EvidenceWording.list(phrases))", entries: entries)
    }

    func i1() -> EvidenceItem {
        link(.i1, settings.organisationProfile, setting: "organisationProfile", sentence: "สอดคล้องกับลักษณะสำคัญขององค์การ")
    }

    func i2() -> EvidenceItem {
        link(.i2, settings.plans, setting: "plans", sentence: "สนับสนุนการบรรลุเป้าหมายตามแผนของส่วนราชการ")
    }

    func link(_ key: EvidenceItemKey, _ link: EvidenceApproachSettings.Link, setting: String, sentence: String) -> EvidenceItem {
        guard !link.isEmpty else { return missing(key, "ให้ระบุชื่อเอกสารและที่อยู่ (URL) ในการตั้งค่า \(settingKey(setting))") }
        let title = link.title.isEmpty ? link.url : link.title
        return EvidenceItem(key: key, source: .config, text: "กระบวนการนี้\(sentence) (เอกสารอ้างอิง: \(title))",
                            entries: [EvidenceEntry(code: setting, labelTh: title, labelEn: title, url: link.url.isEmpty ? nil : link.url)])
    }

    func i3() -> EvidenceItem {
        let metrics = driven.compactMap { inputs.report.metric($0) }
        guard !metrics.isEmpty else {
            let what = approach == .improvementFromFeedback
                ? "ยังไม่มีการปรับปรุง\(year)ที่เชื่อมโยงกับตัวชี้วัด ให้ระบุตัวชี้วัดที่เกี่ยวข้องในทะเบียนการปรับปรุง"
                : "ไม่มีตัวชี้วัดในรายการตัวชี้วัด (metrics.yaml) ที่ระบุหมวด 7.2 และหัวข้อ \(EvidenceWording.list(plan.pmqaItems))"
            return missing(.i3, what)
        }
        let entries = metrics.map { EvidenceEntry(code: $0.id, labelTh: $0.nameTh, labelEn: $0.nameEn, value: $0.value) }
        return EvidenceItem(key: .i3, source: .data,
                            text: "ผลการดำเนินงานส่งผลต่อตัวชี้วัดผลลัพธ์หมวด 7.2 ได้แก่ \(EvidenceWording.list(metrics.map(\.nameTh)))", entries: entries)
    }
}
