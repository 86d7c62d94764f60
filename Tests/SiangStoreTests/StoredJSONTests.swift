import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore
@testable import SiangStore

/// The hand-written JSON must be byte for byte what the store's `JSONEncoder` writes, so rows written
/// either way read back alike and an idempotent replay answers with the same bytes.
@Suite struct StoredJSONTests {
    /// Characters that need escaping, Thai, emoji, line separators and plain ASCII.
    static let alphabet: [Character] = Array("ไฟถนนดับ้่๊๋ำabcXYZ 09\"\\/\n\r\t\u{08}\u{0C}\u{00}\u{01}\u{1F}\u{7F}\u{2028}é😀👍🏽") + ["\r\n"]

    func text(_ g: inout SplitMix64, maxLength: Int = 24) -> String {
        String((0..<Int.random(in: 0...maxLength, using: &g)).map { _ in Self.alphabet.randomElement(using: &g)! })
    }

    func number(_ g: inout SplitMix64) -> Double {
        let special: [Double] = [0, 1, 0.5, 0.1, 1e-7, 3.5e-5, 0.999_999_999_999, 123_456_789, 1e21, 2.0 / 3.0]
        return Bool.random(using: &g) ? special.randomElement(using: &g)! : Double.random(in: 0..<1, using: &g)
    }

    func date(_ g: inout SplitMix64) -> Date {
        // 1970-2100, with fractions of a second (the server's clock has them; JSON keeps whole seconds).
        Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &g))
    }

    func maybe<T>(_ g: inout SplitMix64, _ value: T) -> T? { Bool.random(using: &g) ? value : nil }

    @Test func receiptsAreWrittenAsTheEncoderWritesThem() throws {
        let (store, _) = try temporaryStore()
        var g = SplitMix64(seed: 41)
        for i in 0..<2_000 {
            let sla = SLASummary(firstResponseDueAt: maybe(&g, date(&g)), resolutionDueAt: maybe(&g, date(&g)), state: text(&g, maxLength: 10))
            let receipt = CaseReceipt(trackingId: TrackingID.sample(seed: UInt64(i)), status: Status.allCases.randomElement(using: &g)!,
                                      kind: Kind.allCases.randomElement(using: &g)!, category: maybe(&g, text(&g)),
                                      receivedAt: date(&g), sla: maybe(&g, sla))
            #expect(StoredJSON.receipt(receipt) == (try store.json(receipt)))
        }
    }

    @Test func theChangesIntakeWritesAreWrittenAsTheEncoderWritesThem() throws {
        let (store, _) = try temporaryStore()
        var g = SplitMix64(seed: 42)
        var written = Set<String>()
        for i in 0..<4_000 {
            let change: CaseChange
            switch i % 5 {
            case 0: change = .received(ReceivedChange(kind: Kind.allCases.randomElement(using: &g)!, channel: Channel.allCases.randomElement(using: &g)!,
                                                      category: maybe(&g, text(&g)), segment: maybe(&g, Segment.allCases.randomElement(using: &g)!),
                                                      priority: Priority.allCases.randomElement(using: &g)!))
            case 1: change = .categorized(CategoryChange(category: text(&g), confidence: maybe(&g, number(&g))))
            case 2: change = .suggested(CategoryChange(category: text(&g), confidence: maybe(&g, number(&g))))
            case 3: change = .queueChanged(text(&g))
            default: change = .possibleDuplicate(PossibleDuplicate(of: TrackingID.sample(seed: UInt64(i)), similarity: number(&g)))
            }
            let fast = try #require(StoredJSON.change(change), "\(change) should be written by hand")
            #expect(fast == (try store.json(change)))
            #expect(try JSONDecoder().decode(CaseChange.self, from: Data(fast.utf8)) == change)
            written.insert(change.type)
        }
        #expect(written.count == 5)
    }

    @Test func otherChangesAreLeftToTheEncoder() {
        let others: [CaseChange] = [
            .queueChanged(nil), .assigned("somchai"), .internalNote("x"), .publicReply("y"), .citizenMessage("z"),
            .statusChanged(StatusChange(from: .received, to: .inProgress)), .kindChanged(.inquiry), .priorityChanged(.urgent),
            .possibleDuplicate(PossibleDuplicate(of: TrackingID.sample(seed: 1), similarity: .nan)),
        ]
        for change in others { #expect(StoredJSON.change(change) == nil, "\(change)") }
    }
}
