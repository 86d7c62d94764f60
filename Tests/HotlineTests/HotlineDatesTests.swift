import Foundation
import Testing
@testable import Hotline

@Suite("Hotline dates")
struct HotlineDatesTests {
    @Test(arguments: [
        ("15/01/2569 10:30", bangkok(2026, 1, 15, 10, 30)),
        ("15/01/2026 10:30", bangkok(2026, 1, 15, 10, 30)),
        ("5/1/2569 9:05:07", bangkok(2026, 1, 5, 9, 5, 7)),
        ("15-01-2569 10:30", bangkok(2026, 1, 15, 10, 30)),
        ("29/02/2567 23:59:59", bangkok(2024, 2, 29, 23, 59, 59)),
        ("  31/12/2568 00:00  ", bangkok(2025, 12, 31, 0, 0)),
    ])
    func readsDayMonthYearInBuddhistAndCommonEra(text: String, expected: Date) {
        #expect(HotlineDates.date(from: text) == .success(expected))
    }

    @Test(arguments: [
        ("2026-01-15T10:30:00", bangkok(2026, 1, 15, 10, 30)),
        ("2026-01-15 10:30", bangkok(2026, 1, 15, 10, 30)),
        ("2026-01-15T03:30:00Z", bangkok(2026, 1, 15, 10, 30)),
        ("2026-01-15T10:30:00+07:00", bangkok(2026, 1, 15, 10, 30)),
        ("2026-01-15T04:30:00+0100", bangkok(2026, 1, 15, 10, 30)),
        ("2026-01-14T22:30:00-05", bangkok(2026, 1, 15, 10, 30)),
        ("2026-01-15 10:30:00 +07:00", bangkok(2026, 1, 15, 10, 30)),
        ("2569-01-15T10:30:00+07:00", bangkok(2026, 1, 15, 10, 30)),
    ])
    func readsISO8601WithAndWithoutOffset(text: String, expected: Date) {
        #expect(HotlineDates.date(from: text) == .success(expected))
    }

    @Test
    func keepsFractionsOfASecond() throws {
        let date = try HotlineDates.date(from: "2026-01-15T10:30:00.250+07:00").get()
        #expect(abs(date.timeIntervalSince(bangkok(2026, 1, 15, 10, 30)) - 0.25) < 1e-6)
    }

    @Test(arguments: [
        ("31/02/2569 10:00", HotlineDateError.impossibleDate("February 2026 has 28 days")),
        ("29/02/2569 10:00", .impossibleDate("February 2026 has 28 days")),
        ("31/04/2026 10:00", .impossibleDate("April 2026 has 30 days")),
        ("00/01/2026 10:00", .impossibleDate("there is no day 0")),
        ("15/13/2569 10:00", .impossibleDate("there is no month 13")),
        ("15/01/2569 24:00", .impossibleTime("there is no hour 24")),
        ("15/01/2569 10:60", .impossibleTime("there is no minute 60")),
        ("15/01/2569", .missingTime),
        ("2026-01-15", .missingTime),
        ("15/01/69 10:00", .unrecognised),
        ("yesterday", .unrecognised),
        ("", .unrecognised),
        ("15/01/2569 10:00 ICT", .unrecognised),
        ("2026-01-15T10:00+25:00", .impossibleOffset),
        ("15/01/1500 10:00", .implausibleYear(1500)),
    ])
    func rejectsWhatCannotBeADate(text: String, expected: HotlineDateError) {
        #expect(HotlineDates.date(from: text) == .failure(expected))
    }

    @Test
    func reasonReadsAsASentence() {
        let error = HotlineDateError.impossibleDate("February 2026 has 28 days")
        #expect("started_at \"31/02/2569 10:00\" \(error)"
            == "started_at \"31/02/2569 10:00\" is not a valid date (February 2026 has 28 days)")
    }

    @Test
    func timeOnlyEndIsOnTheDayTheCallStarted() {
        let start = bangkok(2026, 1, 15, 10, 30)
        #expect(HotlineDates.date(from: "10:42:10", sameDayAs: start) == .success(bangkok(2026, 1, 15, 10, 42, 10)))
        #expect(HotlineDates.date(from: "15/01/2569 10:45", sameDayAs: start) == .success(bangkok(2026, 1, 15, 10, 45)))
    }

    @Test
    func timeOnlyEndBeforeTheStartIsAfterMidnight() {
        let start = bangkok(2026, 1, 15, 23, 58)
        #expect(HotlineDates.date(from: "00:03", sameDayAs: start) == .success(bangkok(2026, 1, 16, 0, 3)))
    }

    @Test
    func bangkokDayBoundaryIsNotTheUTCDayBoundary() {
        // 02:00 in Bangkok is still the previous day in UTC.
        let start = bangkok(2026, 1, 15, 2, 0)
        #expect(HotlineDates.date(from: "02:10", sameDayAs: start) == .success(bangkok(2026, 1, 15, 2, 10)))
    }
}
