import SiangCore

/// The fixed words of a PMQA 7.2 report in Thai and English: LeTCI bands, trend directions, comparator
/// outcomes, units and comparison periods. Kept apart from ``ReportLabels`` because these are the
/// criteria's own words, not the agency's: the band names follow the PMQA 4.0 category 7 wording
/// (ต่ำกว่าเป้าหมาย, ระดับพื้นฐาน (Basic), ระดับก้าวหน้า (Advance), ระดับโดดเด่น (Significance)).
public enum ReportVocabulary {
    public static func band(_ band: LeTCI.Band) -> LocalizedLabel {
        switch band {
        case .belowTarget: LocalizedLabel(th: "ต่ำกว่าเป้าหมาย", en: "Below target")
        case .basic: LocalizedLabel(th: "ระดับพื้นฐาน (Basic)", en: "Basic")
        case .advance: LocalizedLabel(th: "ระดับก้าวหน้า (Advance)", en: "Advance")
        case .significance: LocalizedLabel(th: "ระดับโดดเด่น (Significance)", en: "Significance")
        }
    }

    public static func direction(_ direction: LeTCI.Direction) -> LocalizedLabel {
        switch direction {
        case .improving: LocalizedLabel(th: "แนวโน้มดีขึ้น", en: "Improving")
        case .declining: LocalizedLabel(th: "แนวโน้มลดลง", en: "Declining")
        case .fluctuating: LocalizedLabel(th: "ขึ้นลงไม่คงที่", en: "Fluctuating")
        case .insufficient: LocalizedLabel(th: "ข้อมูลไม่ถึง 3 ปี", en: "Fewer than 3 years")
        }
    }

    /// A glyph beside the direction, so the trend reads at a glance in print (never colour alone).
    public static func directionArrow(_ direction: LeTCI.Direction) -> String {
        switch direction {
        case .improving: "▲"
        case .declining: "▼"
        case .fluctuating: "↕"
        case .insufficient: "–"
        }
    }

    public static func outcome(_ outcome: LeTCI.Outcome) -> LocalizedLabel {
        switch outcome {
        case .better: LocalizedLabel(th: "ดีกว่า", en: "better")
        case .equal: LocalizedLabel(th: "เท่ากัน", en: "equal")
        case .worse: LocalizedLabel(th: "ต่ำกว่า", en: "worse")
        }
    }

    public static func better(_ better: BetterDirection) -> LocalizedLabel {
        switch better {
        case .higher: LocalizedLabel(th: "ยิ่งสูงยิ่งดี", en: "higher is better")
        case .lower: LocalizedLabel(th: "ยิ่งต่ำยิ่งดี", en: "lower is better")
        case .none: LocalizedLabel(th: "–", en: "–")
        }
    }

    /// `percent`, `count`, `days`; another unit is shown as written in the catalog.
    public static func unit(_ unit: String) -> LocalizedLabel {
        switch unit {
        case "percent": LocalizedLabel(th: "ร้อยละ", en: "%")
        case "count": LocalizedLabel(th: "เรื่อง", en: "cases")
        case "days": LocalizedLabel(th: "วันทำการ", en: "business days")
        default: LocalizedLabel(th: unit, en: unit)
        }
    }

    /// The comparison periods of ``PeriodComparison/relation``.
    public static func relation(_ relation: String) -> LocalizedLabel {
        switch relation {
        case "previous_period": LocalizedLabel(th: "งวดก่อนหน้า", en: "Previous period")
        case "same_period_fy_minus_1": LocalizedLabel(th: "งวดเดียวกันปีงบประมาณก่อน", en: "Same period, previous FY")
        case "same_period_fy_minus_2": LocalizedLabel(th: "งวดเดียวกันเมื่อ 2 ปีงบประมาณก่อน", en: "Same period, FY − 2")
        default: LocalizedLabel(th: relation, en: relation)
        }
    }

    /// "ปีงบประมาณ 2569" / "FY 2569" (fiscal years are named by their BE year in both languages).
    public static func fiscalYear(_ year: Int, _ language: Language) -> String {
        language == .th ? "ปีงบประมาณ \(year)" : "FY \(year)"
    }

    public static func fiscalYearShort(_ year: Int, _ language: Language) -> String {
        language == .th ? "ปีงบฯ \(year)" : "FY \(year)"
    }
}
