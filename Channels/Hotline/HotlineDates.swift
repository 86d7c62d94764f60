import Foundation
import SiangCore

/// Why a hotline date did not read; `description` completes a sentence that starts with the field
/// and its value, e.g. `started_at "31/02/2569 10:00" is not a valid date (February 2026 has 28 days)`.
public enum HotlineDateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither `dd/MM/yyyy HH:mm[:ss]` nor ISO 8601.
    case unrecognised
    /// A date without a time of day.
    case missingTime
    /// The day does not exist in that month (or the month does not exist).
    case impossibleDate(String)
    /// Hour, minute or second out of range.
    case impossibleTime(String)
    /// A year that is neither a plausible Common Era year nor a Buddhist Era one (after 2400).
    case implausibleYear(Int)
    /// An offset such as `+25:00`.
    case impossibleOffset

    public var description: String {
        switch self {
        case .unrecognised:
            "is not a date and time in the form dd/MM/yyyy HH:mm[:ss] or ISO 8601"
        case .missingTime:
            "has a date but no time of day (expected dd/MM/yyyy HH:mm[:ss])"
        case .impossibleDate(let detail):
            "is not a valid date (\(detail))"
        case .impossibleTime(let detail):
            "is not a valid time (\(detail))"
        case .implausibleYear(let year):
            "has the year \(year), which is neither a Buddhist Era year (after 2400) nor a Common Era year from 1900"
        case .impossibleOffset:
            "has a time-zone offset that does not exist"
        }
    }
}

/// The date and time formats of hotline call logs.
///
/// - `dd/MM/yyyy HH:mm[:ss]` (day and month may have one digit, `-` may replace `/`), the year in the
///   Buddhist Era when it is after 2400 (2569 is 2026) and in the Common Era otherwise;
/// - ISO 8601 `yyyy-MM-ddTHH:mm[:ss[.fff]]`, a space allowed for the `T`;
///
/// either followed by an optional offset (`Z`, `+07:00`, `+0700`, `+07`). Without an offset the time
/// is Bangkok time (UTC+7; Thailand has no daylight saving).
public enum HotlineDates {
    /// Seconds east of UTC in Asia/Bangkok.
    public static let bangkokOffset = 7 * 3600

    /// Reads a date with a time of day.
    public static func date(from text: String) -> Result<Date, HotlineDateError> {
        var parser = Parser(text)
        return parser.dateTime()
    }

    /// Reads a value that may be just a time of day (`HH:mm[:ss]`), as call logs often give the end
    /// of a call: such a time is taken on the Bangkok day of `reference`, or the day after when that
    /// would fall before `reference` (a call that ran past midnight).
    public static func date(from text: String, sameDayAs reference: Date) -> Result<Date, HotlineDateError> {
        var timeOnly = Parser(text)
        if let (seconds, fraction) = timeOnly.timeOfDayOnly() {
            let local = reference.timeIntervalSince1970 + Double(bangkokOffset)
            let dayStart = (local / 86_400).rounded(.down) * 86_400 - Double(bangkokOffset)
            var result = dayStart + Double(seconds) + fraction
            if result < reference.timeIntervalSince1970 { result += 86_400 }
            return .success(Date(timeIntervalSince1970: result))
        }
        return date(from: text)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        BangkokTime.daysSinceEpoch(year: year, month: month, day: day)
    }
}

extension HotlineDates {
    /// A time of day as written, checked only for shape.
    fileprivate struct Clock {
        var hour: Int, minute: Int, second: Int, fraction: Double

        var problem: HotlineDateError? {
            if hour > 23 { return .impossibleTime("there is no hour \(hour)") }
            if minute > 59 { return .impossibleTime("there is no minute \(minute)") }
            if second > 59 { return .impossibleTime("there is no second \(second)") }
            return nil
        }

        var secondsIntoDay: Int { hour * 3600 + minute * 60 + second }
    }

    /// A cursor over the ASCII bytes of a date.
    fileprivate struct Parser {
        private let bytes: ArraySlice<UInt8>
        private var i: Int

        init(_ text: String) {
            let all = Array(text.utf8)
            var start = 0, end = all.count
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            while start < end, isBlank(all[start]) { start += 1 }
            while end > start, isBlank(all[end - 1]) { end -= 1 }
            bytes = all[start..<end]
            i = start
        }

        private var atEnd: Bool { i >= bytes.endIndex }
        private func peek() -> UInt8? { i < bytes.endIndex ? bytes[i] : nil }

        private mutating func eat(_ ascii: Unicode.Scalar) -> Bool {
            guard peek() == UInt8(ascii: ascii) else { return false }
            i += 1
            return true
        }

        /// Up to `max` digits; `nil` when there are fewer than `min`.
        private mutating func number(min: Int, max: Int) -> (value: Int, digits: Int)? {
            var value = 0, digits = 0
            while digits < max, let byte = peek(), byte >= 0x30, byte <= 0x39 {
                value = value * 10 + Int(byte - 0x30)
                digits += 1
                i += 1
            }
            return digits >= min ? (value, digits) : nil
        }

        private mutating func skipBlanks() -> Bool {
            let start = i
            while let byte = peek(), byte == 0x20 || byte == 0x09 { i += 1 }
            return i > start
        }

        mutating func dateTime() -> Result<Date, HotlineDateError> {
            guard let first = number(min: 1, max: 4) else { return .failure(.unrecognised) }
            var year: Int, month: Int, day: Int
            guard let separator = peek(), separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/"),
                  first.digits == 4 || first.digits <= 2
            else { return .failure(.unrecognised) }
            i += 1
            guard let middle = number(min: 1, max: 2), peek() == separator else { return .failure(.unrecognised) }
            i += 1
            if first.digits == 4 {
                // ISO 8601 (or yyyy/MM/dd).
                guard let d = number(min: 1, max: 2) else { return .failure(.unrecognised) }
                (year, month, day) = (first.value, middle.value, d.value)
            } else {
                guard let y = number(min: 4, max: 4) else { return .failure(.unrecognised) }
                (year, month, day) = (y.value, middle.value, first.value)
            }
            if atEnd { return .failure(.missingTime) }
            if !skipBlanks(), !eat("T"), !eat("t") { return .failure(.unrecognised) }
            if atEnd { return .failure(.missingTime) }

            guard let clock = timeOfDay() else { return .failure(.unrecognised) }
            var offset: Int? = HotlineDates.bangkokOffset
            _ = skipBlanks()
            if !atEnd {
                guard let parsed = zone(), atEnd else { return .failure(.unrecognised) }
                offset = parsed
            }

            if year > 2400 { year -= 543 }
            guard (1900...2400).contains(year) else { return .failure(.implausibleYear(year)) }
            guard (1...12).contains(month) else { return .failure(.impossibleDate("there is no month \(month)")) }
            let days = HotlineDates.daysIn(month: month, year: year)
            guard (1...days).contains(day) else {
                let name = HotlineDates.monthNames[month - 1]
                return .failure(.impossibleDate(day == 0 ? "there is no day 0" : "\(name) \(year) has \(days) days"))
            }
            if let problem = clock.problem { return .failure(problem) }
            guard let offset else { return .failure(.impossibleOffset) }
            let epochDays = HotlineDates.daysSinceEpoch(year: year, month: month, day: day)
            let interval = Double(epochDays * 86_400 + clock.secondsIntoDay - offset) + clock.fraction
            return .success(Date(timeIntervalSince1970: interval))
        }

        /// The whole text as a valid `HH:mm[:ss]`, or `nil`.
        mutating func timeOfDayOnly() -> (Int, Double)? {
            guard let clock = timeOfDay(), atEnd, clock.problem == nil else { return nil }
            return (clock.secondsIntoDay, clock.fraction)
        }

        /// `H:mm[:ss[.fff]]`.
        private mutating func timeOfDay() -> Clock? {
            guard let hour = number(min: 1, max: 2), eat(":"), let minute = number(min: 2, max: 2) else { return nil }
            var clock = Clock(hour: hour.value, minute: minute.value, second: 0, fraction: 0)
            if eat(":") {
                guard let second = number(min: 2, max: 2) else { return nil }
                clock.second = second.value
                if eat(".") || eat(",") {
                    var scale = 0.1, digits = 0
                    while let byte = peek(), byte >= 0x30, byte <= 0x39 {
                        clock.fraction += Double(byte - 0x30) * scale
                        scale /= 10
                        digits += 1
                        i += 1
                    }
                    if digits == 0 { return nil }
                }
            }
            return clock
        }

        /// `Z`, `±HH:mm`, `±HHmm` or `±HH` as seconds east of UTC; `.some(nil)` for an offset that
        /// cannot exist, `nil` for text that is not an offset.
        private mutating func zone() -> Int?? {
            if eat("Z") || eat("z") { return .some(0) }
            let sign: Int
            if eat("+") {
                sign = 1
            } else if eat("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = number(min: 2, max: 2) else { return nil }
            var minutes = 0
            if eat(":") {
                guard let m = number(min: 2, max: 2) else { return nil }
                minutes = m.value
            } else if let m = number(min: 2, max: 2) {
                minutes = m.value
            }
            guard hours.value <= 14, minutes <= 59 else { return .some(nil) }
            return .some(sign * (hours.value * 3600 + minutes * 60))
        }
    }
}
