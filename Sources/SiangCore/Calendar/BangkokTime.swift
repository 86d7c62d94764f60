import Foundation

/// Asia/Bangkok (UTC+7, no daylight saving) and the Buddhist Era, the frame for every date shown to
/// people and every fiscal period.
public enum BangkokTime {
    public static let timeZone = TimeZone(identifier: "Asia/Bangkok")!
    /// Buddhist Era year = Common Era year + 543.
    public static let buddhistEraOffset = 543

    /// A Gregorian calendar pinned to Bangkok, for splitting instants into local parts.
    public static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }()

    public static func beYear(ofCE year: Int) -> Int { year + buddhistEraOffset }
    public static func ceYear(ofBE year: Int) -> Int { year - buddhistEraOffset }

    /// The Buddhist Era calendar year of an instant in Bangkok.
    public static func beYear(of date: Date) -> Int {
        beYear(ofCE: wallClock(date).year)
    }

    /// Bangkok has kept UTC+7 without daylight saving since 1 April 1920, so local time is plain
    /// arithmetic (instants before 1920 are not case data).
    public static let offsetSeconds = 7 * 3600

    /// The Bangkok wall-clock parts of an instant (Gregorian), computed without ICU: this runs for
    /// every date in every API answer.
    public struct WallClock: Equatable, Sendable {
        public var year, month, day, hour, minute, second: Int
        public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }
    }

    public static func wallClock(_ date: Date) -> WallClock {
        civil(Int((date.timeIntervalSince1970).rounded(.down)) + offsetSeconds)
    }

    /// The Gregorian parts of a count of seconds since 1970-01-01 00:00 (in whatever zone it counts).
    static func civil(_ t: Int) -> WallClock {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secondOfDay = t - days * 86_400
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return WallClock(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date, the inverse of ``civil(_:)`` (Howard
    /// Hinnant's days_from_civil).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// ISO 8601 in Bangkok time with its offset, to the second: `2026-11-21T15:22:40+07:00`.
    public static func iso8601(_ date: Date) -> String {
        format(wallClock(date), zone: "+07:00")
    }

    /// ISO 8601 in UTC to the second, `2026-11-21T08:22:40Z`: what `JSONEncoder`'s `.iso8601` date
    /// strategy writes, for code that writes the same JSON by hand.
    public static func iso8601UTC(_ date: Date) -> String {
        format(civil(Int((date.timeIntervalSince1970).rounded(.down))), zone: "Z")
    }

    private static func format(_ w: WallClock, zone: StaticString) -> String {
        var out = [UInt8]()
        out.reserveCapacity(25)
        func two(_ n: Int) { out.append(UInt8(48 + n / 10)); out.append(UInt8(48 + n % 10)) }
        let y = w.year
        out.append(UInt8(48 + y / 1000 % 10)); out.append(UInt8(48 + y / 100 % 10)); two(y % 100)
        out.append(45); two(w.month); out.append(45); two(w.day)
        out.append(84); two(w.hour); out.append(58); two(w.minute); out.append(58); two(w.second)
        zone.withUTF8Buffer { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }
}
