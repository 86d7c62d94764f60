import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Synchronization
import Testing
@testable import SiangDelivery

/// The monthly scoring-core export of `siang serve`: due at 02:00 Bangkok on the month's first business
/// day, covering the fiscal year to date through the month before, and queued once per month however
/// many servers run and however often they restart.
@Suite struct ScoringCoreScheduleTests {
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }
    static let newYear = Holiday(year: 2027, month: 1, day: 1, name: LocalizedLabel(th: "วันขึ้นปีใหม่", en: "New Year's Day"))
    let schedule = ScoringCoreSchedule(calendar: BusinessCalendar(timeZone: BangkokTime.timeZone, workingHours: WorkingDay.governmentWeek,
                                                                  holidays: [Self.newYear]))

    @Test func theExportFallsDueAtTwoOnTheFirstBusinessDay() {
        // 1 November 2026 is a Sunday: Monday the 2nd at 02:00.
        let november = schedule.export(forMonthOf: Self.bkk(2026, 11, 1, 9))
        #expect(november == ScheduledExport(month: "2026-10", fiscalYear: 2570, asOf: Self.bkk(2026, 11, 1), dueAt: Self.bkk(2026, 11, 2, 2)))
        #expect(schedule.due(at: Self.bkk(2026, 11, 2, 1, 59)) == nil)
        #expect(schedule.due(at: Self.bkk(2026, 11, 2, 2)) == november)
        #expect(schedule.due(at: Self.bkk(2026, 11, 30, 23, 59)) == november, "a server started late in the month still queues it")
        // 1 January 2027 is a Friday and a holiday: Monday the 4th.
        #expect(schedule.export(forMonthOf: Self.bkk(2027, 1, 20)).dueAt == Self.bkk(2027, 1, 4, 2))
        // 1 December 2026 is a Tuesday, a working day.
        #expect(schedule.export(forMonthOf: Self.bkk(2026, 12, 1, 3)).dueAt == Self.bkk(2026, 12, 1, 2))
    }

    @Test func octobersExportClosesTheFiscalYearBefore() {
        let october = schedule.export(forMonthOf: Self.bkk(2026, 10, 15))
        #expect(october.month == "2026-09")
        #expect(october.fiscalYear == 2569)
        #expect(october.asOf == Self.bkk(2026, 10, 1))
    }

    @Test func severalServersAndRestartsQueueOneExportAMonth() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siang-schedule-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = MovableClock(Self.bkk(2026, 11, 2, 1))
        let built = Mutex(0)
        // Each build differs (generatedAt is part of a document), as two servers' documents would.
        let make: @Sendable (ScheduledExport) async throws -> Data = { export in
            let n = built.withLock { $0 += 1; return $0 }
            return Data("{\"month\":\"\(export.month)\",\"build\":\(n)}".utf8)
        }
        let first = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        let second = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        let a = ScoringCoreScheduler(store: first, schedule: schedule, clock: clock, makeDocument: make)
        let b = ScoringCoreScheduler(store: second, schedule: schedule, clock: clock, makeDocument: make)
        #expect(try await a.runOnce() == .notDue)
        clock.set(Self.bkk(2026, 11, 2, 2, 10))
        let outcomes = try await [a.runOnce(), b.runOnce()]
        #expect(outcomes.filter { if case .queued = $0 { true } else { false } }.count == 1)
        #expect(outcomes.contains(.alreadyQueued(month: "2026-10")))
        // A restart later in the month finds the row and builds nothing.
        clock.advance(86_400 * 3)
        let restarted = ScoringCoreScheduler(store: try SQLiteStore(dataDirectory: dir, cipher: .forTests), schedule: schedule, clock: clock, makeDocument: make)
        #expect(try await restarted.runOnce() == .alreadyQueued(month: "2026-10"))
        #expect(built.withLock { $0 } == 1)
        let queued = try await first.pendingOutbox(limit: 10).filter { $0.message.kind == ScoringCoreOutbox.kind }
        #expect(queued.count == 1)
        #expect(queued.first?.message.dedupeKey == ScoringCoreOutbox.digest(Data(queued.first!.message.payload.utf8)))
        // December carries its own export.
        clock.set(Self.bkk(2026, 12, 1, 2, 30))
        guard case .queued(let month, _) = try await b.runOnce() else { Issue.record("December's export was not queued"); return }
        #expect(month == "2026-11")
    }

    @Test func aClaimRacedInTheSameInstantQueuesOnce() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siang-claim-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        let now = Self.bkk(2026, 11, 2, 3)
        let one = ScoringCoreOutbox.message(for: Data("{\"n\":1}".utf8))
        let two = ScoringCoreOutbox.message(for: Data("{\"n\":2}".utf8))
        #expect(try await store.enqueueScheduledScoringCoreExport(month: "2026-10", one, at: now))
        #expect(try await !store.enqueueScheduledScoringCoreExport(month: "2026-10", two, at: now))
        #expect(try await store.scheduledScoringCoreExport(month: "2026-10") == now)
        #expect(try await store.scheduledScoringCoreExport(month: "2026-11") == nil)
        #expect(try await store.pendingOutbox(limit: 10).map(\.message.dedupeKey) == [one.dedupeKey])
    }
}
