import Foundation
import GRDB
import Testing
@testable import SiangCore
@testable import SiangStore

/// The case facts of a report read in parts at once (one per core) are the facts one query over the
/// whole range gives, in the same order, whatever the number of parts and wherever the cuts fall.
@Suite struct CaseFactPartsTests {
    let start = Date(timeIntervalSince1970: 1_730_000_000)

    /// Cases received over two years, several at the same instant, unevenly: most in the last months.
    func store() async throws -> SQLiteStore {
        let (store, _) = try temporaryStore()
        var offsets: [Double] = [0, 0, 0, 86_400, 86_400 * 30]
        for n in 0..<60 { offsets.append(86_400 * (600 + Double(n % 40) * 3)) }
        var ids = SplitMixIDs()
        for (n, offset) in offsets.enumerated() {
            let intake = Intake(kind: n % 3 == 0 ? .inquiry : .complaint, text: "เรื่องที่ \(n)", channel: n % 2 == 0 ? .web : .hotline,
                                receivedAt: start + offset, category: n % 4 == 0 ? nil : "water", segment: n % 5 == 0 ? .business : nil)
            guard case .created = try await plainPipeline(store, now: start + offset, ids: ids.source()).submit(intake) else {
                throw Failure("case \(n) not created")
            }
        }
        return store
    }

    /// The facts as one query reads them.
    func whole(_ store: SQLiteStore, before instant: Date) async throws -> [CaseFact] {
        try await store.pool.read { db in try CaseFactReader.columns(from: -.infinity, to: instant.timeIntervalSince1970, db: db).facts }
    }

    @Test func partsJoinIntoTheWholeInReceiptOrder() async throws {
        let store = try await store()
        let all = try await whole(store, before: .distantFuture)
        #expect(all.count == 65)
        #expect(all.map(\.receivedAt) == all.map(\.receivedAt).sorted())
        for instant in [start, start + 1, start + 86_400 * 31, start + 86_400 * 650, .distantFuture] {
            let expected = try await whole(store, before: instant)
            for parts in [1, 2, 3, 4, 7] {
                #expect(try await store.caseFactColumns(receivedBefore: instant, inParts: parts).facts == expected, "\(parts) parts before \(instant)")
            }
        }
        #expect(try await store.caseFacts(receivedBefore: start).isEmpty)
        #expect(try await store.caseFacts(receivedBefore: .distantFuture) == all)
    }
}

/// Distinct valid tracking IDs, one source per case.
struct SplitMixIDs {
    private var seed: UInt64 = 100
    mutating func source() -> ScriptedIDs {
        seed += 1
        return ScriptedIDs([TrackingID.sample(seed: seed)])
    }
}
