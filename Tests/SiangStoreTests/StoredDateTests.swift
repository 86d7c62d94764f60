import Foundation
import GRDB
import Testing
@testable import SiangCore
@testable import SiangStore

/// Every date the store writes reads back, through the encoder, the hand-written writer and the
/// decoder alike, at the edges of the years it accepts; a date it could not read back is refused
/// before anything is written (issue 11, finding 3: year −2000 stopped the SLA ticker).
@Suite struct StoredDateTests {
    static let edges: [Date] = [
        StoredDate.earliest,                                      // 0001-01-01T00:00:00Z
        StoredDate.earliest.addingTimeInterval(0.75),             // a fraction of a second is dropped, not rounded up
        Date(timeIntervalSince1970: 0),
        Date(timeIntervalSince1970: 1_795_000_000.999),
        StoredDate.latest,                                        // 9999-12-31T23:59:59+07:00
    ]

    func newCase(_ id: TrackingID, at: Date, due: Date?) -> NewCase {
        let intake = Intake(kind: .complaint, text: "ทดสอบวันที่", channel: .phone, receivedAt: at)
        let events = [CaseEvent(at: at, actor: "citizen", change: .received(ReceivedChange(kind: .complaint, channel: .phone, category: "road",
                                                                                           segment: nil, priority: .normal)))]
        let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: "road", receivedAt: at,
                                  sla: due.map { SLASummary(firstResponseDueAt: $0, resolutionDueAt: $0, state: "on_track") })
        return NewCase(trackingID: id, intake: intake, events: events, outbox: [], fingerprint: "f-\(id)", receipt: receipt)
    }

    @Test func datesAtTheEdgesOfTheStorableYearsReadBackThroughEveryPath() async throws {
        let (store, _) = try temporaryStore()
        for (i, date) in Self.edges.enumerated() {
            let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
            // The hand-written receipt is the encoder's bytes, and the decoder reads it back.
            let receipt = newCase(TrackingID.sample(seed: UInt64(i)), at: date, due: date).receipt
            let written = StoredJSON.receipt(receipt)
            #expect(written == (try store.json(receipt)), "\(date)")
            let read = try store.decoder.decode(CaseReceipt.self, from: Data(written.utf8))
            #expect(read.receivedAt == whole && read.sla?.resolutionDueAt == whole, "\(written)")
            // An escalation's due time goes through the encoder and the decoder.
            let change = CaseChange.escalated(Escalation(clock: "resolution", level: "breached", dueAt: date, queue: "engineering"))
            let back = try SQLiteStore.change(try store.json(change), decoder: store.decoder)
            #expect(back == .escalated(Escalation(clock: "resolution", level: "breached", dueAt: whole, queue: "engineering")))
            // Bangkok time as the API shows it has a four-digit year and parses back to the same second.
            let shown = BangkokTime.iso8601(date)
            #expect(shown.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$"#, options: .regularExpression) != nil, "\(shown)")
            #expect(StoredDate.parse(shown) == whole, "\(shown)")
            // And a whole case, stored and read back.
            let id = TrackingID.sample(seed: UInt64(100 + i))
            _ = try await store.create(newCase(id, at: date, due: date))
            try await store.append([CaseEvent(at: date, actor: CaseEvent.system, change: change)], to: id, expectedEventCount: 1, outbox: [])
            let events = try await store.events(of: id)
            #expect(events.count == 2 && events.last?.change == back)
        }
    }

    @Test func aDateOutsideTheStorableYearsIsRefusedAndNothingIsWritten() async throws {
        let (store, _) = try temporaryStore()
        let minus2000 = Date(timeIntervalSince1970: -125_282_851_200)   // about 2000 BCE
        let year10000 = StoredDate.latest.addingTimeInterval(1)
        for (i, bad) in [minus2000, StoredDate.earliest.addingTimeInterval(-1), year10000].enumerated() {
            let id = TrackingID.sample(seed: UInt64(200 + i))
            await #expect(throws: StoreError.self) { _ = try await store.create(newCase(id, at: bad, due: nil)) }
            #expect(try await store.events(of: id).isEmpty)
            // A good case given a due time it could not read back refuses that too.
            await #expect(throws: StoreError.self) { _ = try await store.create(newCase(id, at: Date(timeIntervalSince1970: 0), due: bad)) }
            #expect(try await store.events(of: id).isEmpty)
        }
        let id = TrackingID.sample(seed: 300)
        _ = try await store.create(newCase(id, at: Date(timeIntervalSince1970: 1_795_000_000), due: nil))
        do {
            try await store.append([CaseEvent(at: Date(timeIntervalSince1970: 1_795_000_000), actor: CaseEvent.system,
                                              change: .escalated(Escalation(clock: "resolution", level: "breached", dueAt: minus2000, queue: nil)))],
                                   to: id, expectedEventCount: 1, outbox: [])
            Issue.record("an escalation due in year −2000 was stored")
        } catch {
            guard case .unstorableDate(let why) = error else { Issue.record("wrong error \(error)"); return }
            #expect(why.contains("1 to 9999"))
        }
        #expect(try await store.events(of: id).count == 1)
    }

    @Test func anEventThatDoesNotDecodeIsReportedAsUnreadableWithoutItsText() async throws {
        let (store, _) = try temporaryStore()
        let id = TrackingID.sample(seed: 400)
        _ = try await store.create(newCase(id, at: Date(timeIntervalSince1970: 1_795_000_000), due: nil))
        // What the probe's store held: an escalation whose due time no ISO 8601 reader takes.
        try await store.write { db in
            try db.execute(sql: """
                INSERT INTO case_events (case_id, seq, at, actor, type, data)
                SELECT id, 1, 0, 'system', 'escalated', '{"escalated":{"_0":{"clock":"resolution","dueAt":".00/-12-15T00:00:00Z","level":"at_risk"}}}'
                FROM cases WHERE tracking_id = ?
                """, arguments: [id.description])
        }
        do {
            _ = try await store.events(of: id)
            Issue.record("the event was read")
        } catch {
            guard case .unreadable(let why) = error else { Issue.record("wrong error \(error)"); return }
            #expect(why.contains("escalated") && why.contains("ISO8601"))
            #expect(!why.contains(".00/-12-15"), "the stored value stays out of the message: \(why)")
        }
    }
}
