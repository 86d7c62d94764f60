import Foundation
import SiangCore

/// The dates the store may write: years 1 to 9999, the range ISO 8601 and the store's own
/// reader agree on. A date outside it was once written as `".00/-12-15T…"` (year −2000) and stopped
/// the SLA ticker for every case on reading it back, so it is refused before anything is stored.
enum StoredDate {
    /// 0001-01-01T00:00:00Z.
    static let earliest = Date(timeIntervalSince1970: -62_135_596_800)
    /// 9999-12-31T23:59:59 in Bangkok (16:59:59Z): every page and answer shows times in Bangkok,
    /// and a later instant would be written there as a five-digit year.
    static let latest = Date(timeIntervalSince1970: 253_402_275_599)

    static func isStorable(_ date: Date) -> Bool { date >= earliest && date < latest.addingTimeInterval(1) }

    /// Throws unless every date of `events` (their times and the dates inside their changes) is storable.
    static func check(_ events: [CaseEvent]) throws(StoreError) {
        for e in events {
            try check(e.at, "\(e.change.type) event time")
            if case .escalated(let x) = e.change, let due = x.dueAt { try check(due, "escalation due time") }
        }
    }

    static func check(_ date: Date, _ what: String) throws(StoreError) {
        guard isStorable(date) else { throw .unstorableDate("\(what) is outside the years 1 to 9999") }
    }

    /// The encoder's date strategy: what `.iso8601` writes (UTC, to the second), refusing a date
    /// outside the storable years instead of writing text no reader takes back.
    static let encoding: JSONEncoder.DateEncodingStrategy = .custom { date, encoder in
        guard isStorable(date) else {
            throw EncodingError.invalidValue(date, .init(codingPath: encoder.codingPath, debugDescription: "a date outside the years 1 to 9999"))
        }
        var c = encoder.singleValueContainer()
        try c.encode(BangkokTime.iso8601UTC(date))
    }

    /// The decoder's date strategy: reads what ``encoding`` writes in the proleptic Gregorian calendar
    /// the writer uses. Foundation's ISO 8601 reader switches to the Julian calendar before 1582 and
    /// read `0001-01-01T00:00:00Z` two days early; anything else it is still given.
    static let decoding: JSONDecoder.DateDecodingStrategy = .custom { decoder in
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        if let date = parse(text) { return date }
        if let date = ISO8601DateFormatter().date(from: text), isStorable(date) { return date }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Expected date string to be ISO8601-formatted."))
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)` in the proleptic Gregorian calendar; nil for anything else.
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var n = 0
            for i in at..<(at + count) {
                guard (48...57).contains(b[i]) else { return nil }
                n = n * 10 + Int(b[i] - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58,
              let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2), let h = digits(11, 2), let mi = digits(14, 2),
              let s = digits(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60, y >= 1 else { return nil }
        var i = 19
        var fraction = 0.0
        if b[i] == 46 {
            var scale = 0.1
            i += 1
            let start = i
            while i < b.count, (48...57).contains(b[i]) { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        var offset = 0
        if i == b.count - 1, b[i] == 90 {
            offset = 0
        } else if i == b.count - 6, b[i] == 43 || b[i] == 45, b[i + 3] == 58, let oh = digits(i + 1, 2), let om = digits(i + 4, 2) {
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
        } else {
            return nil
        }
        // Days from 1970-01-01 to the civil date (H. Hinnant's days_from_civil).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + h * 3600 + mi * 60 + s - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
