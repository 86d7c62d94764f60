import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore

/// Shared by the business-calendar and SLA-clock tests.
enum SLAFixtures {
    /// A Bangkok wall-clock instant.
    static func bkk(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
        BangkokTime.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    /// Monday-Friday 08:30-16:30 in Bangkok with the shipped holidays, as a default deployment has it.
    static func shippedCalendar() throws -> BusinessCalendar {
        try BusinessCalendar(settings: governmentSettings(), shippedHolidays: ShippedHolidays.load())
    }

    static func governmentSettings(holidays: [HolidaySetting]? = nil) -> CalendarSettings {
        CalendarSettings(timeZone: "Asia/Bangkok",
                         workingHours: ["mon": "08:30-16:30", "tue": "08:30-16:30", "wed": "08:30-16:30",
                                        "thu": "08:30-16:30", "fri": "08:30-16:30"],
                         holidays: holidays)
    }

    /// A deliberately naive model of the same rules, one minute at a time, to check the real
    /// arithmetic against. Weekday and date come from Foundation's calendar, once per day.
    struct MinuteReference {
        /// Epoch minute of the first minute covered.
        let firstMinute: Int
        /// Per local day from the day of `firstMinute`: whether it is a working, non-holiday day.
        private let workingDays: [Bool]
        private let firstDayMinute: Int
        static let bangkokOffsetMinutes = 7 * 60
        static let opening = 8 * 60 + 30
        static let closing = 16 * 60 + 30

        init(from start: Date, days: Int, holidays: Set<String>) {
            firstMinute = Int((start.timeIntervalSince1970 / 60).rounded(.down))
            let localMinute = firstMinute + Self.bangkokOffsetMinutes
            firstDayMinute = localMinute - ((localMinute % 1_440) + 1_440) % 1_440
            var flags: [Bool] = []
            for day in 0...days {
                let noon = Date(timeIntervalSince1970: TimeInterval((firstDayMinute - Self.bangkokOffsetMinutes + day * 1_440 + 720) * 60))
                let parts = BangkokTime.calendar.dateComponents([.year, .month, .day, .weekday], from: noon)
                let iso = Holiday(year: parts.year!, month: parts.month!, day: parts.day!, name: LocalizedLabel(th: "", en: "")).isoDate
                flags.append((2...6).contains(parts.weekday!) && !holidays.contains(iso))
            }
            workingDays = flags
        }

        /// Whether business time runs during the minute starting at epoch minute `minute`.
        func isOpen(minute: Int) -> Bool {
            let local = minute + Self.bangkokOffsetMinutes - firstDayMinute
            let minuteOfDay = local % 1_440
            return workingDays[local / 1_440] && minuteOfDay >= Self.opening && minuteOfDay < Self.closing
        }

        /// Business minutes in [from, to), both epoch minutes.
        func count(from: Int, to: Int) -> Int {
            guard to > from else { return 0 }
            var n = 0
            for m in from..<to where isOpen(minute: m) { n += 1 }
            return n
        }
    }

    static func shippedHolidayDates() throws -> Set<String> {
        Set(try ShippedHolidays.load().map(\.date))
    }

    static func epochMinute(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 60).rounded(.down)) }
    static func date(epochMinute: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(epochMinute * 60)) }
}


/// The key named by the ``ConfigurationError/invalid(key:reason:)`` `body` throws; nil when it succeeds.
/// Shared by the calendar and SLA policy tests.
func failingKey(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch ConfigurationError.invalid(let key, _) {
        return key
    } catch {
        return "\(error)"
    }
}

@Suite struct BusinessCalendarTests {
    let calendar: BusinessCalendar
    init() throws { calendar = try SLAFixtures.shippedCalendar() }

    private func bkk(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
        SLAFixtures.bkk(y, mo, d, h, mi, s)
    }

    // MARK: Boundaries

    @Test func clockStartedBeforeOpeningCountsFromOpening() {
        // Tuesday 10 March 2026, an ordinary working day.
        #expect(!calendar.isOpen(at: bkk(2026, 3, 10, 7, 0)))
        #expect(calendar.nextOpening(atOrAfter: bkk(2026, 3, 10, 7, 0)) == bkk(2026, 3, 10, 8, 30))
        #expect(calendar.adding(businessMinutes: 60, to: bkk(2026, 3, 10, 7, 0)) == bkk(2026, 3, 10, 9, 30))
        #expect(calendar.businessMinutes(from: bkk(2026, 3, 10, 0, 0), to: bkk(2026, 3, 10, 9, 0)) == 30)
    }

    @Test func exactlyAtOpeningIsOpen() {
        #expect(calendar.isOpen(at: bkk(2026, 3, 10, 8, 30)))
        #expect(!calendar.isOpen(at: bkk(2026, 3, 10, 8, 29, 59)))
        #expect(calendar.nextOpening(atOrAfter: bkk(2026, 3, 10, 8, 30)) == bkk(2026, 3, 10, 8, 30))
        #expect(calendar.adding(businessMinutes: 60, to: bkk(2026, 3, 10, 8, 30)) == bkk(2026, 3, 10, 9, 30))
    }

    @Test func closingTimeItselfIsOutsideHours() {
        #expect(!calendar.isOpen(at: bkk(2026, 3, 10, 16, 30)))
        #expect(calendar.nextOpening(atOrAfter: bkk(2026, 3, 10, 16, 30)) == bkk(2026, 3, 11, 8, 30))
        #expect(calendar.adding(businessMinutes: 1, to: bkk(2026, 3, 10, 16, 30)) == bkk(2026, 3, 11, 8, 31))
        #expect(calendar.businessMinutes(from: bkk(2026, 3, 10, 16, 30), to: bkk(2026, 3, 11, 8, 30)) == 0)
    }

    @Test func minuteBeforeClosingStillCounts() {
        #expect(calendar.isOpen(at: bkk(2026, 3, 10, 16, 29)))
        #expect(calendar.adding(businessMinutes: 1, to: bkk(2026, 3, 10, 16, 29)) == bkk(2026, 3, 10, 16, 30))
        #expect(calendar.adding(businessMinutes: 2, to: bkk(2026, 3, 10, 16, 29)) == bkk(2026, 3, 11, 8, 31))
        #expect(calendar.businessMinutes(from: bkk(2026, 3, 10, 16, 29), to: bkk(2026, 3, 10, 18, 0)) == 1)
    }

    @Test func dueTimeLandingOnClosingStaysAtClosing() {
        #expect(calendar.adding(businessMinutes: 480, to: bkk(2026, 3, 10, 8, 30)) == bkk(2026, 3, 10, 16, 30))
        #expect(calendar.adding(businessMinutes: 390, to: bkk(2026, 3, 10, 10, 0)) == bkk(2026, 3, 10, 16, 30))
        // Started the evening before: a whole day from the next opening ends at that day's closing.
        #expect(calendar.adding(businessMinutes: 480, to: bkk(2026, 3, 9, 20, 0)) == bkk(2026, 3, 10, 16, 30))
        // Friday's closing, not Monday's opening.
        #expect(calendar.adding(businessMinutes: 60, to: bkk(2026, 3, 13, 15, 30)) == bkk(2026, 3, 13, 16, 30))
    }

    @Test func weekendCountsNothing() {
        // Friday 6 March 2026 16:00 plus an hour: 30 minutes on Friday, 30 on Monday.
        #expect(calendar.adding(businessMinutes: 60, to: bkk(2026, 3, 6, 16, 0)) == bkk(2026, 3, 9, 9, 0))
        #expect(calendar.businessMinutes(from: bkk(2026, 3, 6, 16, 0), to: bkk(2026, 3, 9, 9, 0)) == 60)
        #expect(!calendar.isOpen(at: bkk(2026, 3, 7, 10, 0)))
        #expect(!calendar.isBusinessDay(bkk(2026, 3, 8, 10, 0)))
        #expect(calendar.nextOpening(atOrAfter: bkk(2026, 3, 7, 10, 0)) == bkk(2026, 3, 9, 8, 30))
        #expect(calendar.businessMinutes(from: bkk(2026, 3, 9, 8, 30), to: bkk(2026, 3, 16, 8, 30)) == 5 * 480)
    }

    @Test func songkranCountsNothing() {
        // Friday 10 April 2026 16:00; Songkran is Monday 13 to Wednesday 15 April.
        #expect(calendar.adding(businessMinutes: 60, to: bkk(2026, 4, 10, 16, 0)) == bkk(2026, 4, 16, 9, 0))
        #expect(calendar.businessMinutes(from: bkk(2026, 4, 10, 16, 30), to: bkk(2026, 4, 16, 8, 30)) == 0)
        #expect(calendar.nextOpening(atOrAfter: bkk(2026, 4, 13, 8, 30)) == bkk(2026, 4, 16, 8, 30))
        for day in 13...15 {
            #expect(calendar.holiday(on: bkk(2026, 4, day, 12, 0))?.name.en == "Songkran Festival")
            #expect(!calendar.isOpen(at: bkk(2026, 4, day, 10, 0)))
        }
        #expect(calendar.holiday(on: bkk(2026, 4, 16, 12, 0)) == nil)
    }

    @Test func yearEndSkipsNewYearHolidaysAndWeekend() {
        // Wednesday 30 December 2026; 31 December and 1 January are holidays, then a weekend.
        #expect(calendar.adding(businessMinutes: 60, to: bkk(2026, 12, 30, 16, 0)) == bkk(2027, 1, 4, 9, 0))
        #expect(calendar.businessMinutes(from: bkk(2026, 12, 30, 16, 0), to: bkk(2027, 1, 4, 9, 0)) == 60)
        #expect(calendar.holiday(on: bkk(2027, 1, 1, 0, 0))?.name.en == "New Year's Day")
        #expect(calendar.holiday(on: bkk(2026, 12, 31, 23, 59, 59))?.name.en == "New Year's Eve")
    }

    @Test func addingZeroGivesTheSameInstant() {
        let saturdayNight = bkk(2026, 3, 7, 22, 0)
        #expect(calendar.adding(businessMinutes: 0, to: saturdayNight) == saturdayNight)
        #expect(calendar.adding(businessMinutes: -5, to: saturdayNight) == saturdayNight)
    }

    @Test func partialMinutesAreKeptAndDroppedOnlyWhenMeasuring() {
        let start = bkk(2026, 3, 10, 9, 0, 30)
        #expect(calendar.adding(businessMinutes: 10, to: start) == bkk(2026, 3, 10, 9, 10, 30))
        #expect(calendar.businessMinutes(from: start, to: bkk(2026, 3, 10, 9, 10, 29)) == 9)
        #expect(calendar.businessSeconds(from: start, to: bkk(2026, 3, 10, 9, 10, 29)) == 599)
    }

    @Test func measuringBackwardsIsNegative() {
        #expect(calendar.businessMinutes(from: bkk(2026, 3, 10, 10, 0), to: bkk(2026, 3, 10, 9, 0)) == -60)
    }

    @Test func workingIntervalOfADay() {
        #expect(calendar.workingInterval(on: bkk(2026, 3, 10, 20, 0))
                == DateInterval(start: bkk(2026, 3, 10, 8, 30), end: bkk(2026, 3, 10, 16, 30)))
        #expect(calendar.workingInterval(on: bkk(2026, 4, 14, 10, 0)) == nil)
    }

    @Test func governmentHoursMakeA480MinuteBusinessDay() {
        #expect(calendar.minutesPerBusinessDay == 480)
    }

    @Test func longRangesAreMeasuredQuickly() {
        // Two years of business time, a day at a time, well within a test's patience.
        let minutes = calendar.businessMinutes(from: bkk(2026, 1, 1), to: bkk(2028, 1, 1))
        let weekdays = 261 + 261 // Monday-Friday days in 2026 and in 2027
        let holidaysOnWeekdays = calendar.holidays.filter {
            (2...6).contains(BangkokTime.calendar.component(.weekday, from: bkk($0.year, $0.month, $0.day, 12)))
        }.count
        #expect(minutes == (weekdays - holidaysOnWeekdays) * 480)
        #expect(calendar.adding(businessMinutes: minutes, to: bkk(2026, 1, 1)) == bkk(2027, 12, 30, 16, 30))
    }

    // MARK: Configuration

    @Test func overrideHolidaysReplaceTheShippedList() throws {
        let only = [HolidaySetting(date: "2026-03-10", th: "วันหยุดหน่วยงาน", en: "Agency day")]
        let custom = try BusinessCalendar(settings: SLAFixtures.governmentSettings(holidays: only),
                                          shippedHolidays: ShippedHolidays.load())
        #expect(custom.isOpen(at: bkk(2026, 4, 14, 10, 0)))
        #expect(!custom.isOpen(at: bkk(2026, 3, 10, 10, 0)))
        #expect(custom.holiday(on: bkk(2026, 3, 10))?.name.th == "วันหยุดหน่วยงาน")
    }

    @Test func malformedWorkingHoursNameTheKey() {
        for bad in ["8:30-16:30", "16:30-08:30", "08:30", "08:30-25:00", "08:60-16:30", "๐๘:๓๐-16:30"] {
            var settings = SLAFixtures.governmentSettings()
            settings.workingHours["mon"] = bad
            #expect(failingKey { _ = try BusinessCalendar(settings: settings, shippedHolidays: []) } == "calendar.workingHours.mon",
                    "\(bad)")
        }
    }

    @Test func unknownWeekdayAndTimeZoneAreRefused() {
        var settings = SLAFixtures.governmentSettings()
        settings.workingHours["monday"] = "08:30-16:30"
        #expect(failingKey { _ = try BusinessCalendar(settings: settings, shippedHolidays: []) } == "calendar.workingHours.monday")
        settings = SLAFixtures.governmentSettings()
        settings.timeZone = "Asia/Krung_Thep"
        #expect(failingKey { _ = try BusinessCalendar(settings: settings, shippedHolidays: []) } == "calendar.timeZone")
    }

    @Test func aWeekdayCanBeClosedAndAWeekendDayOpened() throws {
        var settings = SLAFixtures.governmentSettings()
        settings.workingHours["fri"] = "closed"
        settings.workingHours["sat"] = "09:00-12:00"
        let custom = try BusinessCalendar(settings: settings, shippedHolidays: [])
        #expect(!custom.isOpen(at: bkk(2026, 3, 13, 10, 0)))
        #expect(custom.isOpen(at: bkk(2026, 3, 14, 10, 0)))
        #expect(custom.adding(businessMinutes: 60, to: bkk(2026, 3, 12, 16, 0)) == bkk(2026, 3, 14, 9, 30))
    }

    @Test func aCalendarWithNoWorkingDayIsRefused() {
        var settings = SLAFixtures.governmentSettings()
        settings.workingHours = ["mon": "closed"]
        #expect(failingKey { _ = try BusinessCalendar(settings: settings, shippedHolidays: []) } == "calendar.workingHours")
    }

    @Test func impossibleHolidayDatesNameTheirPlaceInTheList() {
        let holidays = [HolidaySetting(date: "2026-04-13", th: "สงกรานต์", en: "Songkran"),
                        HolidaySetting(date: "2026-02-30", th: "ไม่มีวันนี้", en: "No such day")]
        #expect(failingKey {
            _ = try BusinessCalendar(settings: SLAFixtures.governmentSettings(holidays: holidays), shippedHolidays: [])
        } == "calendar.holidays[1].date")
        #expect(failingKey {
            _ = try BusinessCalendar(settings: SLAFixtures.governmentSettings(),
                                     shippedHolidays: [HolidaySetting(date: "13/04/2026", th: "", en: "")])
        } == "shipped holidays[0].date")
    }

    @Test func shippedDefaultConfigurationBuildsTheGovernmentCalendar() throws {
        let configuration = try SiangConfiguration.defaults()
        let fromDefaults = try BusinessCalendar(settings: configuration.calendar, shippedHolidays: ShippedHolidays.load())
        #expect(fromDefaults.workingHours == WorkingDay.governmentWeek)
        #expect(fromDefaults.holiday(on: bkk(2026, 4, 13, 12)) != nil)
    }

    // MARK: Shipped holidays

    @Test func shippedHolidaysCoverSongkranAndTheYearEnd() throws {
        let holidays = try ShippedHolidays.load()
        let dates = holidays.map(\.date)
        #expect(dates == dates.sorted())
        #expect(Set(dates).count == dates.count, "one entry per date")
        for date in ["2026-01-01", "2026-04-13", "2026-04-14", "2026-04-15", "2026-12-31", "2027-01-01", "2027-04-13"] {
            #expect(dates.contains(date), "\(date)")
        }
        #expect(holidays.allSatisfy { !$0.th.isEmpty && !$0.en.isEmpty })
        #expect(try ShippedHolidays.years().starts(with: [2026, 2027]))
    }

    @Test func substitutionDaysFollowWeekendHolidays() throws {
        // A holiday on a weekend gives a substitution day on the next working day.
        let byDate = Dictionary(grouping: try ShippedHolidays.load(), by: \.date)
        #expect(byDate["2026-06-01"]?.first?.en.hasPrefix("Substitution") == true) // Visakha Bucha on Sunday
        #expect(byDate["2026-12-07"]?.first?.en.hasPrefix("Substitution") == true) // 5 December on Saturday
        #expect(byDate["2027-10-25"]?.first?.en.hasPrefix("Substitution") == true) // 23 October on Saturday
        #expect(byDate["2027-12-06"]?.first?.en.hasPrefix("Substitution") == true) // 5 December on Sunday
    }

    // MARK: Properties

    @Test func addingThenMeasuringGivesBackTheMinutes() {
        var rng = SplitMix64(seed: 0x5EED_0001)
        let start = bkk(2025, 12, 1)
        for _ in 0..<3_000 {
            let t = start.addingTimeInterval(TimeInterval(Int.random(in: 0..<(720 * 86_400), using: &rng)))
            let minutes = Int.random(in: 0...(30 * 480), using: &rng)
            let due = calendar.adding(businessMinutes: minutes, to: t)
            #expect(calendar.businessMinutes(from: t, to: due) == minutes, "\(t) + \(minutes)")
            #expect(calendar.businessSeconds(from: t, to: due) == TimeInterval(minutes * 60), "\(t) + \(minutes)")
        }
    }

    @Test func resultsFallInsideHoursOrExactlyAtClosingAndAreTheEarliest() {
        var rng = SplitMix64(seed: 0x5EED_0002)
        let start = bkk(2025, 12, 1)
        for _ in 0..<3_000 {
            // Whole minutes half the time, to land on openings and closings often.
            var offset = Int.random(in: 0..<(720 * 86_400), using: &rng)
            if Bool.random(using: &rng) { offset -= offset % 60 }
            let t = start.addingTimeInterval(TimeInterval(offset))
            let minutes = Int.random(in: 1...(5 * 480), using: &rng)
            let due = calendar.adding(businessMinutes: minutes, to: t)
            let atClosing = calendar.workingInterval(on: due)?.end == due
            #expect(calendar.isOpen(at: due) || atClosing, "\(t) + \(minutes) = \(due)")
            #expect(calendar.businessSeconds(from: t, to: due.addingTimeInterval(-1)) < TimeInterval(minutes * 60))
            let opening = calendar.nextOpening(atOrAfter: t)
            #expect(calendar.isOpen(at: opening))
            #expect(calendar.businessSeconds(from: t, to: opening) == 0)
        }
    }

    @Test func measuringMatchesAMinuteByMinuteCountAndNeverCountsHolidays() throws {
        let begin = bkk(2025, 12, 20)
        let reference = SLAFixtures.MinuteReference(from: begin, days: 760, holidays: try SLAFixtures.shippedHolidayDates())
        var rng = SplitMix64(seed: 0x5EED_0003)
        for _ in 0..<300 {
            let a = reference.firstMinute + Int.random(in: 0..<(700 * 1_440), using: &rng)
            let b = a + Int.random(in: 0...(40 * 1_440), using: &rng)
            let measured = calendar.businessMinutes(from: SLAFixtures.date(epochMinute: a), to: SLAFixtures.date(epochMinute: b))
            #expect(measured == reference.count(from: a, to: b))
        }
    }

    @Test func everyShippedHolidayIsClosedAllDay() throws {
        for holiday in try ShippedHolidays.load() {
            let h = try #require(Holiday(isoDate: holiday.date, name: LocalizedLabel(th: holiday.th, en: holiday.en)))
            let midnight = bkk(h.year, h.month, h.day)
            let next = midnight.addingTimeInterval(86_400)
            #expect(calendar.businessMinutes(from: midnight, to: next) == 0, "\(holiday.date)")
            #expect(!calendar.isOpen(at: bkk(h.year, h.month, h.day, 10)), "\(holiday.date)")
            #expect(calendar.holiday(on: midnight)?.isoDate == holiday.date)
        }
    }
}
