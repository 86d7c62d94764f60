import Foundation
import SiangCore

/// Business seconds between two instants in constant time, for the report's hot loops: the calendar's
/// working windows are laid out once per report run as a running total per local day, so measuring a
/// clock is two look-ups instead of a walk over the days between.
///
/// It answers exactly what ``BusinessCalendar/businessSeconds(from:to:)`` answers (same half-open
/// windows, same holidays); instants outside the laid-out days, and calendars whose zone changes its
/// offset, are handed to the calendar itself.
struct BusinessTimeIndex {
    let calendar: BusinessCalendar
    /// The zone's offset from UTC when it is fixed over the laid-out days; nil sends everything to the calendar.
    private let offset: Double?
    private let firstDay: Int
    /// Business seconds counted before local day `firstDay + i`; one more element than `windows`.
    private let before: [Double]
    /// Opening and closing of each laid-out day, in seconds after local midnight; (0, 0) when closed.
    private let windows: [(open: Double, close: Double)]

    init(calendar: BusinessCalendar, from: Date, to: Date) {
        self.calendar = calendar
        let zone = calendar.timeZone
        let start = min(from, to), end = max(from, to)
        let fixed = zone.secondsFromGMT(for: start) == zone.secondsFromGMT(for: end)
            && (zone.nextDaylightSavingTimeTransition(after: start).map { $0 > end } ?? true)
        guard fixed, end.timeIntervalSince(start) < 40 * 366 * 86_400 else {
            offset = nil
            firstDay = 0
            before = [0]
            windows = []
            return
        }
        let off = Double(zone.secondsFromGMT(for: start))
        offset = off
        let first = Int(((start.timeIntervalSince1970 + off) / 86_400).rounded(.down)) - 1
        let last = Int(((end.timeIntervalSince1970 + off) / 86_400).rounded(.down)) + 1
        firstDay = first
        var totals: [Double] = [0]
        var days: [(open: Double, close: Double)] = []
        totals.reserveCapacity(last - first + 2)
        days.reserveCapacity(last - first + 1)
        for day in first...last {
            let midnight = Double(day) * 86_400 - off
            // Noon is inside the local day whatever the day's hours.
            if let interval = calendar.workingInterval(on: Date(timeIntervalSince1970: midnight + 43_200)) {
                let open = interval.start.timeIntervalSince1970 - midnight
                let close = interval.end.timeIntervalSince1970 - midnight
                days.append((open, close))
                totals.append(totals[totals.count - 1] + (close - open))
            } else {
                days.append((0, 0))
                totals.append(totals[totals.count - 1])
            }
        }
        before = totals
        windows = days
    }

    /// Business seconds from `start` to `end`; negative when `end` is earlier.
    func seconds(from start: Date, to end: Date) -> Double {
        guard offset != nil, let a = counted(start), let b = counted(end) else {
            return calendar.businessSeconds(from: start, to: end)
        }
        return b - a
    }

    /// Business seconds from the first laid-out day's midnight to `t`; nil outside the laid-out days.
    private func counted(_ t: Date) -> Double? {
        let local = t.timeIntervalSince1970 + offset!
        let day = Int((local / 86_400).rounded(.down))
        let i = day - firstDay
        guard i >= 0, i < windows.count else { return nil }
        let second = local - Double(day) * 86_400
        let w = windows[i]
        return before[i] + max(0, min(second, w.close) - w.open)
    }

    /// Whether business time is being counted right up to `t` (it lies inside a working window or on
    /// its closing instant), so a clock running at `t` reached its total at `t` and not before.
    func countsJustBefore(_ t: Date) -> Bool {
        guard offset != nil else {
            return calendar.businessSeconds(from: t.addingTimeInterval(-1), to: t) > 0
        }
        let local = t.timeIntervalSince1970 + offset!
        let day = Int((local / 86_400).rounded(.down))
        let i = day - firstDay
        guard i >= 0, i < windows.count else { return calendar.businessSeconds(from: t.addingTimeInterval(-1), to: t) > 0 }
        let second = local - Double(day) * 86_400
        return second > windows[i].open && second <= windows[i].close
    }
}
