import Foundation

/// When the agency works: opening hours for each weekday and the public holidays, in one time zone.
/// Every SLA figure is measured in the business time this calendar counts.
///
/// Use it to ask whether the office is open, to add business minutes to an instant (a due time) and to
/// measure the business minutes between two instants (time used). The rules at the edges, which the
/// SLA contract relies on (DESIGN.md section 4):
/// - a day's working window is half-open: open from the opening time up to, not including, the closing
///   time, so a clock started at or after closing starts at the next opening;
/// - ``adding(businessMinutes:to:)`` returns the *earliest* instant at which the minutes have been used,
///   so a due time that falls exactly on closing is that closing time, not the next opening;
/// - holidays and days without hours count nothing.
///
/// Windows are measured on the wall clock of ``timeZone``; Asia/Bangkok has no daylight saving, so a
/// working day is always exactly its listed minutes. The arithmetic steps a day at a time (never a
/// minute at a time), so it is cheap enough to run for every case on every queue page.
public struct BusinessCalendar: Sendable {
    public let timeZone: TimeZone
    public let workingHours: [Weekday: WorkingDay]
    /// Holidays by date, in date order.
    public let holidays: [Holiday]

    /// Opening and closing, in seconds after local midnight, indexed Monday = 0.
    private let windows: [(open: Double, close: Double)?]
    /// Holidays by local day number (days since 1970-01-01).
    private let holidaysByDay: [Int: Holiday]
    /// False when no weekday has hours: then nothing is ever due and no time is ever used.
    private let hasWorkingTime: Bool

    public init(timeZone: TimeZone, workingHours: [Weekday: WorkingDay], holidays: [Holiday]) {
        self.timeZone = timeZone
        self.workingHours = workingHours
        self.holidays = holidays.sorted { ($0.year, $0.month, $0.day) < ($1.year, $1.month, $1.day) }
        windows = Weekday.allCases.map { weekday in
            workingHours[weekday].map { (open: Double($0.opensAt * 60), close: Double($0.closesAt * 60)) }
        }
        var byDay: [Int: Holiday] = [:]
        // The first listed name wins when two holidays share a date.
        for holiday in holidays where byDay[holiday.dayNumber] == nil { byDay[holiday.dayNumber] = holiday }
        holidaysByDay = byDay
        hasWorkingTime = !workingHours.isEmpty
    }

    /// Builds the calendar from configuration. `settings.holidays`, when given, replaces
    /// `shippedHolidays` entirely (an agency lists every holiday it observes).
    public init(settings: CalendarSettings, shippedHolidays: [HolidaySetting]) throws(ConfigurationError) {
        guard let zone = TimeZone(identifier: settings.timeZone) else {
            throw .invalid(key: "calendar.timeZone", reason: "unknown time zone \"\(settings.timeZone)\"")
        }
        var hours: [Weekday: WorkingDay] = [:]
        for (key, text) in settings.workingHours {
            guard let weekday = Weekday(rawValue: key.lowercased()) else {
                throw .invalid(key: "calendar.workingHours.\(key)",
                               reason: "unknown weekday; use mon, tue, wed, thu, fri, sat or sun")
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if WorkingDay.closedWords.contains(trimmed.lowercased()) { continue }
            guard let day = WorkingDay(parsing: trimmed) else {
                throw .invalid(key: "calendar.workingHours.\(key)",
                               reason: "\"\(text)\" must be \"HH:mm-HH:mm\" with opening before closing, for example \"08:30-16:30\" (or \"closed\")")
            }
            hours[weekday] = day
        }
        guard !hours.isEmpty else {
            throw .invalid(key: "calendar.workingHours", reason: "at least one weekday must have working hours")
        }
        let (source, keyPrefix) = settings.holidays.map { ($0, "calendar.holidays") } ?? (shippedHolidays, "shipped holidays")
        var list: [Holiday] = []
        for (index, setting) in source.enumerated() {
            guard let holiday = Holiday(isoDate: setting.date, name: LocalizedLabel(th: setting.th, en: setting.en)) else {
                throw .invalid(key: "\(keyPrefix)[\(index)].date",
                               reason: "\"\(setting.date)\" is not a calendar date written yyyy-MM-dd")
            }
            list.append(holiday)
        }
        self.init(timeZone: zone, workingHours: hours, holidays: list)
    }

    // MARK: Questions about one instant

    /// Whether business time runs at `date`: a working weekday, not a holiday, and opening <= time < closing.
    public func isOpen(at date: Date) -> Bool {
        let local = localTime(of: date)
        guard let window = window(onDay: local.day) else { return false }
        return local.second >= window.open && local.second < window.close
    }

    /// `date` itself when the office is open then; otherwise the next opening time. This is where a
    /// clock started at `date` begins to count. `Date.distantFuture` when no weekday has hours.
    public func nextOpening(atOrAfter date: Date) -> Date {
        guard hasWorkingTime else { return .distantFuture }
        let local = localTime(of: date)
        var day = local.day
        var second = local.second
        // Every run of closed days is shorter than a week plus the holidays.
        for _ in 0...(holidaysByDay.count + 7) {
            if let window = window(onDay: day), second < window.close {
                return second < window.open ? instant(day: day, second: window.open) : date
            }
            day += 1
            second = 0
        }
        return .distantFuture
    }

    /// The holiday on the local date of `date`, if any.
    public func holiday(on date: Date) -> Holiday? {
        holidaysByDay[localTime(of: date).day]
    }

    /// Whether the local date of `date` is a working weekday that is not a holiday.
    public func isBusinessDay(_ date: Date) -> Bool {
        window(onDay: localTime(of: date).day) != nil
    }

    /// The opening and closing instants of the local date of `date`; nil on a weekend or holiday.
    public func workingInterval(on date: Date) -> DateInterval? {
        let day = localTime(of: date).day
        guard let window = window(onDay: day) else { return nil }
        return DateInterval(start: instant(day: day, second: window.open), end: instant(day: day, second: window.close))
    }

    /// The length of a usual working day in minutes (the most common length among the weekdays with
    /// hours; 480 for Monday-Friday 08:30-16:30). "N business days" of SLA allowance are N times this.
    public var minutesPerBusinessDay: Int {
        var counts: [Int: Int] = [:]
        for day in workingHours.values { counts[day.minutes, default: 0] += 1 }
        return counts.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? 0
    }

    // MARK: Arithmetic

    /// The earliest instant at which `businessMinutes` of business time have passed since `date`.
    /// A start outside hours counts from the next opening; a result that lands exactly on a closing time
    /// stays there. Zero (or a negative number) gives `date` back unchanged.
    public func adding(businessMinutes: Int, to date: Date) -> Date {
        adding(businessSeconds: TimeInterval(businessMinutes) * 60, to: date)
    }

    /// ``adding(businessMinutes:to:)`` in seconds, for clocks that carry partial minutes.
    public func adding(businessSeconds: TimeInterval, to date: Date) -> Date {
        guard businessSeconds > 0 else { return date }
        guard hasWorkingTime else { return .distantFuture }
        let local = localTime(of: date)
        var day = local.day
        var second = local.second
        var remaining = businessSeconds
        var firstDay = true
        while true {
            if let window = window(onDay: day) {
                let start = max(second, window.open)
                if start < window.close {
                    let available = window.close - start
                    if remaining <= available {
                        // Plain instant arithmetic when `date` itself was inside the window.
                        return firstDay && start == second
                            ? date.addingTimeInterval(remaining) : instant(day: day, second: start + remaining)
                    }
                    remaining -= available
                }
            }
            day += 1
            second = 0
            firstDay = false
        }
    }

    /// Whole business minutes between two instants (partial minutes are dropped). Negative when `end`
    /// is before `start`.
    public func businessMinutes(from start: Date, to end: Date) -> Int {
        let seconds = businessSeconds(from: start, to: end)
        let minutes = (abs(seconds) / 60).rounded(.down)
        return Int(seconds < 0 ? -minutes : minutes)
    }

    /// Business time between two instants in seconds; negative when `end` is before `start`.
    public func businessSeconds(from start: Date, to end: Date) -> TimeInterval {
        if end < start { return -businessSeconds(from: end, to: start) }
        guard end > start, hasWorkingTime else { return 0 }
        let a = localTime(of: start)
        let b = localTime(of: end)
        if a.day == b.day { return overlap(day: a.day, from: a.second, to: b.second) }
        var total = overlap(day: a.day, from: a.second, to: .infinity)
        var day = a.day + 1
        while day < b.day {
            if let window = window(onDay: day) { total += window.close - window.open }
            day += 1
        }
        return total + overlap(day: b.day, from: 0, to: b.second)
    }

    // MARK: Local days

    /// Business seconds of `day` inside [from, to), both in seconds after local midnight.
    private func overlap(day: Int, from: Double, to: Double) -> Double {
        guard let window = window(onDay: day) else { return 0 }
        return max(0, min(to, window.close) - max(from, window.open))
    }

    private func window(onDay day: Int) -> (open: Double, close: Double)? {
        guard holidaysByDay[day] == nil else { return nil }
        return windows[Weekday.index(ofDayNumber: day)]
    }

    /// The local date (as a day number) and the seconds after its midnight.
    private func localTime(of date: Date) -> (day: Int, second: Double) {
        let utc = date.timeIntervalSince1970
        let local = utc + Double(timeZone.secondsFromGMT(for: date))
        let day = Int((local / 86_400).rounded(.down))
        return (day, local - Double(day) * 86_400)
    }

    /// The instant of a local wall-clock time.
    private func instant(day: Int, second: Double) -> Date {
        let local = Double(day) * 86_400 + second
        // The offset at the guess, then at the answer: exact for fixed offsets, right after a
        // daylight-saving change too.
        var utc = local - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        utc = local - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: utc)))
        return Date(timeIntervalSince1970: utc)
    }
}

/// A day of the week, named as in configuration (`mon` ... `sun`).
public enum Weekday: String, CaseIterable, Codable, Sendable {
    case mon, tue, wed, thu, fri, sat, sun

    /// Monday = 0 for a local day number (days since 1970-01-01, which was a Thursday).
    static func index(ofDayNumber day: Int) -> Int {
        ((day + 3) % 7 + 7) % 7
    }
}

/// One weekday's working window: open from ``opensAt`` up to (not including) ``closesAt``.
public struct WorkingDay: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes after local midnight.
    public let opensAt: Int
    /// Minutes after local midnight; at most 24:00.
    public let closesAt: Int

    /// - Precondition: 0 <= opensAt < closesAt <= 1440.
    public init(opensAt: Int, closesAt: Int) {
        precondition(opensAt >= 0 && opensAt < closesAt && closesAt <= 1_440, "a working day opens before it closes, within the day")
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// Parses "HH:mm-HH:mm" (24-hour clock; "24:00" allowed as a closing time). Nil when malformed or
    /// when the opening is not before the closing.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let open = Self.minutes(of: parts[0].trimmingCharacters(in: .whitespaces)),
              let close = Self.minutes(of: parts[1].trimmingCharacters(in: .whitespaces)),
              open < close, open < 1_440
        else { return nil }
        self.init(opensAt: open, closesAt: close)
    }

    /// Thai government office hours, 08:30-16:30.
    public static let governmentHours = WorkingDay(opensAt: 8 * 60 + 30, closesAt: 16 * 60 + 30)

    /// Monday to Friday at ``governmentHours``.
    public static let governmentWeek: [Weekday: WorkingDay] =
        [.mon: governmentHours, .tue: governmentHours, .wed: governmentHours, .thu: governmentHours, .fri: governmentHours]

    /// Values that mark a weekday closed in configuration (an override file cannot delete a key).
    static let closedWords: Set<String> = ["", "closed", "-", "none", "off"]

    public var minutes: Int { closesAt - opensAt }

    public var description: String { "\(Self.clock(opensAt))-\(Self.clock(closesAt))" }

    private static func minutes(of text: String) -> Int? {
        let hm = text.split(separator: ":", omittingEmptySubsequences: false)
        guard hm.count == 2, hm[0].count == 2, hm[1].count == 2,
              hm[0].allSatisfy(\.isASCII), hm[1].allSatisfy(\.isASCII),
              let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0...59).contains(m),
              h < 24 || m == 0
        else { return nil }
        return h * 60 + m
    }

    private static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// A public holiday: a local calendar date (Common Era) with its Thai and English names.
public struct Holiday: Sendable, Hashable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public let name: LocalizedLabel

    /// - Precondition: the date exists in the Gregorian calendar.
    public init(year: Int, month: Int, day: Int, name: LocalizedLabel) {
        precondition(Self.isValid(year: year, month: month, day: day), "\(year)-\(month)-\(day) is not a date")
        self.year = year
        self.month = month
        self.day = day
        self.name = name
    }

    /// Parses `yyyy-MM-dd`; nil when malformed or not a real date (2026-02-30).
    public init?(isoDate: String, name: LocalizedLabel) {
        let parts = isoDate.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              Self.isValid(year: y, month: m, day: d)
        else { return nil }
        self.init(year: y, month: m, day: d, name: name)
    }

    /// `yyyy-MM-dd`.
    public var isoDate: String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public var description: String { "\(isoDate) \(name.en)" }

    /// Days since 1970-01-01 (the proleptic Gregorian civil-day count).
    var dayNumber: Int { Self.dayNumber(year: year, month: month, day: day) }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// Howard Hinnant's days-from-civil.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
