import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Testing
@testable import SiangServer

/// The in-memory limiter (SQLite) and the PostgreSQL one run the same ``RateAllowance`` arithmetic,
/// the second as SQL: on the same sequence of requests they must decide exactly alike.
@Suite struct RateLimiterParityTests {
    @Test func bothLimitersDecideEveryRequestOfALongRandomSequenceAlike() async throws {
        let limits = try ConfigurationLoader.load(overrideYAML: """
            limits: {intakePerMinute: 3, intakePerHour: 7, lookupsPerMinute: 4, lookupMissesPerHour: 5}
            """, environment: [:]).limits
        let memory = InMemoryRateLimiter(limits: limits)
        let database = PostgresRateLimits(store: try await PostgresStore(url: try TestPostgres.freshDatabaseURL(), cipher: .forTests, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout),
                                          limits: limits)
        var random = SplitMix64(seed: 14)
        var now = Date(timeIntervalSince1970: 1_800_000_000)
        var refusals = 0
        for step in 0..<400 {
            // Mostly small steps (bursts), now and then a long pause (refills), once in a while a clock step back.
            now.addTimeInterval([0, 0, 1, 2.5, 7, 19, 300, -3][Int.random(in: 0..<8, using: &random)])
            let client = ["192.0.2.1", "192.0.2.2", "2001:db8::/64"][Int.random(in: 0..<3, using: &random)]
            switch Int.random(in: 0..<3, using: &random) {
            case 0, 1:
                let action: RateLimitedAction = Bool.random(using: &random) ? .intake : .lookup
                let expected = memory.admit(action, client: client, at: now)
                #expect(try await database.admit(action, client: client, at: now) == expected, "step \(step)")
                if expected != .allowed { refusals += 1 }
            default:
                memory.recordMiss(client: client, at: now)
                try await database.recordMiss(client: client, at: now)
            }
        }
        #expect(refusals > 20, "the sequence must reach the limits to compare refusals too")
    }
}
