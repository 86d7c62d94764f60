import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore


private func bkk(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
    SLAFixtures.bkk(y, mo, d, h, mi, s)
}

private let agent = CaseEvent.staff("somchai")

private func received(_ at: Date, priority: Priority = .urgent, category: String? = "road") -> CaseEvent {
    CaseEvent(at: at, actor: CaseEvent.citizen,
              change: .received(ReceivedChange(kind: .complaint, channel: .web, category: category, segment: .citizen, priority: priority)))
}

private func moved(_ from: Status, _ to: Status, at: Date, by actor: String = agent) -> CaseEvent {
    CaseEvent(at: at, actor: actor, change: .statusChanged(StatusChange(from: from, to: to)))
}

private func settings(overrides: [String: CategorySLAOverride]? = nil, atRisk: Double = 0.75) -> SLASettings {
    SLASettings(firstResponseBusinessDays: 1, resolutionBusinessDays: ["urgent": 3, "normal": 15, "complex": 30],
                atRiskFraction: atRisk, updateIntervalBusinessDays: nil, categoryOverrides: overrides)
}

@Suite struct SLAPolicyTests {
    let calendar: BusinessCalendar
    init() throws { calendar = try SLAFixtures.shippedCalendar() }

    @Test func receivedFridayAfternoonBeforeSongkranGivesExactDueTimes() throws {
        // Friday 10 April 2026 15:00; Songkran closes the office Monday 13 to Wednesday 15 April.
        let policy = try SLAPolicy(settings: settings())
        let at = bkk(2026, 4, 10, 15, 0)
        let urgent = policy.due(receivedAt: at, category: "road", priority: .urgent, calendar: calendar)
        // 90 minutes on Friday, then 390 on Thursday 16 April.
        #expect(urgent.firstResponseDueAt == bkk(2026, 4, 16, 15, 0))
        // 1,440 minutes: Friday 90, Thursday 480, Friday 480, Monday 20 April 390.
        #expect(urgent.resolutionDueAt == bkk(2026, 4, 20, 15, 0))
        // 7,200 minutes: 14 whole days after Songkran skip Coronation Day (Monday 4 May).
        #expect(policy.due(receivedAt: at, category: "road", priority: .normal, calendar: calendar).resolutionDueAt
                == bkk(2026, 5, 7, 15, 0))
        // 14,400 minutes: also skips the Royal Ploughing Ceremony (Monday 11 May).
        #expect(policy.due(receivedAt: at, category: "road", priority: .complex, calendar: calendar).resolutionDueAt
                == bkk(2026, 5, 29, 15, 0))
    }

    @Test func receivedFridayBeforeChakriDayWeekendDueOnTuesday() throws {
        let due = SLAPolicy.standard.due(receivedAt: bkk(2026, 4, 3, 15, 0), category: nil, priority: .urgent, calendar: calendar)
        #expect(due == SLADue(firstResponseDueAt: bkk(2026, 4, 7, 15, 0), resolutionDueAt: bkk(2026, 4, 9, 15, 0)))
    }

    @Test func receivedOnSaturdayNightCountsFromMondayOpening() {
        let due = SLAPolicy.standard.due(receivedAt: bkk(2026, 3, 7, 22, 0), category: nil, priority: .urgent, calendar: calendar)
        #expect(due.firstResponseDueAt == bkk(2026, 3, 9, 16, 30))
        #expect(due.resolutionDueAt == bkk(2026, 3, 11, 16, 30))
    }

    @Test func settingsGiveTheStandardPolicy() throws {
        #expect(try SLAPolicy(settings: settings()) == SLAPolicy.standard)
        #expect(SLAPolicy.standard.resolutionAllowanceMinutes(category: nil, priority: .normal) == 15 * 480)
        #expect(SLAPolicy.standard.firstResponseAllowanceMinutes(category: "water") == 480)
    }

    @Test func categoryOverrideReplacesOnlyWhatItNames() throws {
        let policy = try SLAPolicy(settings: settings(overrides: [
            "safety": CategorySLAOverride(firstResponseBusinessDays: nil, resolutionBusinessDays: ["urgent": 1]),
            "information": CategorySLAOverride(firstResponseBusinessDays: 2, resolutionBusinessDays: nil),
        ]))
        #expect(policy.resolutionAllowanceMinutes(category: "safety", priority: .urgent) == 480)
        #expect(policy.resolutionAllowanceMinutes(category: "safety", priority: .normal) == 15 * 480)
        #expect(policy.firstResponseAllowanceMinutes(category: "safety") == 480)
        #expect(policy.firstResponseAllowanceMinutes(category: "information") == 960)
        #expect(policy.resolutionAllowanceMinutes(category: "road", priority: .urgent) == 3 * 480)
        #expect(policy.resolutionAllowanceMinutes(category: nil, priority: .complex) == 30 * 480)
    }

    @Test func invalidSettingsNameTheKey() {
        var bad = settings()
        bad.resolutionBusinessDays["critical"] = 1
        #expect(failingKey { _ = try SLAPolicy(settings: bad) } == "sla.resolutionBusinessDays.critical")
        bad = settings()
        bad.resolutionBusinessDays["normal"] = nil
        #expect(failingKey { _ = try SLAPolicy(settings: bad) } == "sla.resolutionBusinessDays.normal")
        bad = settings()
        bad.resolutionBusinessDays["urgent"] = 0
        #expect(failingKey { _ = try SLAPolicy(settings: bad) } == "sla.resolutionBusinessDays.urgent")
        #expect(failingKey { _ = try SLAPolicy(settings: settings(atRisk: 0)) } == "sla.atRiskFraction")
        #expect(failingKey { _ = try SLAPolicy(settings: settings(atRisk: 1.5)) } == "sla.atRiskFraction")
        bad = settings()
        bad.firstResponseBusinessDays = 0
        #expect(failingKey { _ = try SLAPolicy(settings: bad) } == "sla.firstResponseBusinessDays")
        bad = settings()
        bad.updateIntervalBusinessDays = -1
        #expect(failingKey { _ = try SLAPolicy(settings: bad) } == "sla.updateIntervalBusinessDays")
        let overrides = ["safety": CategorySLAOverride(firstResponseBusinessDays: nil, resolutionBusinessDays: ["urgent": -2])]
        #expect(failingKey { _ = try SLAPolicy(settings: settings(overrides: overrides)) }
                == "sla.categoryOverrides.safety.resolutionBusinessDays.urgent")
        let typo = ["saftey": CategorySLAOverride(firstResponseBusinessDays: 1, resolutionBusinessDays: nil)]
        #expect(failingKey { _ = try SLAPolicy(settings: settings(overrides: typo), knownCategories: ["safety", "other"]) }
                == "sla.categoryOverrides.saftey")
    }

    @Test func shippedDefaultsGiveTheDesignAllowances() throws {
        let configuration = try SiangConfiguration.defaults()
        #expect(try SLAPolicy(settings: configuration.sla) == SLAPolicy.standard)
    }
}

@Suite struct SLAClockTests {
    let calendar: BusinessCalendar
    init() throws { calendar = try SLAFixtures.shippedCalendar() }

    /// Urgent (3 business days = 1,440 minutes), received Monday 9 March 2026 at opening.
    private func urgentClock(_ later: [CaseEvent] = []) throws -> SLAClock {
        try #require(SLAClock.resolution(events: [received(bkk(2026, 3, 9, 8, 30))] + later,
                                         allowanceMinutes: 1_440, calendar: calendar))
    }

    @Test func runningClockGoesOnTrackThenAtRiskThenBreached() throws {
        let clock = try urgentClock()
        #expect(clock.state(at: bkk(2026, 3, 10, 8, 30), atRiskFraction: 0.75) == .onTrack)
        #expect(clock.usedMinutes(at: bkk(2026, 3, 10, 8, 30)) == 480)
        // 75 % of 1,440 = 1,080 minutes: Monday 480 + Tuesday 480 + Wednesday 120 = 10:30.
        #expect(clock.atRiskAt(fraction: 0.75, at: bkk(2026, 3, 9, 9)) == bkk(2026, 3, 11, 10, 30))
        #expect(clock.state(at: bkk(2026, 3, 11, 10, 29), atRiskFraction: 0.75) == .onTrack)
        #expect(clock.state(at: bkk(2026, 3, 11, 10, 30), atRiskFraction: 0.75) == .atRisk)
        #expect(clock.dueAt(at: bkk(2026, 3, 9, 9)) == bkk(2026, 3, 11, 16, 30))
        #expect(clock.breachAt(at: bkk(2026, 3, 9, 9)) == bkk(2026, 3, 11, 16, 30))
        // Due exactly at closing: not breached at that instant, breached right after, and overnight.
        #expect(clock.state(at: bkk(2026, 3, 11, 16, 30), atRiskFraction: 0.75) == .atRisk)
        #expect(clock.state(at: bkk(2026, 3, 11, 16, 30, 1), atRiskFraction: 0.75) == .breached)
        #expect(clock.state(at: bkk(2026, 3, 12, 7, 0), atRiskFraction: 0.75) == .breached)
        #expect(clock.usedMinutes(at: bkk(2026, 3, 12, 9, 0)) == 1_470)
        #expect(clock.remainingSeconds(at: bkk(2026, 3, 12, 9, 0)) == -30 * 60)
    }

    @Test func awaitingInfoPausesAndMovesTheDueTime() throws {
        let clock = try urgentClock([
            moved(.received, .inProgress, at: bkk(2026, 3, 9, 9, 0)),
            moved(.inProgress, .awaitingInfo, at: bkk(2026, 3, 9, 12, 30)),
            moved(.awaitingInfo, .inProgress, at: bkk(2026, 3, 11, 12, 30), by: CaseEvent.citizen),
        ])
        #expect(clock.state(at: bkk(2026, 3, 10, 10, 0), atRiskFraction: 0.75) == .paused)
        #expect(clock.usedMinutes(at: bkk(2026, 3, 10, 10, 0)) == 240)
        // While paused the due time is where it would be if the clock resumed now: 1,200 minutes
        // from Tuesday 10:00 is Thursday 14:00.
        #expect(clock.dueAt(at: bkk(2026, 3, 10, 10, 0)) == bkk(2026, 3, 12, 14, 0))
        #expect(clock.atRiskAt(fraction: 0.75, at: bkk(2026, 3, 10, 10, 0)) == nil)
        #expect(clock.breachAt(at: bkk(2026, 3, 10, 10, 0)) == nil)
        // Resumed Wednesday 12:30 after two business days paused: due moves from Wednesday to Friday.
        #expect(clock.usedMinutes(at: bkk(2026, 3, 11, 12, 30)) == 240)
        #expect(clock.dueAt(at: bkk(2026, 3, 11, 13, 0)) == bkk(2026, 3, 13, 16, 30))
        #expect(clock.state(at: bkk(2026, 3, 13, 16, 30), atRiskFraction: 0.75) == .atRisk)
        #expect(clock.state(at: bkk(2026, 3, 16, 8, 30), atRiskFraction: 0.75) == .breached)
    }

    @Test func pausingAfterTheDueTimeStaysBreached() throws {
        let clock = try urgentClock([moved(.received, .awaitingInfo, at: bkk(2026, 3, 12, 10, 0))])
        #expect(clock.state(at: bkk(2026, 3, 13, 10, 0), atRiskFraction: 0.75) == .breached)
        #expect(clock.dueAt(at: bkk(2026, 3, 13, 10, 0)) == bkk(2026, 3, 11, 16, 30))
    }

    @Test func pausingBeforeTheDueTimeIsPausedEvenAfterIt() throws {
        let clock = try urgentClock([moved(.received, .awaitingInfo, at: bkk(2026, 3, 11, 10, 0))])
        #expect(clock.state(at: bkk(2026, 3, 20, 10, 0), atRiskFraction: 0.75) == .paused)
    }

    @Test func resolvedBeforeOrExactlyAtTheDueTimeIsMetAfterIsMissed() throws {
        let exactlyAtDue = try urgentClock([moved(.received, .resolved, at: bkk(2026, 3, 11, 16, 30))])
        #expect(exactlyAtDue.state(at: bkk(2026, 4, 1), atRiskFraction: 0.75) == .met)
        #expect(exactlyAtDue.dueAt(at: bkk(2026, 4, 1)) == nil)
        let early = try urgentClock([moved(.received, .resolved, at: bkk(2026, 3, 10, 11, 0))])
        #expect(early.state(at: bkk(2026, 4, 1), atRiskFraction: 0.75) == .met)
        #expect(early.usedMinutes(at: bkk(2026, 4, 1)) == 480 + 150)
        // Resolved that evening, after the due time: missed although no business time passed since.
        let evening = try urgentClock([moved(.received, .resolved, at: bkk(2026, 3, 11, 18, 0))])
        #expect(evening.state(at: bkk(2026, 4, 1), atRiskFraction: 0.75) == .missed)
        #expect(evening.usedMinutes(at: bkk(2026, 4, 1)) == 1_440)
    }

    @Test(arguments: [Status.referred, .rejected, .duplicate])
    func sideExitsStopTheClock(exit: Status) throws {
        let clock = try urgentClock([
            moved(.received, .triaged, at: bkk(2026, 3, 9, 9, 0)),
            moved(.triaged, exit, at: bkk(2026, 3, 9, 10, 30)),
        ])
        #expect(clock.usedMinutes(at: bkk(2026, 3, 30)) == 120)
        #expect(clock.stoppedAt(at: bkk(2026, 3, 30)) == bkk(2026, 3, 9, 10, 30))
        #expect(clock.state(at: bkk(2026, 3, 30), atRiskFraction: 0.75) == .met)
        #expect(clock.breachAt(at: bkk(2026, 3, 30)) == nil)
    }

    @Test func resolvedWhileAwaitingInfoStopsWithoutCountingThePause() throws {
        let clock = try urgentClock([
            moved(.received, .awaitingInfo, at: bkk(2026, 3, 9, 9, 30)),
            moved(.awaitingInfo, .resolved, at: bkk(2026, 3, 20, 9, 0)),
        ])
        #expect(clock.usedMinutes(at: bkk(2026, 3, 30)) == 60)
        #expect(clock.state(at: bkk(2026, 3, 30), atRiskFraction: 0.75) == .met)
    }

    @Test func reopeningContinuesFromWhereTheClockStopped() throws {
        let clock = try urgentClock([
            moved(.received, .inProgress, at: bkk(2026, 3, 9, 9, 0)),
            moved(.inProgress, .resolved, at: bkk(2026, 3, 10, 12, 30)),
            moved(.resolved, .inProgress, at: bkk(2026, 3, 12, 8, 30), by: CaseEvent.citizen),
        ])
        #expect(clock.state(at: bkk(2026, 3, 11, 12, 0), atRiskFraction: 0.75) == .met)
        #expect(clock.usedMinutes(at: bkk(2026, 3, 11, 12, 0)) == 720)
        #expect(clock.usedMinutes(at: bkk(2026, 3, 12, 10, 30)) == 840)
        #expect(clock.phase(at: bkk(2026, 3, 12, 10, 30)) == .running)
        // 720 minutes left from Thursday 08:30: Thursday 480, Friday 240 -> Friday 12:30.
        #expect(clock.dueAt(at: bkk(2026, 3, 12, 10, 30)) == bkk(2026, 3, 13, 12, 30))
        #expect(clock.state(at: bkk(2026, 3, 12, 10, 30), atRiskFraction: 0.75) == .onTrack)
    }

    @Test func closingAResolvedCaseKeepsTheResolutionAsTheStop() throws {
        let clock = try urgentClock([
            moved(.received, .resolved, at: bkk(2026, 3, 10, 12, 30)),
            moved(.resolved, .closed, at: bkk(2026, 3, 30, 9, 0)),
        ])
        #expect(clock.stoppedAt(at: bkk(2026, 4, 30)) == bkk(2026, 3, 10, 12, 30))
        #expect(clock.transitions.count == 2)
    }

    @Test func askingAboutThePastIgnoresLaterEvents() throws {
        let clock = try urgentClock([moved(.received, .resolved, at: bkk(2026, 3, 16, 9, 0))])
        #expect(clock.state(at: bkk(2026, 3, 11, 12, 0), atRiskFraction: 0.75) == .atRisk)
        #expect(clock.state(at: bkk(2026, 3, 12, 12, 0), atRiskFraction: 0.75) == .breached)
        #expect(clock.state(at: bkk(2026, 3, 16, 9, 0), atRiskFraction: 0.75) == .missed)
        #expect(clock.dueAt(at: bkk(2026, 3, 10, 12, 0)) == bkk(2026, 3, 11, 16, 30))
    }

    @Test func clockStartsAtTheNextOpeningWhenReceivedAtNight() throws {
        let clock = try #require(SLAClock.resolution(events: [received(bkk(2026, 3, 7, 22, 0))],
                                                     allowanceMinutes: 480, calendar: calendar))
        #expect(clock.usedMinutes(at: bkk(2026, 3, 9, 9, 0)) == 30)
        #expect(clock.dueAt(at: bkk(2026, 3, 8)) == bkk(2026, 3, 9, 16, 30))
    }

    @Test func eventsNotStartingWithReceivedGiveNoClock() {
        #expect(SLAClock.resolution(events: [], allowanceMinutes: 480, calendar: calendar) == nil)
        #expect(SLAClock.firstResponse(events: [moved(.received, .triaged, at: bkk(2026, 3, 9))],
                                       allowanceMinutes: 480, calendar: calendar) == nil)
    }

    @Test func clockUsesTheAllowanceOfTheCurrentCategoryAndPriority() throws {
        let events = [
            received(bkk(2026, 3, 9, 8, 30), priority: .normal, category: "road"),
            CaseEvent(at: bkk(2026, 3, 9, 9, 0), actor: agent, change: .priorityChanged(.urgent)),
        ]
        let clock = try #require(SLAClock.resolution(events: events, policy: .standard, calendar: calendar))
        #expect(clock.allowanceSeconds == 1_440 * 60)
        #expect(clock.dueAt(at: bkk(2026, 3, 9, 10)) == bkk(2026, 3, 11, 16, 30))
    }

    // MARK: First response

    @Test func firstResponseStopsAtTheFirstStaffActionTheComplainantSees() throws {
        let events = [
            received(bkk(2026, 3, 9, 15, 0)),
            CaseEvent(at: bkk(2026, 3, 9, 15, 0), actor: CaseEvent.system, change: .publicReply("ได้รับเรื่องแล้ว")),
            CaseEvent(at: bkk(2026, 3, 9, 16, 0), actor: agent, change: .internalNote("โทรหาเขต")),
            CaseEvent(at: bkk(2026, 3, 10, 9, 0), actor: agent, change: .publicReply("กำลังตรวจสอบ")),
            moved(.received, .triaged, at: bkk(2026, 3, 10, 10, 0)),
        ]
        let clock = try #require(SLAClock.firstResponse(events: events, policy: .standard, calendar: calendar))
        #expect(clock.stoppedAt(at: bkk(2026, 3, 20)) == bkk(2026, 3, 10, 9, 0))
        #expect(clock.usedMinutes(at: bkk(2026, 3, 20)) == 120)
        #expect(clock.state(at: bkk(2026, 3, 20), atRiskFraction: 0.75) == .met)
        #expect(clock.state(at: bkk(2026, 3, 9, 15, 30), atRiskFraction: 0.75) == .onTrack)
    }

    @Test func firstResponseAfterTheDueTimeIsMissed() throws {
        let events = [received(bkk(2026, 3, 9, 15, 0)), moved(.received, .inProgress, at: bkk(2026, 3, 10, 15, 30))]
        let clock = try #require(SLAClock.firstResponse(events: events, allowanceMinutes: 480, calendar: calendar))
        #expect(clock.state(at: bkk(2026, 3, 10, 15, 0), atRiskFraction: 0.75) == .atRisk)
        #expect(clock.state(at: bkk(2026, 3, 10, 15, 1), atRiskFraction: 0.75) == .breached)
        #expect(clock.state(at: bkk(2026, 3, 10, 15, 30), atRiskFraction: 0.75) == .missed)
    }

    @Test func firstResponseStopsWhenTheSystemMergesADuplicate() throws {
        let events = [received(bkk(2026, 3, 9, 9, 0)),
                      moved(.received, .duplicate, at: bkk(2026, 3, 9, 9, 5), by: CaseEvent.system)]
        let clock = try #require(SLAClock.firstResponse(events: events, allowanceMinutes: 480, calendar: calendar))
        #expect(clock.stoppedAt(at: bkk(2026, 3, 20)) == bkk(2026, 3, 9, 9, 5))
    }

    // MARK: Properties

    @Test func aYearOfRandomPausesNeverLosesOrDoubleCountsAMinute() throws {
        let reference = SLAFixtures.MinuteReference(from: bkk(2026, 1, 1), days: 760,
                                                    holidays: try SLAFixtures.shippedHolidayDates())
        let running: Set<Status> = [.received, .triaged, .inProgress]
        let sideExits: Set<Status> = [.referred, .rejected, .duplicate, .closed]
        var rng = SplitMix64(seed: 0x5EED_0004)
        var endings: [SLAState: Int] = [:]
        for round in 0..<20 {
            let start = reference.firstMinute + Int.random(in: 0..<(300 * 1_440), using: &rng)
            let end = start + 365 * 1_440
            // From an hour to about a year's business minutes, so every ending occurs.
            let allowance = Int.random(in: 60...(240 * 480), using: &rng)
            var events = [received(SLAFixtures.date(epochMinute: start))]
            // The reference's own record: from which minute the case was in which status.
            var statusFrom: [(minute: Int, status: Status)] = [(start, .received)]
            var status = Status.received
            var t = start
            while true {
                t += Int.random(in: 0...(12 * 1_440), using: &rng)
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    // Land on an edge of the local day: midnight, opening, a minute before closing, closing.
                    let local = t + SLAFixtures.MinuteReference.bangkokOffsetMinutes
                    let edge = [0, 510, 989, 990].randomElement(using: &rng)!
                    t = max(t, local - local % 1_440 + edge - SLAFixtures.MinuteReference.bangkokOffsetMinutes)
                }
                guard t < end - 1_440 else { break }
                let choices = StatusMachine.successors(of: status).subtracting(sideExits).sorted { $0.rawValue < $1.rawValue }
                let next = choices.randomElement(using: &rng)!
                events.append(moved(status, next, at: SLAFixtures.date(epochMinute: t)))
                statusFrom.append((t, next))
                status = next
            }
            if Bool.random(using: &rng) {
                let exit = StatusMachine.successors(of: status).intersection(sideExits).sorted { $0.rawValue < $1.rawValue }
                    .randomElement(using: &rng)!
                t = end - Int.random(in: 1...1_440, using: &rng)
                events.append(moved(status, exit, at: SLAFixtures.date(epochMinute: t)))
                statusFrom.append((t, exit))
            }
            let clock = try #require(SLAClock.resolution(events: events, allowanceMinutes: allowance, calendar: calendar))
            func statusAt(_ minute: Int) -> Status { statusFrom.last { $0.minute <= minute }!.status }

            // Minute by minute: a minute counts when the office is open and the status then runs the clock.
            var checkSet = Set((0..<40).map { _ in start + Int.random(in: 0...(end - start), using: &rng) })
            checkSet.formUnion(statusFrom.map(\.minute))
            checkSet.insert(end)
            let checks = checkSet.sorted()
            var nextCheck = 0
            var countedAt: [Int: Int] = [:]
            var counted = 0
            var index = 0
            var isRunning = true
            var dueMinute: Int?
            for minute in start...end {
                if nextCheck < checks.count, checks[nextCheck] == minute {
                    nextCheck += 1
                    countedAt[minute] = counted
                    #expect(clock.usedMinutes(at: SLAFixtures.date(epochMinute: minute)) == counted, "round \(round) minute \(minute)")
                }
                guard minute < end else { break }
                while index + 1 < statusFrom.count, statusFrom[index + 1].minute <= minute {
                    index += 1
                    isRunning = running.contains(statusFrom[index].status)
                }
                if isRunning, reference.isOpen(minute: minute) {
                    counted += 1
                    if counted == allowance, dueMinute == nil { dueMinute = minute + 1 }
                }
            }

            // The due time as known at a few instants while running: the clock runs on from there.
            for check in checks.filter({ running.contains(statusAt($0)) }).prefix(4) {
                var expected = dueMinute.flatMap { $0 <= check ? $0 : nil }
                var more = countedAt[check]!
                var minute = check
                while expected == nil {
                    if reference.isOpen(minute: minute) {
                        more += 1
                        if more == allowance { expected = minute + 1 }
                    }
                    minute += 1
                }
                #expect(clock.dueAt(at: SLAFixtures.date(epochMinute: check)) == SLAFixtures.date(epochMinute: expected!),
                        "round \(round) minute \(check)")
            }

            // How the year ends agrees with the count.
            let endDate = SLAFixtures.date(epochMinute: end)
            let state = clock.state(at: endDate, atRiskFraction: 0.75)
            endings[state, default: 0] += 1
            switch clock.phase(at: endDate) {
            case .stopped:
                // The clock stopped when the case last entered a stopping status from a non-stopping one.
                var stop: Int?
                for (minute, status) in statusFrom {
                    let stops = !running.contains(status) && status != .awaitingInfo
                    if !stops { stop = nil } else if stop == nil { stop = minute }
                }
                let expected: SLAState = dueMinute.map { stop! <= $0 } ?? true ? .met : .missed
                #expect(state == expected, "round \(round)")
            case .running:
                let risky = Double(counted) >= 0.75 * Double(allowance)
                #expect(state == (dueMinute.map { $0 < end } ?? false ? .breached : risky ? .atRisk : .onTrack), "round \(round)")
            case .paused:
                #expect(state == (dueMinute == nil ? .paused : .breached), "round \(round)")
            }
        }
        // The generator reached the interesting endings.
        #expect(endings[.met, default: 0] > 0 && endings[.missed, default: 0] > 0)
    }
}
