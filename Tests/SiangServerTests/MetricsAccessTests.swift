import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
@testable import SiangServer

/// Issue 11: `/metrics` answers a client on this machine, or one with `metrics.token`; everyone else,
/// and anyone who came through a proxy, is told there is no such page.
@Suite struct MetricsAccessTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// Over a real socket on loopback, so the peer address is the one a local scraper has.
    func live(_ server: TestServer, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = SiangApplication.make(services: server.services, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.live, body)
    }

    @Test func aLoopbackClientReadsTheMetrics() async throws {
        let server = try await TestServer()
        try await live(server) { client in
            let answer = try await client.execute(uri: "/metrics", method: .get)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("text/plain") == true)
        }
    }

    @Test func aRequestThroughAProxyIsNotTakenAsLocal() async throws {
        let server = try await TestServer()
        try await live(server) { client in
            for header in ["X-Forwarded-For", "Forwarded", "X-Real-IP"] {
                let answer = try await client.execute(uri: "/metrics", method: .get, headers: [HTTPField.Name(header)!: "203.0.113.9"])
                #expect(answer.status == .notFound, "\(header)")
                #expect(!String(buffer: answer.body).contains("siang_http_requests_total"))
            }
        }
    }

    @Test func aClientOfUnknownAddressNeedsTheToken() async throws {
        // The router test client has no peer address: the same as a remote client.
        let open = try await TestServer()
        try await open.test { client in
            let plain = try await client.execute(uri: "/metrics", method: .get)
            let withSomeToken = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer anything"])
            #expect(plain.status == .notFound)
            #expect(withSomeToken.status == .notFound)
        }
        let guarded = try await TestServer(configYAML: "metrics: {token: s3cret-scraper-token}")
        try await guarded.test { client in
            for authorization in [nil, "Bearer wrong", "s3cret-scraper-token", "Bearer s3cret-scraper-token-and-more"] {
                var headers = HTTPFields()
                if let authorization { headers[.authorization] = authorization }
                let refused = try await client.execute(uri: "/metrics", method: .get, headers: headers)
                #expect(refused.status == .notFound, "\(authorization ?? "no token")")
            }
            let scraped = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer s3cret-scraper-token",
                                                                                          Self.forwardedFor: "203.0.113.9"])
            #expect(scraped.status == .ok)
        }
    }
}
