import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Synchronization
import Testing
@testable import SiangDelivery

/// The daily digest with a pinned clock: nothing on a weekend or a holiday or before the digest time;
/// on a business day one message per recipient and channel with the figures of their queues and the
/// dissatisfied answers since the previous business day's digest; never twice on one day.
@Suite struct StaffDigestTests {
    /// Figures from the test, recording the window each digest asks about.
    final class FixedFigures: StaffDigestStore {
        let asked = Mutex<[(now: Date, since: Date)]>([])
        let figures: [String: QueueDigestFigures]
        init(_ figures: [String: QueueDigestFigures]) { self.figures = figures }
        func digestFigures(now: Date, since: Date) async throws(StoreError) -> [String: QueueDigestFigures] {
            asked.withLock { $0.append((now, since)) }
            return figures
        }
    }

    static func at(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    static func digest(_ figures: FixedFigures) async throws -> (StaffDigest, SQLiteStore) {
        // 2026-05-02 and 03 are a weekend; Monday 2026-05-04 is made a holiday; Tuesday the 5th is a business day.
        let yaml = staffConfigYAML() + """

            calendar:
              holidays:
                - {date: 2026-05-04, th: วันหยุดทดสอบ, en: Test holiday}
            notifications: {executives: [chief], digestTime: "08:00"}
            """
        let configuration = try ConfigurationLoader.load(overrideYAML: yaml, environment: [:])
        let calendar = try BusinessCalendar(settings: configuration.calendar, shippedHolidays: [])
        let store = try await StaffNoticeTests.store()
        return (StaffDigest(figures: figures, outbox: store, contacts: store, configuration: configuration, calendar: calendar), store)
    }

    @Test func nothingIsSentOnAWeekendOrAHolidayOrBeforeTheTime() async throws {
        let figures = FixedFigures(["engineering": QueueDigestFigures(breached: 2)])
        let (digest, store) = try await Self.digest(figures)
        #expect(try await digest.tick(now: Self.at("2026-05-02T03:00:00Z")).isEmpty, "Saturday")
        #expect(try await digest.tick(now: Self.at("2026-05-03T03:00:00Z")).isEmpty, "Sunday")
        #expect(try await digest.tick(now: Self.at("2026-05-04T03:00:00Z")).isEmpty, "the holiday")
        #expect(try await digest.tick(now: Self.at("2026-05-05T00:59:00Z")).isEmpty, "07:59 in Bangkok")
        #expect(try await store.pendingOutbox(limit: 10).isEmpty)
        #expect(figures.asked.withLock { $0.isEmpty })
    }

    @Test func aBusinessDayGivesOneMessageARecipientWithTheirQueuesOnce() async throws {
        let figures = FixedFigures(["engineering": QueueDigestFigures(breached: 2, atRisk: 1, newDissatisfied: 3, openRecoveries: 1)])
        let (digest, store) = try await Self.digest(figures)
        let now = Self.at("2026-05-05T01:00:30Z")  // 08:00:30 on Tuesday in Bangkok
        let rows = try await digest.tick(now: now)
        #expect(rows.map(\.dedupeKey).sorted() == ["notice:digest:2026-05-05:boss:email", "notice:digest:2026-05-05:boss:line",
                                                   "notice:digest:2026-05-05:chief:email"])
        // The dissatisfied answers counted are those since the last business day's digest: Friday 08:00.
        #expect(figures.asked.withLock { $0.first?.since } == Self.at("2026-05-01T01:00:00Z"))
        let boss = try #require(StaffNotice.decode(rows.first { $0.dedupeKey.hasSuffix("boss:email") }!.payload))
        #expect(boss.subject == "[สรุปประจำวัน] เรื่องที่ต้องติดตาม 5 พฤษภาคม 2569")
        #expect(boss.text == """
            สรุปเรื่องที่ต้องติดตาม ประจำวันที่ 5 พฤษภาคม 2569
            กองช่าง: เกินระยะเวลา 2 เรื่อง ใกล้ครบกำหนด 1 เรื่อง ผู้รับบริการไม่พึงพอใจรายใหม่ 3 ราย รอติดต่อกลับ 1 ราย
            ดูรายละเอียดได้ที่: https://voice.example.go.th/staff
            """)
        let chief = try #require(StaffNotice.decode(rows.first { $0.dedupeKey.hasSuffix("chief:email") }!.payload))
        #expect(chief.text.components(separatedBy: "\n").count == 2 + 7, "an executive hears of every queue")
        // Ticking again the same day (or after a restart) queues nothing new.
        try await digest.tick(now: now.addingTimeInterval(3600))
        #expect(try await store.pendingOutbox(limit: 10).count == 3)
    }

    @Test func aRecipientWhoseQueuesHaveNothingGetsNoMessage() async throws {
        // Only the public-health queue, which has no supervisor, has something: the executive alone is told.
        let (digest, _) = try await Self.digest(FixedFigures(["public_health": QueueDigestFigures(atRisk: 1)]))
        let rows = try await digest.tick(now: Self.at("2026-05-05T02:00:00Z"))
        #expect(rows.map(\.dedupeKey) == ["notice:digest:2026-05-05:chief:email"])
    }

    @Test func theStoreCountsNothingInAnEmptyDatabase() async throws {
        let store = try await StaffNoticeTests.store()
        #expect(try await store.digestFigures(now: Self.at("2026-05-05T01:00:00Z"), since: Self.at("2026-05-01T01:00:00Z")).isEmpty)
    }
}
