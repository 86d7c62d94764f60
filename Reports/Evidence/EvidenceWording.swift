import Foundation
import SiangCore
import SiangStore

/// How the evidence pack and the readiness check write figures and dates for a Thai application
/// report: numbers grouped by thousands (`1,234`), Buddhist Era dates with the month written out
/// (`2 ตุลาคม 2566`), and lists joined the way Thai official prose joins them (`ก ข และ ค`).
public enum EvidenceWording {
    /// `1,234`, `85.5`; `–` for no figure.
    public static func number(_ value: Double?) -> String { ReportNumber.display(value) }

    public static func count(_ value: Int) -> String { ReportNumber.display(Double(value)) }

    /// `2 ตุลาคม 2566` / `2 Oct 2023`.
    public static func date(_ date: Date, _ language: Language = .th) -> String {
        ThaiDateFormatter.date(date, language, longMonth: true)
    }

    /// `2023-10-02` (the Bangkok day) for the JSON.
    public static func day(_ date: Date) -> String {
        let p = BangkokTime.wallClock(date)
        return String(format: "%04d-%02d-%02d", p.year, p.month, p.day)
    }

    /// Noon in Bangkok on an improvement's day, for writing it as a date.
    public static func instant(_ day: ImprovementDay) -> Date {
        let days = BangkokTime.daysSinceEpoch(year: day.year, month: day.month, day: day.day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + 12 * 3_600 - BangkokTime.offsetSeconds))
    }

    public static func date(_ day: ImprovementDay, _ language: Language = .th) -> String { date(instant(day), language) }

    /// The Buddhist Era fiscal year a day lies in (October starts the next one).
    public static func fiscalYear(of day: ImprovementDay) -> Int {
        BangkokTime.beYear(ofCE: day.year) + (day.month >= 10 ? 1 : 0)
    }

    /// `ตุลาคม 2568` from `2025-10`.
    public static func month(_ id: String, _ language: Language = .th) -> String { ReportPeriodNames.long(id, language) }

    /// `ก`, `ก และ ข`, `ก ข และ ค` (Thai) or `a`, `a and b`, `a, b and c` (English).
    public static func list(_ items: [String], _ language: Language = .th) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        let and = language == .th ? " และ" : " and"
        let separator = language == .th ? " " : ", "
        return items.dropLast().joined(separator: separator) + and + " " + items.last!
    }
}
