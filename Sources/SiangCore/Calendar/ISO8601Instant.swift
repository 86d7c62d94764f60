import Foundation

/// Strict ISO 8601 instants with an offset (`2023-11-02T09:15:00+07:00`, `…Z`, fractional seconds
/// allowed), read by hand for data files of hundreds of thousands of lines.
///
/// The offset is required: a time without one is ambiguous, and a history import that guessed the
/// zone would move every SLA clock by hours.
public enum ISO8601Instant {
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes v: UnsafeBufferPointer<UInt8>) -> Date? {
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= v.count else { return nil }
            var n = 0
            for k in from..<(from + length) {
                let d = v[k] &- 0x30
                guard d < 10 else { return nil }
                n = n * 10 + Int(d)
            }
            return n
        }
        func byte(_ i: Int, is b: UInt8) -> Bool { i < v.count && v[i] == b }
        guard let year = number(0, 4), byte(4, is: 0x2D), let month = number(5, 2), byte(7, is: 0x2D), let day = number(8, 2),
              byte(10, is: 0x54) || byte(10, is: 0x74), let hour = number(11, 2), byte(13, is: 0x3A), let minute = number(14, 2)
        else { return nil }
        var i = 16
        var second = 0
        var fraction = 0.0
        if byte(i, is: 0x3A) {
            guard let s = number(i + 1, 2) else { return nil }
            second = s
            i += 3
            if byte(i, is: 0x2E) {
                i += 1
                var scale = 0.1
                let start = i
                while i < v.count, v[i] &- 0x30 < 10 {
                    fraction += Double(v[i] - 0x30) * scale
                    scale /= 10
                    i += 1
                }
                guard i > start else { return nil }
            }
        }
        var offset = 0
        if byte(i, is: 0x5A) || byte(i, is: 0x7A) {
            i += 1
        } else if byte(i, is: 0x2B) || byte(i, is: 0x2D) {
            let sign = v[i] == 0x2D ? -1 : 1
            guard let h = number(i + 1, 2) else { return nil }
            var m = 0
            if byte(i + 3, is: 0x3A) {
                guard let mm = number(i + 4, 2) else { return nil }
                m = mm
                i += 6
            } else if let mm = number(i + 3, 2) {
                m = mm
                i += 5
            } else {
                return nil
            }
            guard h <= 14, m < 60 else { return nil }
            offset = sign * (h * 3600 + m * 60)
        } else {
            return nil
        }
        guard i == v.count, (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month, year), hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = CivilDate.daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }
}
