import Foundation
import Testing
@testable import SiangCore
@testable import SiangStore

/// The texts the emerging topics read: the cases received in a window, oldest first, on both stores.
@Suite struct CaseTextStoreTests {
    static let start = Date(timeIntervalSince1970: 1_759_251_600)   // 2025-10-01T00:00+07:00

    func newCase(_ n: UInt64, at: Date, category: String, subject: String?, text: String) -> NewCase {
        let id = TrackingID.sample(seed: n)
        let intake = Intake(kind: .complaint, subject: subject, text: text, channel: .web, receivedAt: at)
        let events = [CaseEvent(at: at, actor: "citizen", change: .received(ReceivedChange(kind: .complaint, channel: .web, category: category,
                                                                                           segment: nil, priority: .normal)))]
        let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: category, receivedAt: at, sla: nil)
        return NewCase(trackingID: id, intake: intake, events: events, outbox: [], fingerprint: "f-\(id)", receipt: receipt)
    }

    @Test(arguments: StoreKind.allCases) func casesOfTheWindowComeBackOldestFirst(_ kind: StoreKind) async throws {
        let store = try #require(try await freshStore(kind) as? any CaseTextStore & CaseStore)
        let day: TimeInterval = 86_400
        _ = try await store.create(newCase(1, at: Self.start.addingTimeInterval(2 * day), category: "water", subject: "น้ำขุ่น", text: "น้ำประปาขุ่นมาก"))
        _ = try await store.create(newCase(2, at: Self.start.addingTimeInterval(-1), category: "road", subject: nil, text: "ก่อนช่วง"))
        _ = try await store.create(newCase(3, at: Self.start, category: "road", subject: nil, text: "ถนนเป็นหลุม"))
        _ = try await store.create(newCase(4, at: Self.start.addingTimeInterval(31 * day), category: "road", subject: nil, text: "หลังช่วง"))
        let texts = try await store.caseTexts(receivedFrom: Self.start, to: Self.start.addingTimeInterval(31 * day))
        #expect(texts == [
            CaseText(category: "road", receivedAt: Self.start, subject: nil, text: "ถนนเป็นหลุม"),
            CaseText(category: "water", receivedAt: Self.start.addingTimeInterval(2 * day), subject: "น้ำขุ่น", text: "น้ำประปาขุ่นมาก"),
        ])
    }
}
