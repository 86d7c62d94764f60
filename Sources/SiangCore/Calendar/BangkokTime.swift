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
        beYear(ofCE: calendar.component(.year, from: date))
    }
}
