import Foundation
import Testing
@testable import SiangCore

@Suite struct FiscalPeriodTests {
    /// An instant given in Bangkok wall-clock time.
    func bangkok(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0, _ s: Int = 0) -> Date {
        BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min, second: s))!
    }

    @Test func fiscalYearTurnsAtMidnightFirstOctoberBangkokTime() {
        #expect(FiscalYear(containing: bangkok(2025, 9, 30, 23, 59, 59)).beYear == 2568)
        #expect(FiscalYear(containing: bangkok(2025, 10, 1)).beYear == 2569)
        #expect(FiscalYear(containing: bangkok(2026, 9, 30, 23, 59, 59)).beYear == 2569)
        #expect(FiscalYear(containing: bangkok(2026, 10, 1)).beYear == 2570)
        // 17:00 UTC on 30 September is already 1 October in Bangkok.
        let utc = ISO8601DateFormatter().date(from: "2025-09-30T17:00:00Z")!
        #expect(FiscalYear(containing: utc).beYear == 2569)
        #expect(FiscalYear(containing: utc.addingTimeInterval(-1)).beYear == 2568)
    }

    @Test func fiscalYearBoundsAreOctoberToOctober() {
        let fy = FiscalYear(beYear: 2569)
        #expect(fy.start == bangkok(2025, 10, 1))
        #expect(fy.end == bangkok(2026, 10, 1))
    }

    @Test func fiscalMonthOneIsOctober() {
        let cases: [(Int, Int, Int, Int)] = [(2025, 10, 1, 1), (2025, 12, 2569, 3), (2026, 1, 2569, 4), (2026, 9, 2569, 12), (2026, 10, 2570, 1)]
        #expect(FiscalMonth(containing: bangkok(2025, 10, 15)).number == 1)
        for (y, m, _, number) in cases.dropFirst() {
            #expect(FiscalMonth(containing: bangkok(y, m, 15)).number == number, "\(y)-\(m)")
        }
        let december = FiscalMonth(containing: bangkok(2025, 12, 31, 23, 59))
        #expect(december.year.beYear == 2569 && december.quarter == 1 && december.calendarMonth == 12 && december.calendarYear == 2025)
        let january = FiscalMonth(containing: bangkok(2026, 1, 1))
        #expect(january.number == 4 && january.quarter == 2 && january.calendarYear == 2026)
        #expect(FiscalMonth(year: FiscalYear(beYear: 2569), number: 12).end == FiscalYear(beYear: 2569).end)
    }

    @Test func buddhistEraIsCommonEraPlus543() {
        #expect(BangkokTime.beYear(ofCE: 2026) == 2569)
        #expect(BangkokTime.ceYear(ofBE: 2569) == 2026)
        // New Year's Eve: 31 Dec 2025 17:00 UTC is 1 Jan 2026 in Bangkok, BE 2569.
        let utc = ISO8601DateFormatter().date(from: "2025-12-31T17:00:00Z")!
        #expect(BangkokTime.beYear(of: utc) == 2569)
        #expect(BangkokTime.beYear(of: utc.addingTimeInterval(-1)) == 2568)
    }

    @Test func thaiDatesShowTheBuddhistEraYear() {
        let d = bangkok(2026, 11, 21, 14, 5)
        #expect(ThaiDateFormatter.date(d, .th) == "21 พ.ย. 2569")
        #expect(ThaiDateFormatter.dateTime(d, .th) == "21 พ.ย. 2569 14:05 น.")
        #expect(ThaiDateFormatter.dateTime(d, .en) == "21 Nov 2026 14:05")
        #expect(ThaiDateFormatter.date(bangkok(2026, 1, 1), .th, longMonth: true) == "1 มกราคม 2569")
        #expect(ThaiDateFormatter.date(bangkok(2025, 12, 31, 23, 59), .th) == "31 ธ.ค. 2568")
        #expect(ThaiDateFormatter.month(FiscalMonth(year: FiscalYear(beYear: 2570), number: 2), .th) == "พฤศจิกายน 2569")
    }
}

@Suite struct BangkokWallClockTests {
    /// The hand-written conversion agrees with Foundation's calendar from 1922 (Bangkok moved from
    /// local mean time, +6:42:04, to UTC+7 in April 1920), before 1970 too, and at leap days and year ends.
    @Test func wallClockMatchesFoundationsCalendar() {
        var g = SystemRandomNumberGenerator()
        let samples = (0..<5_000).map { _ in Double.random(in: -1_500_000_000...4_000_000_000, using: &g).rounded(.down) }
            + [0, -1, 951_782_400, 951_868_799, 1_767_200_399, 1_767_200_400]
        for t in samples {
            let date = Date(timeIntervalSince1970: t)
            let c = BangkokTime.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let w = BangkokTime.wallClock(date)
            let expected = BangkokTime.WallClock(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!, second: c.second!)
            #expect(w == expected, "\(t)")
        }
    }

    @Test func iso8601IsBangkokTimeWithItsOffset() {
        // 1,795,000,000 s is 2026-11-18 11:06:40 UTC.
        #expect(BangkokTime.iso8601(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18T18:06:40+07:00")
        let f = ISO8601DateFormatter()
        var g = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let d = Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &g).rounded(.down))
            #expect(f.date(from: BangkokTime.iso8601(d)) == d)
        }
    }
}
