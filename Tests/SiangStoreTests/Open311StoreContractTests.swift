import Foundation
import SiangCore
import SiangPipeline
import SiangStore
import Testing

/// ``Open311Store`` on both stores: API keys kept by hash, revoked and counted; the service-request
/// list filtered by receipt time, category and status, restricted categories never in it.
@Suite struct Open311StoreContractTests {
    let now = Date(timeIntervalSince1970: 1_795_143_600)  // 2026-11-20T10:00:00+07:00

    @Test(arguments: StoreKind.allCases) func aKeyIsFoundByItsHashUntilItIsRevoked(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let added = try await store.addOpen311Key(name: "fixmystreet", hash: "hash-1", at: now)
        #expect(added.name == "fixmystreet" && added.requestCount == 0 && added.revokedAt == nil)
        #expect(try await store.open311Key(hash: "hash-1") == added)
        #expect(try await store.open311Key(hash: "hash-2") == nil)

        await #expect(throws: StoreError.invalid("an Open311 key named fixmystreet exists already")) {
            _ = try await store.addOpen311Key(name: "fixmystreet", hash: "hash-3", at: now)
        }
        #expect(try await store.revokeOpen311Key(name: "fixmystreet", at: now + 60))
        #expect(try await store.open311Key(hash: "hash-1") == nil, "a revoked key opens nothing")
        #expect(try await store.revokeOpen311Key(name: "fixmystreet", at: now + 120) == false, "revoked once")
        #expect(try await store.revokeOpen311Key(name: "nobody", at: now) == false)
        let listed = try await store.open311Keys()
        #expect(listed.map(\.name) == ["fixmystreet"])
        #expect(listed.first?.revokedAt == now + 60)
    }

    @Test(arguments: StoreKind.allCases) func everyRequestWithAKeyIsCounted(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let city = try await store.addOpen311Key(name: "city-dashboard", hash: "hash-city", at: now)
        let app = try await store.addOpen311Key(name: "civic-app", hash: "hash-app", at: now)
        for n in 0..<3 { try await store.countOpen311Request(keyID: city.id, at: now + Double(n)) }
        try await store.countOpen311Request(keyID: app.id, at: now + 10)
        let counts = Dictionary(uniqueKeysWithValues: try await store.open311Keys().map { ($0.name, ($0.requestCount, $0.lastUsedAt)) })
        #expect(counts["city-dashboard"]?.0 == 3 && counts["city-dashboard"]?.1 == now + 2)
        #expect(counts["civic-app"]?.0 == 1 && counts["civic-app"]?.1 == now + 10)
    }

    @Test(arguments: StoreKind.allCases) func theRequestListIsFilteredInTheQuery(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let pipeline = IntakePipeline(store: store, configuration: try SiangConfiguration.defaults(), clock: FixedClock(instant: now))
        func submit(_ category: String, daysAgo: Double) async throws -> TrackingID {
            let intake = Intake(kind: .complaint, text: "เรื่อง \(category) \(daysAgo)", channel: .open311, receivedAt: now - daysAgo * 86_400,
                                category: category)
            guard case .created(let receipt) = try await pipeline.submit(intake) else { throw StoreError.notFound }
            return receipt.trackingId
        }
        let road = try await submit("road", daysAgo: 1)
        let waste = try await submit("waste", daysAgo: 10)
        let oldRoad = try await submit("road", daysAgo: 100)
        _ = try await submit("corruption", daysAgo: 2)
        try await store.append([CaseEvent(at: now - 5 * 86_400, actor: "staff:somchai",
                                          change: .statusChanged(StatusChange(from: .received, to: .resolved, publicNote: "เก็บแล้ว")))],
                               to: waste, expectedEventCount: nil, outbox: [])
        let ninetyDays = Open311RequestQuery(receivedFrom: now - 90 * 86_400, receivedUntil: now, hiddenCategories: ["corruption"], limit: 1_000)
        #expect(try await store.open311RequestIDs(ninetyDays) == [road, waste], "most recent first; the restricted case and the old one left out")

        var roads = ninetyDays
        roads.categories = ["road"]
        #expect(try await store.open311RequestIDs(roads) == [road])

        var closed = ninetyDays
        closed.statuses = [.resolved, .closed, .referred, .rejected, .duplicate]
        #expect(try await store.open311RequestIDs(closed) == [waste])

        var older = ninetyDays
        older.receivedFrom = now - 120 * 86_400
        older.receivedUntil = now - 95 * 86_400
        #expect(try await store.open311RequestIDs(older) == [oldRoad])

        var one = ninetyDays
        one.limit = 1
        #expect(try await store.open311RequestIDs(one) == [road])

        var everything = ninetyDays
        everything.hiddenCategories = []
        #expect(try await store.open311RequestIDs(everything).count == 3)
    }
}
