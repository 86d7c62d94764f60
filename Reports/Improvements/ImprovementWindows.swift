import Foundation
import SiangCore
import SiangStore

/// The two windows an improvement is judged over (DESIGN.md 5.9): the three whole calendar months
/// before the month of its date and the three after it. The month the change took effect is a
/// transition month, in neither: an entry dated 15 March 2026 compares December–February with
/// April–June.
public struct ImprovementWindows: Sendable, Equatable {
    public var before: MonthSpan
    public var after: MonthSpan

    public init(day: ImprovementDay) {
        let month = MonthSpan.month(year: day.year, month: day.month)
        before = MonthSpan(first: MonthSpan.shift(month, by: -3), last: MonthSpan.shift(month, by: -1))
        after = MonthSpan(first: MonthSpan.shift(month, by: 1), last: MonthSpan.shift(month, by: 3))
    }
}

/// Whole months from `first` to `last` (inclusive), as one half-open Bangkok interval `[from, to)`.
public struct MonthSpan: Sendable, Equatable {
    public var first: FiscalMonth
    public var last: FiscalMonth

    public var from: Date { first.start }
    public var to: Date { last.end }
    /// `2025-12`, as a report names a month.
    public var fromMonth: String { PeriodKey.month(first).id }
    public var toMonth: String { PeriodKey.month(last).id }

    /// The fiscal month of a calendar month (October starts the fiscal year of the next BE year).
    static func month(year: Int, month: Int) -> FiscalMonth {
        let fiscalYear = BangkokTime.beYear(ofCE: month >= 10 ? year + 1 : year)
        return FiscalMonth(year: FiscalYear(beYear: fiscalYear), number: (month + 2) % 12 + 1)
    }

    /// The month `by` months after (or before, when negative) `m`.
    static func shift(_ m: FiscalMonth, by offset: Int) -> FiscalMonth {
        let index = m.calendarYear * 12 + (m.calendarMonth - 1) + offset
        return month(year: index / 12, month: index % 12 + 1)
    }
}
