import Foundation
import SiangCore
@testable import SiangPipeline
import SiangStore
import Testing

/// The duplicate check of a batch's new cases (``DuplicateBatch``), which reads each category's open
/// cases once, flags every case as checking it after the ones before it were stored would: the same
/// case and similarity, within the window and the candidate limit, across categories and out of order.
@Suite struct DuplicateBatchTests {
    let base = bangkok(2026, 11, 2, 9, 0)
    var clockNow: Date { base.addingTimeInterval(30 * 86_400) }

    func pipeline(_ store: SQLiteStore) throws -> IntakePipeline {
        let configuration = try SiangConfiguration.defaults()
        return IntakePipeline(store: store, configuration: configuration, clock: PinnedClock(instant: clockNow),
                              duplicates: DuplicateFinder(store: store, settings: configuration.duplicates))
    }

    /// Fifty-five open look-alikes of one category a minute apart (more than the candidate limit),
    /// one closed, and a case of another category.
    func stored(_ store: SQLiteStore) async throws -> [TrackingID] {
        let p = try pipeline(store)
        var ids: [TrackingID] = []
        for i in 0..<55 {
            let text = i == 0 ? "ท่อประปาแตกน้ำพุ่งหน้าวัดป่าเลไลยก์ตั้งแต่เช้า" : "ท่อประปาแตกหน้าบ้านเลขที่ \(i) ซอยสุขใจ"
            ids.append(try #require(created(try await p.submit(Intake(text: text, channel: .web, receivedAt: base.addingTimeInterval(Double(i) * 60),
                                                                      category: "water")))).trackingId)
        }
        ids.append(try #require(created(try await p.submit(Intake(text: "ถนนทรุดเป็นหลุมลึกหน้าวัดป่าเลไลยก์", channel: .web, receivedAt: base,
                                                                  category: "road")))).trackingId)
        let closed = try #require(created(try await p.submit(Intake(text: "น้ำประปาไม่ไหลทั้งหมู่บ้านสุขใจ ตั้งแต่เมื่อวาน", channel: .web,
                                                                     receivedAt: base.addingTimeInterval(3600), category: "water")))).trackingId
        try await store.append([CaseEvent(at: base.addingTimeInterval(7200), actor: CaseEvent.staff("somchai"),
                                          change: .statusChanged(StatusChange(from: .received, to: .closed)))], to: closed, expectedEventCount: nil, outbox: [])
        return ids + [closed]
    }

    /// The batch's cases, in the order they are checked (their receipts not in that order).
    var intakes: [Intake] {
        let water = "น้ำประปาไม่ไหลทั้งหมู่บ้านสุขใจ ตั้งแต่เมื่อวาน"
        func at(_ hours: Double, _ text: String, _ category: String?) -> Intake {
            Intake(text: text, channel: .line, receivedAt: base.addingTimeInterval(hours * 3600), category: category)
        }
        return [
            // The oldest look-alike's very words: it is beyond the newest fifty, so a newer one is found.
            at(2, "ท่อประปาแตกน้ำพุ่งหน้าวัดป่าเลไลยก์ตั้งแต่เช้า", "water"),
            // The closed case's words: not a candidate.
            at(3, water, "water"),
            // The case just before, in other words: a candidate now.
            at(4, water + " ค่ะ", "water"),
            // Another category is not compared with water's cases, but with its own.
            at(5, water, "road"),
            at(5, "ถนนทรุดเป็นหลุมลึกหน้าวัดป่าเลไลยก์ครับ", "road"),
            // No category: neither checked nor a candidate.
            at(6, water, nil),
            // Ten days on: everything before is outside the seven-day window.
            at(240, water, "water"),
            // Back to the first day: the case ten days on is newer, so it comes first of the equally similar.
            at(7, water, "water"),
        ]
    }

    /// Each case's flag, its tracking ID named by what it is in the run.
    func flags(_ cases: [(id: TrackingID, flag: PossibleDuplicate?)], stored: [TrackingID]) -> [String] {
        cases.map { c in
            guard let flag = c.flag else { return "none" }
            if let i = stored.firstIndex(of: flag.of) { return "stored \(i) \(flag.similarity)" }
            if let i = cases.firstIndex(where: { $0.id == flag.of }) { return "batch \(i) \(flag.similarity)" }
            return "unknown \(flag.similarity)"
        }
    }

    func flag(of events: [CaseEvent]) -> PossibleDuplicate? {
        events.lazy.compactMap { if case .possibleDuplicate(let d) = $0.change { d } else { nil } }.first
    }

    @Test func aBatchFlagsItsCasesAsCheckingEachAfterTheOnesBeforeWouldFlagThem() async throws {
        let oneByOneStore = try temporaryStore()
        let oneByOneStored = try await stored(oneByOneStore)
        var oneByOne: [(id: TrackingID, flag: PossibleDuplicate?)] = []
        for intake in intakes {
            let receipt = try #require(created(try await pipeline(oneByOneStore).submit(intake)))
            oneByOne.append((receipt.trackingId, flag(of: try await oneByOneStore.events(of: receipt.trackingId))))
        }

        let batchStore = try temporaryStore()
        let batchStored = try await stored(batchStore)
        let p = try pipeline(batchStore)
        var cases: [NewCase] = []
        for intake in intakes { cases.append(try await p.prepareUnchecked(intake)) }
        #expect(cases.allSatisfy { flag(of: $0.events) == nil }, "prepared unchecked")
        var check = try #require(await p.duplicateBatch(for: cases))
        var batch: [(id: TrackingID, flag: PossibleDuplicate?)] = []
        for var c in cases {
            check.flag(&c)
            batch.append((c.trackingID, flag(of: c.events)))
            let endsWithFlag = if case .possibleDuplicate? = c.events.last?.change { true } else { false }
            #expect(endsWithFlag == (batch.last?.flag != nil), "the flag is the last of the case's first events")
        }

        let expected = flags(oneByOne, stored: oneByOneStored)
        #expect(flags(batch, stored: batchStored) == expected)
        #expect(expected[1] == "none", "the closed case is no candidate")
        #expect(expected[2].hasPrefix("batch 1 "))
        #expect(expected[3] == "none")
        #expect(expected[4].hasPrefix("stored 55 "))
        #expect(expected[5] == "none")
        #expect(expected[6] == "none")
        #expect(expected[7] == "batch 6 1.0")
        #expect(!expected[0].hasPrefix("stored 0 "), "the oldest look-alike is beyond the candidate limit: \(expected[0])")
    }

    @Test func aPipelineThatFlagsNoDuplicatesHasNoBatchCheck() async throws {
        let store = try temporaryStore()
        let p = IntakePipeline(store: store, configuration: try SiangConfiguration.defaults(), clock: PinnedClock(instant: clockNow))
        let c = try await p.prepareUnchecked(Intake(text: "ไฟดับ", channel: .line, receivedAt: base, category: "lighting"))
        #expect(await p.duplicateBatch(for: [c]) == nil)
    }
}
