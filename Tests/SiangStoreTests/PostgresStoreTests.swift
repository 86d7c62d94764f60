import Foundation
import SiangStore
import SiangTestSupport
import Testing

/// What only the PostgreSQL store has: its URL, its migrations under a lock, its pool.
@Suite struct PostgresStoreTests {
    @Test func migrationsRunOnceWhenSeveralServersStartTogether() async throws {
        let url = try TestPostgres.freshDatabaseURL()
        // Four servers starting at once on one empty database: each migration runs once, none fails.
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore(url: url, cipher: .forTests, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 4)
        for store in stores { #expect(try await store.caseCount() == 0) }
        stores.forEach { $0.close() }
    }

    @Test(arguments: [
        "mysql://u@h/db", "postgres://u@/db", "postgres://h/db", "postgres://u@h", "postgres://u@h/db?sslmode=sometimes",
    ])
    func badURLsAreRefusedInWords(url: String) async throws {
        await #expect(throws: StoreError.self) { _ = try await PostgresStore(url: url, cipher: .forTests) }
    }

    @Test func anUnreachableServerIsUnavailableNotACrash() async throws {
        let port = TestPostgres.freePort()
        do {
            _ = try await PostgresStore(url: "postgres://postgres@127.0.0.1:\(port)/nothing?sslmode=disable", cipher: .forTests, connectTimeout: .seconds(2))
            Issue.record("a store opened on a port nothing listens on")
        } catch let error as StoreError {
            guard case .unavailable = error else { Issue.record("expected unavailable, got \(error)"); return }
        }
    }

    @Test func aLeaseIsHeldByOneServerUntilItRunsOutOrIsGivenUp() async throws {
        let store = try await PostgresStore(url: try TestPostgres.freshDatabaseURL(), cipher: .forTests, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout)
        defer { store.close() }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await store.holdLease("outbox", holder: "a", until: t0 + 15, now: t0))
        // Another server cannot take it while it runs; its holder renews it.
        #expect(try await !store.holdLease("outbox", holder: "b", until: t0 + 20, now: t0 + 5))
        #expect(try await store.holdLease("outbox", holder: "a", until: t0 + 25, now: t0 + 10))
        #expect(try await !store.holdLease("outbox", holder: "b", until: t0 + 35, now: t0 + 20))
        // Unrenewed past its end (server a died), b takes it over; a cannot come back while b holds it.
        #expect(try await store.holdLease("outbox", holder: "b", until: t0 + 41, now: t0 + 26))
        #expect(try await !store.holdLease("outbox", holder: "a", until: t0 + 42, now: t0 + 27))
        // Other jobs' leases are apart; a lease given up is free at once.
        #expect(try await store.holdLease("sla-ticker", holder: "a", until: t0 + 42, now: t0 + 27))
        try await store.releaseLease("outbox", holder: "a")
        #expect(try await !store.holdLease("outbox", holder: "a", until: t0 + 43, now: t0 + 28))
        try await store.releaseLease("outbox", holder: "b")
        #expect(try await store.holdLease("outbox", holder: "a", until: t0 + 43, now: t0 + 28))
    }
}
