import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Synchronization
import Testing

/// The rate limits of servers sharing one PostgreSQL database (DESIGN.md 5.11, 5.12): one allowance
/// per address whichever server counts it, refilled by the limiter's clock, never overdrawn by
/// concurrent requests. Each "server" is its own ``PostgresStore`` (its own pool) on one database.
@Suite struct PostgresRateLimitTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func limits(intakePerMinute: Int = 100, intakePerHour: Int = 1000, lookupsPerMinute: Int = 100,
                       missesPerHour: Int = 100) throws -> IntakeLimits {
        try ConfigurationLoader.load(overrideYAML: """
            limits: {intakePerMinute: \(intakePerMinute), intakePerHour: \(intakePerHour), \
            lookupsPerMinute: \(lookupsPerMinute), lookupMissesPerHour: \(missesPerHour)}
            """, environment: [:]).limits
    }

    /// Two servers (two stores, two limiters) on one fresh database.
    static func twoServers(_ limits: IntakeLimits, connections: Int = 2) async throws -> (PostgresRateLimits, PostgresRateLimits) {
        let url = try TestPostgres.freshDatabaseURL()
        let first = try await PostgresStore(url: url, cipher: .forTests, maxConnections: connections, connectTimeout: TestPostgres.connectTimeout)
        let second = try await PostgresStore(url: url, cipher: .forTests, maxConnections: connections, connectTimeout: TestPostgres.connectTimeout)
        return (PostgresRateLimits(store: first, limits: limits), PostgresRateLimits(store: second, limits: limits))
    }

    @Test func twoServersShareOneAllowanceAndItRefillsWithTheClock() async throws {
        // Two a minute: a token comes back every 30 seconds.
        let (a, b) = try await Self.twoServers(try Self.limits(intakePerMinute: 2))
        #expect(try await a.admit(.intake, client: "192.0.2.1", at: Self.t0) == .allowed)
        #expect(try await a.admit(.intake, client: "192.0.2.1", at: Self.t0) == .allowed)
        #expect(try await b.admit(.intake, client: "192.0.2.1", at: Self.t0) == .refused(retryAfterSeconds: 30),
                "the second server sees the allowance the first spent")
        #expect(try await b.admit(.intake, client: "192.0.2.2", at: Self.t0) == .allowed, "another address has its own")
        #expect(try await b.admit(.intake, client: "192.0.2.1", at: Self.t0.addingTimeInterval(29)) == .refused(retryAfterSeconds: 1))
        #expect(try await a.admit(.intake, client: "192.0.2.1", at: Self.t0.addingTimeInterval(30)) == .allowed)
        #expect(try await b.admit(.intake, client: "192.0.2.1", at: Self.t0.addingTimeInterval(30)) == .refused(retryAfterSeconds: 30))
        // A clock that steps back refills nothing (and is not refused for it beyond the real wait).
        #expect(try await b.admit(.intake, client: "192.0.2.1", at: Self.t0) == .refused(retryAfterSeconds: 30))
    }

    @Test func theHourlyIntakeLimitHoldsWhenTheMinuteOneHasRoom() async throws {
        // 10 a minute but 3 an hour: the fourth waits for an hourly token, 1200 seconds.
        let (a, b) = try await Self.twoServers(try Self.limits(intakePerMinute: 10, intakePerHour: 3))
        for server in [a, b, a] { #expect(try await server.admit(.intake, client: "c", at: Self.t0) == .allowed) }
        #expect(try await b.admit(.intake, client: "c", at: Self.t0) == .refused(retryAfterSeconds: 1200))
        #expect(try await a.admit(.lookup, client: "c", at: Self.t0) == .allowed, "lookups have their own allowance")
    }

    @Test func missesCountedOnOneServerStopLookupsOnTheOther() async throws {
        // Two misses an hour: spent, a miss comes back every 1800 seconds.
        let (a, b) = try await Self.twoServers(try Self.limits(missesPerHour: 2))
        #expect(try await a.admit(.lookup, client: "m", at: Self.t0) == .allowed)
        try await a.recordMiss(client: "m", at: Self.t0)
        #expect(try await b.admit(.lookup, client: "m", at: Self.t0) == .allowed, "one miss left")
        try await b.recordMiss(client: "m", at: Self.t0)
        #expect(try await a.admit(.lookup, client: "m", at: Self.t0) == .refused(retryAfterSeconds: 1800))
        #expect(try await b.admit(.intake, client: "m", at: Self.t0) == .allowed, "misses do not stop filing a case")
        #expect(try await b.admit(.lookup, client: "m", at: Self.t0.addingTimeInterval(1800)) == .allowed)
        // A miss from an address never seen before starts it with a full allowance less that one miss.
        try await a.recordMiss(client: "new", at: Self.t0)
        try await a.recordMiss(client: "new", at: Self.t0)
        #expect(try await b.admit(.lookup, client: "new", at: Self.t0) == .refused(retryAfterSeconds: 1800))
    }

    @Test func sixteenConcurrentAdmitsNeverExceedTheAllowance() async throws {
        // Five a minute, sixteen requests at the same instant through two servers: exactly five pass.
        let (a, b) = try await Self.twoServers(try Self.limits(intakePerMinute: 5), connections: 6)
        let decisions = try await withThrowingTaskGroup(of: RateLimitDecision.self) { group in
            for i in 0..<16 {
                let server = i.isMultiple(of: 2) ? a : b
                group.addTask { try await server.admit(.intake, client: "burst", at: Self.t0) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(decisions.filter { $0 == .allowed }.count == 5)
        // Refused ones wait for the next token: 5 a minute is one every 12 seconds.
        #expect(decisions.filter { $0 == .refused(retryAfterSeconds: 12) }.count == 11)
    }

    @Test func allowancesIdleLongerThanTheLongestWindowAreDeleted() async throws {
        let (a, b) = try await Self.twoServers(try Self.limits(intakePerMinute: 1))
        #expect(try await a.admit(.intake, client: "old", at: Self.t0) == .allowed)
        #expect(try await a.admit(.intake, client: "recent", at: Self.t0.addingTimeInterval(600)) == .allowed)
        #expect(try await b.purgeIdle(at: Self.t0.addingTimeInterval(3600)) == 0, "an hour idle is not yet longer than the window")
        #expect(try await b.purgeIdle(at: Self.t0.addingTimeInterval(3601)) == 1)
        // The deleted one starts full; the kept one is still counted.
        #expect(try await b.admit(.intake, client: "old", at: Self.t0.addingTimeInterval(3601)) == .allowed)
        #expect(try await b.admit(.intake, client: "recent", at: Self.t0.addingTimeInterval(601)) == .refused(retryAfterSeconds: 59))
    }
}

/// The form-signing secret of servers sharing one database: the first one stored is everyone's.
@Suite struct PostgresSharedSecretTests {
    @Test func twoServersOnOneDatabaseGetTheFirstSecretAndKeepItAfterARestart() async throws {
        let url = try TestPostgres.freshDatabaseURL()
        let first = try await PostgresStore(url: url, cipher: .forTests, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout)
        let second = try await PostgresStore(url: url, cipher: .forTests, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout)
        let made = Data(repeating: 1, count: 32)
        #expect(try await first.sharedSecret(named: "form-signing", orMake: { made }) == made)
        #expect(try await second.sharedSecret(named: "form-signing", orMake: { Data(repeating: 2, count: 32) }) == made)
        #expect(try await second.sharedSecret(named: "other", orMake: { Data(repeating: 3, count: 32) }) == Data(repeating: 3, count: 32),
                "each name has its own secret")
        first.close()
        second.close()
        let restarted = try await PostgresStore(url: url, cipher: .forTests, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout)
        #expect(try await restarted.sharedSecret(named: "form-signing", orMake: { Data(repeating: 4, count: 32) }) == made)
    }

    @Test func serversStartingAtOnceAllGetTheSameSecret() async throws {
        let url = try TestPostgres.freshDatabaseURL()
        let secrets = try await withThrowingTaskGroup(of: Data.self) { group in
            for i in 0..<6 {
                group.addTask {
                    let store = try await PostgresStore(url: url, cipher: .forTests, maxConnections: 1, connectTimeout: TestPostgres.connectTimeout)
                    return try await store.sharedSecret(named: "form-signing", orMake: { Data(repeating: UInt8(i), count: 32) })
                }
            }
            return try await group.reduce(into: Set<Data>()) { $0.insert($1) }
        }
        #expect(secrets.count == 1)
    }
}
