import Foundation
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangStore

/// Tracking lookups are counted in memory and written about once a second (``TrackingLookupTally``):
/// no lookup waits for a write, and no count is lost or counted twice.
@Suite struct TrackingLookupTallyTests {
    @Test func manyLookupsAtOnceAreAllCounted() async throws {
        let s = try await StaffServer()
        let id = try await s.file("ไฟถนนดับทั้งซอย", category: "lighting")
        try await s.test { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<60 {
                    group.addTask { () async throws -> Void in
                        let uri = n % 3 == 0 ? "/track/\(id)" : "/api/v1/track/\(id)"
                        let status = try await client.execute(uri: uri, method: .get).status
                        #expect(status == .ok)
                    }
                }
                try await group.waitForAll()
            }
            let token = try await s.token(for: "ana")
            // The readiness check writes the tally before it reads: every lookup is in its figure.
            let answer = try await client.execute(uri: "/api/v1/readiness", method: .get, headers: bearer(token))
            let check = try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any])
            let tracking = try #require((check["lines"] as? [[String: Any]])?.first)
            let figures = (tracking["figures"] as? [[String: Any]])?.map { "\($0["name"]!)=\($0["value"]!)" }
            #expect(figures?.contains("lookupsInPeriod=60") == true, "\(String(describing: figures))")
        }
        let facts = try await s.store.evidenceFacts(from: .distantPast, to: .distantFuture)
        #expect(facts.trackingLookups.map { "\($0.code)=\($0.count)" }.sorted() == ["api=40", "page=20"])
    }

    @Test func oneWriteIsScheduledForWhatTheTallyHoldsAndAnotherAfterIt() async {
        let tally = TrackingLookupTally()
        let store = FlakyEvidenceStore()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(tally.add(.api, at: start), "the first lookup schedules the write")
        #expect(!tally.add(.api, at: start.addingTimeInterval(0.5)))
        #expect(!tally.add(.page, at: start.addingTimeInterval(5)), "still the one write, however late")
        #expect(tally.pending == [.api: 2, .page: 1])
        await tally.write(to: store)
        #expect(tally.pending.isEmpty)
        #expect(tally.add(.api, at: start.addingTimeInterval(6)), "after a write, the next lookup schedules another")
    }

    @Test func lookupsWithNoneAfterThemAreWrittenWithinAboutASecond() async throws {
        let s = try await StaffServer()
        let id = try await s.file("น้ำประปาไม่ไหล", category: "water")
        try await s.test { client in
            for _ in 0..<3 {
                let status = try await client.execute(uri: "/api/v1/track/\(id)", method: .get).status
                #expect(status == .ok)
            }
        }
        // Nobody reads the evidence and no lookup follows: the scheduled write still stores all three.
        var counted: [String] = []
        for _ in 0..<50 where counted != ["api=3"] {
            try await Task.sleep(for: .milliseconds(100))
            counted = try await s.store.evidenceFacts(from: .distantPast, to: .distantFuture).trackingLookups.map { "\($0.code)=\($0.count)" }
        }
        #expect(counted == ["api=3"])
    }

    @Test func countsTheStoreRefusesAreKeptForTheNextWrite() async throws {
        let store = FlakyEvidenceStore()
        let tally = TrackingLookupTally()
        // 23:30 and 23:59 on 3 March (Bangkok) and 00:10 on 4 March: two days of the API surface.
        let late = Date(timeIntervalSince1970: 1_772_555_400), midnight = late.addingTimeInterval(40 * 60)
        _ = tally.add(.api, at: late)
        _ = tally.add(.api, at: late.addingTimeInterval(29 * 60))
        _ = tally.add(.api, at: midnight)
        store.failing = true
        await tally.write(to: store)
        #expect(tally.pending == [.api: 3], "nothing written, nothing lost")
        store.failing = false
        await tally.write(to: store)
        #expect(tally.pending.isEmpty)
        #expect(store.written.sorted() == ["api 2026-03-03 2", "api 2026-03-04 1"])
    }
}

/// An evidence store whose counter can be made to fail, recording what it was asked to add.
private final class FlakyEvidenceStore: EvidenceStore, @unchecked Sendable {
    private let lock = NSLock()
    private var _failing = false
    private var _written: [String] = []
    var failing: Bool {
        get { lock.withLock { _failing } }
        set { lock.withLock { _failing = newValue } }
    }
    var written: [String] { lock.withLock { _written } }

    func evidenceFacts(from: Date, to: Date) async throws(StoreError) -> EvidenceFacts { EvidenceFacts(from: from, to: to) }

    func countTrackingLookups(_ surface: TrackingLookupSurface, at: Date, count: Int) async throws(StoreError) {
        if failing { throw StoreError.unavailable("down for the test") }
        let day = BangkokTime.calendar.dateComponents([.year, .month, .day], from: at)
        let line = "\(surface.rawValue) \(String(format: "%04d-%02d-%02d", day.year!, day.month!, day.day!)) \(count)"
        lock.withLock { _written.append(line) }
    }
}
