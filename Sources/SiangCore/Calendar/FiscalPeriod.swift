import Foundation

/// The Thai government fiscal year: 1 October to 30 September, named by the Buddhist Era year in which
/// it ends (FY 2569 = 2025-10-01 ..< 2026-10-01, Bangkok time). Fiscal month 1 is October.
public struct FiscalYear: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The Buddhist Era year the fiscal year ends in.
    public let beYear: Int

    public init(beYear: Int) { self.beYear = beYear }

    /// The fiscal year an instant falls in, judged in Bangkok time.
    public init(containing date: Date) {
        let parts = BangkokTime.calendar.dateComponents([.year, .month], from: date)
        let ceEnd = parts.month! >= 10 ? parts.year! + 1 : parts.year!
        beYear = BangkokTime.beYear(ofCE: ceEnd)
    }

    /// First instant of the fiscal year (1 October 00:00 Bangkok).
    public var start: Date { FiscalMonth(year: self, number: 1).start }
    /// First instant after the fiscal year.
    public var end: Date { FiscalYear(beYear: beYear + 1).start }

    public var description: String { "FY\(beYear)" }
    public static func < (a: FiscalYear, b: FiscalYear) -> Bool { a.beYear < b.beYear }
}

/// A month of a fiscal year: number 1 is October, 12 is September.
public struct FiscalMonth: Hashable, Comparable, Sendable, Codable {
    public let year: FiscalYear
    public let number: Int

    public init(year: FiscalYear, number: Int) {
        precondition((1...12).contains(number), "fiscal month is 1...12")
        self.year = year
        self.number = number
    }

    public init(containing date: Date) {
        let month = BangkokTime.calendar.component(.month, from: date)
        self.init(year: FiscalYear(containing: date), number: (month + 2) % 12 + 1)
    }

    /// The calendar month (1 = January) this fiscal month is.
    public var calendarMonth: Int { (number + 8) % 12 + 1 }
    /// The Common Era calendar year this fiscal month lies in.
    public var calendarYear: Int {
        let ceEnd = BangkokTime.ceYear(ofBE: year.beYear)
        return number <= 3 ? ceEnd - 1 : ceEnd
    }
    /// Fiscal quarter 1...4 (Q1 = October to December).
    public var quarter: Int { (number - 1) / 3 + 1 }

    public var start: Date {
        BangkokTime.calendar.date(from: DateComponents(year: calendarYear, month: calendarMonth, day: 1))!
    }
    public var end: Date { BangkokTime.calendar.date(byAdding: .month, value: 1, to: start)! }

    public static func < (a: FiscalMonth, b: FiscalMonth) -> Bool {
        (a.year.beYear, a.number) < (b.year.beYear, b.number)
    }
}
