import Foundation
import HummingbirdTesting
import Logging
import SiangCore
import SiangStore
import SiangTestSupport
import Testing
@testable import SiangServer

/// What `/healthz` and `/metrics` say about the store, and what servers sharing a PostgreSQL database
/// share besides the data: the per-address allowances and the form-signing secret (DESIGN.md 5.11).
@Suite struct StoreOperationsTests {
    enum Kind: String, CaseIterable, Sendable { case sqlite, postgresql }

    /// A server on a fresh store of `kind`, or on the PostgreSQL database at `url` when given.
    static func services(_ kind: Kind, url: String? = nil, environment: [String: String] = TestServer.generousLimits,
                         clock: any SiangClock = SystemClock()) async throws -> SiangServices {
        let directory = NSTemporaryDirectory() + "siang-store-ops-\(UUID().uuidString)"
        let store: any CaseStore = switch kind {
        case .sqlite: try SQLiteStore(dataDirectory: directory, cipher: .forTests)
        case .postgresql: try await PostgresStore(url: try url ?? TestPostgres.freshDatabaseURL(), cipher: .forTests, maxConnections: 3, connectTimeout: TestPostgres.connectTimeout)
        }
        let configuration = try ConfigurationLoader.load(overrideYAML: "metrics: {token: test-scraper}", environment: environment)
        return try await SiangServices(configuration: configuration, store: store, dataDirectory: directory, clock: clock,
                                       classifier: try TestServer.sharedClassifier(), environment: [:])
    }

    static func run(_ services: SiangServices, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await SiangApplication.make(services: services, host: "127.0.0.1", port: 0, logger: Logger(label: "test")).test(.router, body)
    }

    @Test(arguments: Kind.allCases) func healthSaysWhichStoreAnswers(_ kind: Kind) async throws {
        try await Self.run(try await Self.services(kind)) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(try health.json() as NSDictionary == ["status": "ok", "store": kind.rawValue] as NSDictionary)
            #expect(!health.text.contains("postgres://"), "never the URL")
        }
    }

    @Test(arguments: Kind.allCases) func metricsShowThePoolOnPostgreSQLOnly(_ kind: Kind) async throws {
        try await Self.run(try await Self.services(kind)) { client in
            _ = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(["text": "ทดสอบ"]))
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer test-scraper"])
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("siang_http_requests_total"), "one exposition with the rest")
            switch kind {
            case .sqlite:
                #expect(!metrics.text.contains("siang_store_"))
            case .postgresql:
                #expect(metrics.text.contains("# HELP siang_store_pool_max_connections "))
                #expect(metrics.text.contains("# TYPE siang_store_pool_max_connections gauge\nsiang_store_pool_max_connections 3\n"))
                // The scrape's own read of the store has ended before the exposition is written.
                #expect(metrics.text.contains("# TYPE siang_store_operations_in_flight gauge\nsiang_store_operations_in_flight 0\n"))
                #expect(metrics.text.contains("# TYPE siang_store_serialization_retries_total counter\nsiang_store_serialization_retries_total "))
                #expect(metrics.text.contains("# TYPE siang_store_errors_total counter\nsiang_store_errors_total 0\n"))
            }
        }
    }

    @Test func healthIs503AndTheErrorIsCountedWhenTheDatabaseFails() async throws {
        let url = try TestPostgres.freshDatabaseURL()
        let services = try await Self.services(.postgresql, url: url)
        try TestPostgres.psql(url, "DROP TABLE cases CASCADE")
        try await Self.run(services) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .serviceUnavailable)
            #expect(!health.text.contains("cases"), "the database's words stay in the server")
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer test-scraper"])
            #expect(metrics.text.contains("\nsiang_store_errors_total 1\n") || metrics.text.contains("\nsiang_store_errors_total 2\n"),
                    "the failed health check (and the scrape's own failed read) are counted")
        }
    }

    @Test func twoServersOnOnePostgreSQLShareTheIntakeAllowanceAndTheFormSecret() async throws {
        let url = try TestPostgres.freshDatabaseURL()
        let limits = RateLimitTests.limits(intakePerMinute: 1)
        // One stopped clock for both: the second is refused at the very instant the first spent the allowance.
        let clock = PinnedClock(instant: Date())
        let first = try await Self.services(.postgresql, url: url, environment: limits, clock: clock)
        let second = try await Self.services(.postgresql, url: url, environment: limits, clock: clock)
        #expect(first.limits.limiter is PostgresRateLimits)
        try await Self.run(first) { client in
            let r = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(RateLimitTests.complaint))
            #expect(r.status == .created)
        }
        try await Self.run(second) { client in
            let r = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(RateLimitTests.complaint))
            #expect(r.status == .tooManyRequests, "the address spent its allowance on the other server")
            #expect(r.headers[.retryAfter] == "60")
        }
        // A form nonce one server hands out is accepted by the other.
        let cookie = FormTokens.newCookieValue()
        #expect(second.formTokens.verify(first.formTokens.issue(cookie: cookie), cookie: cookie) != nil)
    }

    @Test func theSQLiteStoreCountsInTheProcess() async throws {
        let services = try await Self.services(.sqlite)
        #expect(services.limits.limiter is InMemoryRateLimiter)
    }
}
