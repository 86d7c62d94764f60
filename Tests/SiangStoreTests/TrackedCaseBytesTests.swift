import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore
@testable import SiangStore

/// The stored form of a tracked case (``TrackedCaseBytes``): what goes in comes out, and bytes that
/// are not the form are refused, never read as some other case.
@Suite struct TrackedCaseBytesTests {
    let id = TrackingID.sample(seed: 3)

    func sample(_ g: inout SplitMix64) -> TrackedCase {
        let alphabet = Array("ซ่อมไฟแล้ว abc\"\\\n😀")
        func text() -> String { String((0..<Int.random(in: 0...300, using: &g)).map { _ in alphabet.randomElement(using: &g)! }) }
        func date() -> Date { Date(timeIntervalSince1970: Double.random(in: -62_000_000_000..<253_000_000_000, using: &g)) }
        let count = Int.random(in: 1...12, using: &g)
        let timeline = (0..<count).map { _ in
            PublicCaseView.TimelineEntry(status: Status.allCases.randomElement(using: &g)!, at: date(), note: Bool.random(using: &g) ? text() : nil)
        }
        let view = PublicCaseView(trackingID: id, kind: Kind.allCases.randomElement(using: &g)!, status: Status.allCases.randomElement(using: &g)!,
                                  category: Bool.random(using: &g) ? text() : nil, receivedAt: date(), updatedAt: date(), timeline: timeline)
        return TrackedCase(view: view, priority: Priority.allCases.randomElement(using: &g)!,
                           changesStatus: [false] + (1..<count).map { _ in Bool.random(using: &g) })
    }

    @Test func whatIsWrittenIsReadBack() {
        var g = SplitMix64(seed: 16)
        for _ in 0..<500 {
            let tracked = sample(&g)
            #expect(TrackedCaseBytes.decode(TrackedCaseBytes.encode(tracked), trackingID: id) == tracked)
        }
    }

    @Test func aCutOrGrownFormIsRefused() {
        var g = SplitMix64(seed: 17)
        for _ in 0..<50 {
            let bytes = TrackedCaseBytes.encode(sample(&g))
            for end in 0..<bytes.count {
                #expect(TrackedCaseBytes.decode(Array(bytes[..<end]), trackingID: id) == nil, "cut at \(end) of \(bytes.count)")
            }
            #expect(TrackedCaseBytes.decode(bytes + [0], trackingID: id) == nil)
        }
    }

    @Test func anotherVersionUnknownCodesAndBadTextAreRefused() {
        var g = SplitMix64(seed: 18)
        let bytes = TrackedCaseBytes.encode(sample(&g))
        var version = bytes
        version[0] = 2
        #expect(TrackedCaseBytes.decode(version, trackingID: id) == nil)
        var status = bytes
        status[1] = UInt8(CaseFactTimeline.statuses.count)
        #expect(TrackedCaseBytes.decode(status, trackingID: id) == nil)
        // kind "complaint" with its first byte made a lone UTF-8 continuation byte.
        let kindOnly = TrackedCaseBytes.encode(TrackedCase(
            view: PublicCaseView(trackingID: id, kind: .complaint, status: .received, category: nil, receivedAt: .init(timeIntervalSince1970: 0),
                                 updatedAt: .init(timeIntervalSince1970: 0), timeline: [.init(status: .received, at: .init(timeIntervalSince1970: 0), note: "ก")]),
            priority: .normal, changesStatus: [false]))
        var utf8 = kindOnly
        utf8[3] = 0x80
        #expect(TrackedCaseBytes.decode(utf8, trackingID: id) == nil)
        var note = kindOnly
        note[note.count - 1] = 0xFF
        #expect(TrackedCaseBytes.decode(note, trackingID: id) == nil, "a note that is not UTF-8")
        // Random bytes never crash the reader, and almost never read as a case.
        for _ in 0..<2_000 {
            let noise = (0..<Int.random(in: 0...64, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            _ = TrackedCaseBytes.decode(noise, trackingID: id)
        }
    }
}
