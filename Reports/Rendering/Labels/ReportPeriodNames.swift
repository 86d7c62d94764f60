import Foundation
import SiangCore

/// Names of the periods a document refers to by id (`2025-10` in ``MetricResult/monthly`` and comparisons),
/// as ThaiDateFormatter writes them: `ตุลาคม 2568` (BE), `Oct 2025`.
enum ReportPeriodNames {
    /// The fiscal month a `yyyy-MM` id names, or nil for another kind of id.
    static func month(_ periodID: String) -> FiscalMonth? {
        let parts = periodID.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month), (1900...2600).contains(year),
              let mid = BangkokTime.calendar.date(from: DateComponents(year: year, month: month, day: 15))
        else { return nil }
        return FiscalMonth(containing: mid)
    }

    /// `ตุลาคม 2568` / `Oct 2025`; the id itself when it is not a month.
    static func long(_ periodID: String, _ language: Language) -> String {
        guard let m = month(periodID) else { return periodID }
        return ThaiDateFormatter.month(m, language)
    }

    /// `ต.ค. 68` / `Oct 25`: short enough for a chart axis.
    static func short(_ periodID: String, _ language: Language) -> String {
        guard let m = month(periodID) else { return periodID }
        // "1 ต.ค. 2568" without its day, with a two-digit year.
        let words = ThaiDateFormatter.date(m.start, language).split(separator: " ").dropFirst()
        guard let year = words.last else { return periodID }
        return words.dropLast().joined(separator: " ") + " " + year.suffix(2)
    }
}
