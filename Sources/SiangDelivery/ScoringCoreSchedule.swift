import Foundation
import SiangCore

/// When `siang serve` queues the monthly scoring-core export (docs/scoring-core.md, "Monthly schedule").
///
/// Each Bangkok month M carries one export: the fiscal year to date as of 00:00 on the 1st of M, i.e.
/// through the last day of M−1, keyed by M−1 (`2026-01` is the export sent in February). It falls due at
/// 02:00 Bangkok on M's first business day (the agency's calendar: working weekdays, holidays), which
/// leaves the first days of the month for late hotline logs and restatements of M−1; a server that was
/// not running then queues it when it starts, any time later in M. Only M's export is ever due: a month
/// missed entirely is not sent late, since the next month's export covers the fiscal year to date anyway.
public struct ScoringCoreSchedule: Sendable {
    let calendar: BusinessCalendar
    /// The time of day on the first business day, in seconds after Bangkok midnight.
    static let dueSecondOfDay = 2 * 3600

    public init(calendar: BusinessCalendar) {
        self.calendar = calendar
    }

    /// The export due at `now`; nil before this month's due time.
    public func due(at now: Date) -> ScheduledExport? {
        let export = export(forMonthOf: now)
        return now >= export.dueAt ? export : nil
    }

    /// The export that the Bangkok month of `instant` carries, with its due time.
    public func export(forMonthOf instant: Date) -> ScheduledExport {
        let bangkok = BangkokTime.calendar
        let parts = bangkok.dateComponents([.year, .month], from: instant)
        let monthStart = bangkok.date(from: parts)!
        let covered = FiscalMonth(containing: monthStart.addingTimeInterval(-1))
        return ScheduledExport(month: String(format: "%04d-%02d", covered.calendarYear, covered.calendarMonth),
                               fiscalYear: covered.year.beYear, asOf: monthStart, dueAt: dueTime(inMonthStarting: monthStart))
    }

    /// 02:00 on the first business day of the month that starts at `monthStart`; the 1st when the calendar
    /// has no business day in the month at all.
    func dueTime(inMonthStarting monthStart: Date) -> Date {
        let bangkok = BangkokTime.calendar
        let days = bangkok.range(of: .day, in: .month, for: monthStart)?.count ?? 28
        let firstBusinessDay = (0..<days).lazy
            .map { bangkok.date(byAdding: .day, value: $0, to: monthStart)! }
            .first { calendar.isBusinessDay($0.addingTimeInterval(12 * 3600)) } ?? monthStart
        return firstBusinessDay.addingTimeInterval(TimeInterval(Self.dueSecondOfDay))
    }
}

/// One monthly export: the month it covers through its last day (`2026-01`, the key of its schedule row),
/// the fiscal year it is the year-to-date of, the as-of instant (the start of the next month) and when it
/// falls due.
public struct ScheduledExport: Sendable, Equatable {
    public var month: String
    /// Buddhist Era.
    public var fiscalYear: Int
    public var asOf: Date
    public var dueAt: Date
}
