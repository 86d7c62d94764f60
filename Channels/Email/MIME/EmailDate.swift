import Foundation
import SiangCore

/// Reads the `Date` header: RFC 5322 (`Thu, 21 Nov 2026 09:30:00 +0700`) and what mailers
/// actually send instead: no weekday, no seconds, two-digit years, obsolete zone names (`GMT`,
/// `EST`, and `ICT` for Indochina time), comments, `Nov 21 2026` order, `21-Nov-2026`, ISO 8601, and
/// Buddhist-era years (2569 read as 2026). A missing zone is read as UTC. Nil when the date cannot
/// be read; never a guess at a month or year that is not there.
enum EmailDate {
    static func parse(_ raw: ArraySlice<UInt8>) -> Date? {
        let value = withoutComments(raw)
        if let iso = parseISO(value[...]) { return iso }

        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0, sawTime = false
        var offset: Int?  // seconds east of UTC
        var pm: Bool?

        for token in tokens(value) {
            let first = token[token.startIndex]
            if first == 0x2B || first == Byte.hyphen, token.count > 1, token.dropFirst().allSatisfy({ $0 &- 0x30 < 10 || $0 == Byte.colon }) {
                offset = numericZone(token) ?? offset
            } else if token.contains(Byte.colon), first &- 0x30 < 10 {
                guard let time = parseTime(token) else { return nil }
                (hour, minute, second) = (time.hour, time.minute, time.second)
                if let zone = time.zone { offset = zone }
                sawTime = true
            } else if token.allSatisfy({ $0 &- 0x30 < 10 }) {
                guard token.count <= 4, let n = Int(String(decoding: token, as: UTF8.self)) else { return nil }
                if token.count >= 3 || day != nil {
                    if year == nil { year = token.count == 4 ? n : expandYear(n, digits: token.count) }
                } else {
                    day = n
                }
            } else {
                let word = token.lowercasedString().trimmingCharacters(in: CharacterSet(charactersIn: "."))
                if let m = monthNumber(word) {
                    month = m
                } else if let zone = namedZones[word] {
                    offset = zone
                } else if word == "am" || word == "pm" {
                    pm = word == "pm"
                }
                // Weekday names and other words are ignored.
            }
        }
        if let pm, sawTime, hour <= 12 {
            if pm, hour < 12 { hour += 12 }
            if !pm, hour == 12 { hour = 0 }
        }
        guard let day, let month, var year else { return nil }
        if year >= 2400 { year -= 543 }  // Buddhist era
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset ?? 0)
    }

    // MARK: - Pieces

    private static func withoutComments(_ raw: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var depth = 0
        for b in raw {
            if b == 0x28 { depth += 1; continue }
            if b == 0x29, depth > 0 { depth -= 1; out.append(Byte.space); continue }
            if depth == 0 { out.append(b) }
        }
        return out
    }

    /// Whitespace- and comma-separated tokens; "21-Nov-2026" style tokens are split at the hyphens.
    private static func tokens(_ value: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        for token in value[...].split(whereSeparator: { Byte.isWhitespace($0) || $0 == 0x2C }) {
            let hasLetter = token.contains { ($0 | 0x20) &- 0x61 < 26 }
            let first = token[token.startIndex]
            if hasLetter, first != 0x2B, first != Byte.hyphen, token.contains(Byte.hyphen), !token.contains(Byte.colon) {
                result.append(contentsOf: token.split(separator: Byte.hyphen))
            } else {
                result.append(token)
            }
        }
        return result
    }

    private static func parseTime(_ token: ArraySlice<UInt8>) -> (hour: Int, minute: Int, second: Int, zone: Int?)? {
        var fields: [Int] = []
        var current = 0, digits = 0
        var i = token.startIndex
        while i < token.endIndex {
            let b = token[i]
            if b &- 0x30 < 10 {
                current = current * 10 + Int(b - 0x30)
                digits += 1
                guard digits <= 2 else { return nil }
            } else if b == Byte.colon || b == 0x2E && fields.count == 2 {
                guard digits > 0 else { return nil }
                fields.append(current)
                current = 0; digits = 0
                if b == 0x2E { break }  // fractional seconds: the whole seconds were taken
            } else {
                break
            }
            i += 1
        }
        if digits > 0 { fields.append(current) }
        if fields.count == 3, i < token.endIndex, token[i] == 0x2E {
            i += 1
            while i < token.endIndex, token[i] &- 0x30 < 10 { i += 1 }
        }
        guard fields.count == 2 || fields.count == 3 else { return nil }
        let (h, m, s) = (fields[0], fields[1], fields.count == 3 ? fields[2] : 0)
        guard h < 24, m < 60, s <= 60 else { return nil }
        var zone: Int?
        if i < token.endIndex {
            let rest = token[i...]
            if rest.first == 0x2B || rest.first == Byte.hyphen {
                zone = numericZone(rest)
            } else {
                zone = namedZones[rest.lowercasedString()]
            }
        }
        return (h, m, min(s, 59), zone)
    }

    /// "+0700", "-0500", "+07:00", "+07".
    private static func numericZone(_ token: ArraySlice<UInt8>) -> Int? {
        let sign = token.first == Byte.hyphen ? -1 : 1
        let digits = token.dropFirst().filter { $0 != Byte.colon }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy({ $0 &- 0x30 < 10 }) else { return nil }
        let n = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let (h, m) = digits.count == 4 ? (n / 100, n % 100) : (n, 0)
        guard h <= 14, m < 60 else { return nil }
        return sign * (h * 3600 + m * 60)
    }

    private static func expandYear(_ n: Int, digits: Int) -> Int {
        switch digits {
        case 1, 2: n < 50 ? 2000 + n : 1900 + n
        case 3: 1900 + n
        default: n
        }
    }

    private static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        return monthNames.firstIndex { $0.hasPrefix(word) }.map { $0 + 1 }
    }

    private static let monthNames = ["january", "february", "march", "april", "may", "june", "july",
                                     "august", "september", "october", "november", "december"]

    private static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
        "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "ict": 7 * 3600, "bkk": 7 * 3600,
    ]

    /// ISO 8601 as some systems write it in mail: 2026-11-21T09:30:00+07:00 (or a space for T).
    private static func parseISO(_ value: ArraySlice<UInt8>) -> Date? {
        let v = value.trimmingWhitespace()
        guard v.count >= 10 else { return nil }
        let s = v.startIndex
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= v.endIndex else { return nil }
            var n = 0
            for k in from..<(from + length) {
                guard v[k] &- 0x30 < 10 else { return nil }
                n = n * 10 + Int(v[k] - 0x30)
            }
            return n
        }
        guard let year = number(s, 4), v[s + 4] == Byte.hyphen, let month = number(s + 5, 2),
              v[s + 7] == Byte.hyphen, let day = number(s + 8, 2) else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        var i = s + 10
        if i < v.endIndex, v[i] == 0x54 || v[i] == 0x74 || v[i] == Byte.space {
            guard let h = number(i + 1, 2), i + 3 < v.endIndex, v[i + 3] == Byte.colon, let m = number(i + 4, 2) else { return nil }
            hour = h; minute = m
            i += 6
            if i < v.endIndex, v[i] == Byte.colon, let sec = number(i + 1, 2) {
                second = min(sec, 59)
                i += 3
                if i < v.endIndex, v[i] == 0x2E {
                    i += 1
                    while i < v.endIndex, v[i] &- 0x30 < 10 { i += 1 }
                }
            }
            while i < v.endIndex, v[i] == Byte.space { i += 1 }
            if i < v.endIndex {
                if v[i] == 0x5A || v[i] == 0x7A {
                    offset = 0
                } else if let zone = numericZone(v[i...]) {
                    offset = zone
                } else if let zone = namedZones[v[i...].lowercasedString()] {
                    offset = zone
                } else {
                    return nil
                }
            }
            guard hour < 24, minute < 60 else { return nil }
        } else if i < v.endIndex {
            return nil
        }
        return make(year: year >= 2400 ? year - 543 : year, month: month, day: day, hour: hour, minute: minute,
                    second: second, offset: offset)
    }

    private static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) -> Date? {
        guard (1900...9999).contains(year), (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month, year) else { return nil }
        let days = CivilDate.daysFromCivil(year, month, day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
