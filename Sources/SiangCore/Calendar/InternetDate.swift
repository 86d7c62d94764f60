import Foundation

/// The dates of mail and HTTP headers (RFC 5322 `Date:`, RFC 9110 `Retry-After`), written and read by
/// plain arithmetic. Foundation's `DateFormatter` goes through ICU and traps the whole process when ICU
/// cannot open what it needs, which happened while the server had no file descriptors left and the
/// outbox was composing an acknowledgement (issue 11, finding 2).
public enum InternetDate {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Wed, 02 Dec 2026 17:34:56 +0700`: the instant in Bangkok time, as a mail `Date:` header.
    public static func mail(_ date: Date) -> String {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + BangkokTime.offsetSeconds
        let w = BangkokTime.civil(local)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        // 1970-01-01 was a Thursday.
        let weekday = weekdays[((days % 7) + 11) % 7]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(w.day)) \(months[w.month - 1]) \(w.year) \(two(w.hour)):\(two(w.minute)):\(two(w.second)) +0700"
    }

    /// Reads an HTTP date in its preferred form, `Sun, 06 Nov 1994 08:49:37 GMT`; nil for anything else.
    public static func parseHTTP(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
              let day = Int(parts[1]), (1...31).contains(day),
              let monthIndex = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), (1970...9999).contains(year) else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard clock.count == 3, let h = clock[0], let m = clock[1], let s = clock[2],
              (0...23).contains(h), (0...59).contains(m), (0...60).contains(s) else { return nil }
        let days = BangkokTime.daysSinceEpoch(year: year, month: monthIndex + 1, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + h * 3_600 + m * 60 + s))
    }
}
