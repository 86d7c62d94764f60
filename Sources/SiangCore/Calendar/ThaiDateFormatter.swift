import Foundation

/// Formats instants for people: Thai with Buddhist Era years ("21 พ.ย. 2569 14:05 น."), or English
/// with Common Era years ("21 Nov 2026 14:05"), always in Bangkok time.
///
/// Written by hand rather than through a locale so the output is the same on every machine.
public enum ThaiDateFormatter {
    static let thaiMonthsShort = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    static let thaiMonthsLong = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
    static let englishMonthsShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date alone: "21 พ.ย. 2569" or "21 Nov 2026".
    public static func date(_ date: Date, _ language: Language, longMonth: Bool = false) -> String {
        let p = BangkokTime.wallClock(date)
        switch language {
        case .th:
            let month = (longMonth ? thaiMonthsLong : thaiMonthsShort)[p.month - 1]
            return "\(p.day) \(month) \(BangkokTime.beYear(ofCE: p.year))"
        case .en:
            return "\(p.day) \(englishMonthsShort[p.month - 1]) \(p.year)"
        }
    }

    /// Date and time: "21 พ.ย. 2569 14:05 น." or "21 Nov 2026 14:05".
    public static func dateTime(_ instant: Date, _ language: Language) -> String {
        let p = BangkokTime.wallClock(instant)
        let time = String(format: "%02d:%02d", p.hour, p.minute)
        return language == .th ? "\(date(instant, .th)) \(time) น." : "\(date(instant, .en)) \(time)"
    }

    /// A fiscal month's name: "พฤศจิกายน 2569" (calendar month with its BE calendar year) or "November 2026".
    public static func month(_ month: FiscalMonth, _ language: Language) -> String {
        switch language {
        case .th: "\(thaiMonthsLong[month.calendarMonth - 1]) \(BangkokTime.beYear(ofCE: month.calendarYear))"
        case .en: "\(englishMonthsShort[month.calendarMonth - 1]) \(month.calendarYear)"
        }
    }
}
