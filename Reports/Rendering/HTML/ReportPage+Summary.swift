import SiangCore

/// The 7.2 table: one row per metric. A fiscal-year report shows LeTCI (the three fiscal years of the
/// trend with its direction, comparators, target, % better than target and the band); a month or a
/// quarter shows the value with its numerator and denominator and the comparison periods.
extension ReportPage {
    var hasLeTCI: Bool { doc.metrics.contains { $0.letci != nil } }

    func summary() -> String {
        var h = "<section class=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">"
        h += t.pick("ผลลัพธ์ตัวชี้วัดด้านผู้รับบริการและประชาชน", "Customer and citizen result measures") + "</h2>\n<table class=\"metrics\">\n"
        h += hasLeTCI ? letciHead() : periodHead()
        h += "<tbody>\n"
        for m in doc.metrics { h += hasLeTCI ? letciRow(m) : periodRow(m) }
        return h + "</tbody>\n</table>\n</section>\n"
    }

    var years: [Int] { [doc.period.fiscalYear - 2, doc.period.fiscalYear - 1, doc.period.fiscalYear] }

    func letciHead() -> String {
        var h = "<thead><tr><th scope=\"col\">\(t.pick("ตัวชี้วัด", "Measure"))</th><th scope=\"col\">\(t.pick("หน่วย", "Unit"))</th>"
        for y in years { h += "<th scope=\"col\" class=\"num\">\(e(ReportVocabulary.fiscalYearShort(y, lang)))</th>" }
        h += "<th scope=\"col\">\(t.pick("แนวโน้ม (T)", "Trend (T)"))</th><th scope=\"col\">\(t.pick("เปรียบเทียบ (C)", "Comparison (C)"))</th>"
        h += "<th scope=\"col\" class=\"num\">\(t.pick("เป้าหมาย", "Target"))</th>"
        h += "<th scope=\"col\" class=\"num\">\(t.pick("ดีกว่าเป้าหมาย (ร้อยละ)", "Better than target (%)"))</th>"
        h += "<th scope=\"col\">\(t.pick("ระดับผลลัพธ์", "Band"))</th></tr></thead>\n"
        return h
    }

    func letciRow(_ m: MetricResult) -> String {
        var h = "<tr id=\"m-\(e(m.id))\"><th scope=\"row\">\(e(name(m)))<span class=\"code\">\(e(m.id))</span></th>"
        h += "<td>\(e(ReportVocabulary.unit(m.unit).text(lang)))</td>"
        let l = m.letci
        for y in years {
            // This year's column is the level (Le); the earlier ones come from the trend.
            let value = y == doc.period.fiscalYear ? (l?.level ?? m.value) : l?.trend.first { $0.fiscalYear == y }?.value
            let manual = l?.trend.first { $0.fiscalYear == y }?.source == "manual"
            h += "<td class=\"num\(y == doc.period.fiscalYear ? " level" : "")\">\(ReportNumber.display(value))\(manual ? "<sup title=\"\(t.pick("ข้อมูลฐาน (กรอกเอง)", "baseline, entered by hand"))\">*</sup>" : "")</td>"
        }
        if let l {
            h += "<td class=\"dir dir-\(l.direction.rawValue)\">\(ReportVocabulary.directionArrow(l.direction)) \(e(ReportVocabulary.direction(l.direction).text(lang)))</td>"
            h += "<td>" + l.comparison.map { c in
                let outcome = c.outcome.map { " (" + ReportVocabulary.outcome($0).text(lang) + ")" } ?? ""
                return "\(e(c.name)) \(ReportNumber.display(c.value))\(e(outcome))"
            }.joined(separator: "<br>") + "</td>"
            h += "<td class=\"num\">\(ReportNumber.display(l.target))</td><td class=\"num\">\(ReportNumber.display(l.betterThanTargetPct))</td>"
            h += "<td class=\"band\(l.band.map { " band-" + $0.rawValue } ?? "")\">\(e(l.band.map { ReportVocabulary.band($0).text(lang) } ?? "–"))</td>"
        } else {
            h += "<td>–</td><td></td><td class=\"num\">–</td><td class=\"num\">–</td><td>–</td>"
        }
        return h + "</tr>\n"
    }

    var relations: [String] {
        var seen = Set<String>()
        return doc.metrics.flatMap { $0.comparisons.map(\.relation) }.filter { seen.insert($0).inserted }
    }

    func periodHead() -> String {
        var h = "<thead><tr><th scope=\"col\">\(t.pick("ตัวชี้วัด", "Measure"))</th><th scope=\"col\">\(t.pick("หน่วย", "Unit"))</th>"
        h += "<th scope=\"col\" class=\"num\">\(t.pick("ผลลัพธ์", "Value"))</th><th scope=\"col\" class=\"num\">\(t.pick("ตัวตั้ง / ตัวหาร", "Numerator / denominator"))</th>"
        for r in relations { h += "<th scope=\"col\" class=\"num\">\(e(ReportVocabulary.relation(r).text(lang)))</th>" }
        return h + "</tr></thead>\n"
    }

    func periodRow(_ m: MetricResult) -> String {
        var h = "<tr id=\"m-\(e(m.id))\"><th scope=\"row\">\(e(name(m)))<span class=\"code\">\(e(m.id))</span></th>"
        h += "<td>\(e(ReportVocabulary.unit(m.unit).text(lang)))</td><td class=\"num level\">\(ReportNumber.display(m.value))</td>"
        let share = m.numerator == nil && m.denominator == nil ? "" : "\(ReportNumber.display(m.numerator)) / \(ReportNumber.display(m.denominator))"
        h += "<td class=\"num\">\(share)</td>"
        for r in relations {
            let c = m.comparisons.first { $0.relation == r }
            h += "<td class=\"num\">\(ReportNumber.display(c?.value))\(c.map { "<span class=\"code\">\(e(ReportPeriodNames.long($0.periodID, lang)))</span>" } ?? "")</td>"
        }
        return h + "</tr>\n"
    }
}
