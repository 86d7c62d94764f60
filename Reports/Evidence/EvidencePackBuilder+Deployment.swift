import Foundation
import SiangCore
import SiangStore

/// The D items: which segments the approach reached, since when each channel or source has been in
/// use, how often it ran in the year, and in which units and service points, all counted from data.
extension ApproachContext {
    var facts: EvidenceFacts { inputs.facts }
    var year: String { "ในปีงบประมาณ \(inputs.fiscalYear)" }

    /// Entries of a group with its in-period counts (or complaint counts), those with none left out.
    func counted(_ groups: [EvidenceGroupCount], _ dimension: String, complaints: Bool = false, firstUse: Bool = false) -> [EvidenceEntry] {
        groups.compactMap { g in
            let n = complaints ? g.complaints : g.count
            guard n > 0 || firstUse else { return nil }
            let l = label(dimension, g.code)
            return EvidenceEntry(code: g.code.isEmpty ? "unspecified" : g.code, labelTh: l.th, labelEn: l.en, count: n,
                                 firstUsedOn: firstUse ? g.firstUsedAt.map(EvidenceWording.day) : nil)
        }
    }

    /// `ไลน์ 1,234 เรื่อง อีเมล 56 เรื่อง และ…`
    func phrase(_ entries: [EvidenceEntry], unit: String) -> String {
        EvidenceWording.list(entries.map { "\($0.labelTh) \(EvidenceWording.count($0.count ?? 0)) \(unit)" })
    }

    // MARK: D1 segments reached

    func d1() -> EvidenceItem {
        switch approach {
        case .listeningChannels, .segmentation:
            return segments(counted(facts.segments, "segment"), unit: "เรื่อง", what: "เรื่องที่ได้รับ")
        case .complaintManagement:
            return segments(counted(facts.segments, "segment", complaints: true), unit: "เรื่อง", what: "เรื่องร้องเรียน")
        case .satisfactionSurvey:
            return segments(counted(facts.surveySegments, "segment"), unit: "คำตอบ", what: "คำตอบแบบสำรวจ")
        case .improvementFromFeedback:
            var tally: [String: (LocalizedLabel, Int)] = [:]
            for a in relatedInYear {
                let t = a.improvement.triggers
                for c in t.categories { tally["category:\(c)", default: (label("category", c), 0)].1 += 1 }
                for r in t.reasonCodes { tally["reason:\(r)", default: (label("reason", r), 0)].1 += 1 }
                if let p = t.servicePoint { tally["servicePoint:\(p)", default: (label("servicePoint", p), 0)].1 += 1 }
            }
            guard !tally.isEmpty else {
                return missing(.d1, "ยังไม่มีการปรับปรุง\(year)ที่ระบุหมวดเรื่อง เหตุผลความไม่พึงพอใจ หรือจุดให้บริการที่เป็นต้นเหตุ")
            }
            let entries = tally.sorted { $0.value.1 != $1.value.1 ? $0.value.1 > $1.value.1 : $0.key < $1.key }
                .map { EvidenceEntry(code: $0.key, labelTh: $0.value.0.th, labelEn: $0.value.0.en, count: $0.value.1) }
            return EvidenceItem(key: .d1, source: .data,
                                text: "\(year) การปรับปรุงตอบสนองต่อประเด็นของผู้รับบริการ ได้แก่ \(phrase(entries, unit: "ครั้ง"))", entries: entries)
        }
    }

    func segments(_ entries: [EvidenceEntry], unit: String, what: String) -> EvidenceItem {
        guard !entries.isEmpty else { return missing(.d1, "ยังไม่มี\(what)\(year)") }
        let total = entries.reduce(0) { $0 + ($1.count ?? 0) }
        return EvidenceItem(key: .d1, source: .data,
                            text: "\(year) ครอบคลุมกลุ่มผู้รับบริการและผู้มีส่วนได้ส่วนเสีย \(EvidenceWording.count(entries.count)) กลุ่ม รวม\(what) \(EvidenceWording.count(total)) \(unit) ได้แก่ \(phrase(entries, unit: unit))",
                            entries: entries)
    }

    // MARK: D2 first use

    func d2() -> EvidenceItem {
        switch approach {
        case .listeningChannels:
            return firstUse(counted(facts.channels, "channel", firstUse: true), what: "ช่องทาง", unit: "เรื่อง")
        case .complaintManagement:
            let lookups = facts.trackingLookups.map { g -> EvidenceEntry in
                let l = g.code == TrackingLookupSurface.api.rawValue
                    ? LocalizedLabel(th: "การติดตามสถานะเรื่องผ่าน API", en: "Case tracking through the API")
                    : LocalizedLabel(th: "การติดตามสถานะเรื่องผ่านหน้าเว็บ", en: "Case tracking page")
                return EvidenceEntry(code: "tracking_\(g.code)", labelTh: l.th, labelEn: l.en, count: g.count,
                                     firstUsedOn: g.firstUsedAt.map(EvidenceWording.day))
            }
            return firstUse(counted(facts.channels, "channel", complaints: true, firstUse: true) + lookups, what: "ช่องทาง", unit: "ครั้ง")
        case .satisfactionSurvey:
            return firstUse(counted(facts.surveySources, "source", firstUse: true), what: "แหล่งข้อมูลแบบสำรวจ", unit: "คำตอบ")
        case .segmentation:
            return firstUse(counted(facts.segments, "segment", firstUse: true), what: "กลุ่มผู้รับบริการ", unit: "เรื่อง")
        case .improvementFromFeedback:
            guard let first = inputs.improvements.first?.improvement else {
                return missing(.d2, "ยังไม่มีการบันทึกการปรับปรุงในทะเบียนการปรับปรุง")
            }
            let entry = EvidenceEntry(code: "improvement_log", labelTh: "ทะเบียนการปรับปรุง", labelEn: "Improvement log",
                                      count: inputs.improvements.count, firstUsedOn: first.date.description)
            return EvidenceItem(key: .d2, source: .data,
                                text: "เริ่มบันทึกการปรับปรุงจากเสียงของผู้รับบริการตั้งแต่วันที่ \(EvidenceWording.date(first.date)) รวม \(EvidenceWording.count(inputs.improvements.count)) เรื่อง",
                                entries: [entry])
        }
    }

    func firstUse(_ entries: [EvidenceEntry], what: String, unit: String) -> EvidenceItem {
        let dated = entries.filter { $0.firstUsedOn != nil }
        guard !dated.isEmpty else { return missing(.d2, "ยังไม่มีการใช้งาน\(what)ใดก่อนสิ้นปีงบประมาณ \(inputs.fiscalYear)") }
        let phrases = dated.map { e in
            "\(e.labelTh) เริ่มใช้เมื่อวันที่ \(e.firstUsedOn.flatMap(ImprovementDay.init).map { EvidenceWording.date($0) } ?? "–") (\(year) \(EvidenceWording.count(e.count ?? 0)) \(unit))"
        }
        return EvidenceItem(key: .d2, source: .data, text: "\(what)ที่นำไปใช้ ได้แก่ \(EvidenceWording.list(phrases))", entries: dated)
    }

    // MARK: D3 frequency

    func d3() -> EvidenceItem {
        let months: [EvidenceMonthCount]
        let unit: String
        switch approach {
        case .satisfactionSurvey: (months, unit) = (facts.answerMonths, "คำตอบ")
        case .improvementFromFeedback:
            var byMonth: [String: Int] = [:]
            for a in relatedInYear { byMonth[String(a.improvement.date.description.prefix(7)), default: 0] += 1 }
            (months, unit) = (byMonth.keys.sorted().map { EvidenceMonthCount(month: $0, count: byMonth[$0]!) }, "เรื่อง")
        default: (months, unit) = (facts.caseMonths, "เรื่อง")
        }
        let stated = settings.frequency.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !months.isEmpty else {
            if !stated.isEmpty { return EvidenceItem(key: .d3, source: .config, text: "ดำเนินการ\(stated)") }
            return missing(.d3, "ยังไม่มีการดำเนินการ\(year) และยังไม่ได้ระบุรอบการดำเนินงานในการตั้งค่า \(settingKey("frequency"))")
        }
        let entries = months.map { m in
            EvidenceEntry(code: m.month, labelTh: EvidenceWording.month(m.month, .th), labelEn: EvidenceWording.month(m.month, .en), count: m.count)
        }
        var text = "\(year) มีการดำเนินการ \(EvidenceWording.count(months.count)) เดือนจาก 12 เดือน"
        if !stated.isEmpty { text += " ตามรอบที่กำหนด คือ \(stated)" }
        text += " เฉลี่ยเดือนละ \(EvidenceWording.number(Double(months.reduce(0) { $0 + $1.count }) / Double(months.count))) \(unit)"
        return EvidenceItem(key: .d3, source: .data, text: text, entries: entries)
    }

    // MARK: D4 where deployed

    func d4() -> EvidenceItem {
        let entries: [EvidenceEntry]
        let unit: String
        switch approach {
        case .listeningChannels:
            (entries, unit) = (counted(facts.queues, "queue") + counted(facts.servicePoints, "servicePoint"), "เรื่อง")
        case .complaintManagement, .segmentation:
            (entries, unit) = (counted(facts.queues, "queue", complaints: approach == .complaintManagement), "เรื่อง")
        case .satisfactionSurvey:
            (entries, unit) = (counted(facts.servicePoints, "servicePoint") + counted(facts.surveySources.filter { $0.code != "service_point" }, "source"), "คำตอบ")
        case .improvementFromFeedback:
            var units: [String: Int] = [:]
            for a in relatedInYear { units[a.improvement.owningUnit, default: 0] += 1 }
            (entries, unit) = (units.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { EvidenceEntry(code: $0.key, labelTh: $0.key, labelEn: $0.key, count: $0.value) }, "เรื่อง")
        }
        guard !entries.isEmpty else { return missing(.d4, "ยังไม่มีหน่วยงานหรือจุดให้บริการที่นำไปใช้\(year)") }
        return EvidenceItem(key: .d4, source: .data,
                            text: "\(year) นำไปใช้ใน \(EvidenceWording.count(entries.count)) หน่วยงานและจุดให้บริการ ได้แก่ \(phrase(entries, unit: unit))",
                            entries: entries)
    }
}
