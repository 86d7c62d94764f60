import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import SiangServer
import SiangCore
import SiangTestSupport

/// The per-address limits on intake and lookups (DESIGN.md 5.12), on the JSON API and the pages alike.
@Suite struct RateLimitTests {
    static func limits(intakePerMinute: Int = 1000, intakePerHour: Int = 1000, lookupsPerMinute: Int = 1000,
                       missesPerHour: Int = 1000) -> [String: String] {
        ["SIANG_LIMITS_INTAKE_PER_MINUTE": "\(intakePerMinute)", "SIANG_LIMITS_INTAKE_PER_HOUR": "\(intakePerHour)",
         "SIANG_LIMITS_LOOKUPS_PER_MINUTE": "\(lookupsPerMinute)", "SIANG_LIMITS_LOOKUP_MISSES_PER_HOUR": "\(missesPerHour)"]
    }

    static var complaint: [String: Any] { ["text": "ไฟถนนดับหน้าซอย 5 มาสามคืนแล้ว", "category": "lighting"] }

    static func errorCode(_ r: TestResponse) throws -> String? {
        (try r.json()["error"] as? [String: Any])?["code"] as? String
    }

    @Test func intakeFromOneAddressIsRefusedWith429AndRetryAfterUntilTheWindowRefills() async throws {
        let clock = MovableClock(staffMonday)
        let server = try await TestServer(clock: clock, environment: Self.limits(intakePerMinute: 3, intakePerHour: 5))
        let token = try await server.staffToken()
        try await server.test { client in
            for _ in 0..<3 {
                let r = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(Self.complaint))
                #expect(r.status == .created)
            }
            let refused = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(Self.complaint))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] == "20", "three a minute: one comes back every 20 seconds")
            #expect(try Self.errorCode(refused) == "too_many_requests")
            #expect(refused.text.contains("20 seconds"))

            // A staff token (the hotline desk entering calls) is not limited.
            var staff = jsonHeaders
            staff[.authorization] = "Bearer \(token)"
            #expect(try await client.execute(uri: "/api/v1/complaints", method: .post, headers: staff, body: jsonBody(Self.complaint)).status == .created)

            clock.advance(20)
            #expect(try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(Self.complaint)).status == .created)
            clock.advance(20)
            #expect(try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(Self.complaint)).status == .created)
            // Five in the hour are spent although the minute has room again.
            clock.advance(60)
            let hourly = try await client.execute(uri: "/api/v1/complaints", method: .post, headers: jsonHeaders, body: jsonBody(Self.complaint))
            #expect(hourly.status == .tooManyRequests)
            #expect((Int(hourly.headers[.retryAfter] ?? "") ?? 0) > 60)
        }
    }

    @Test func theWebFormIsLimitedLikeTheAPIAndKeepsWhatWasTyped() async throws {
        let server = try await TestServer(clock: PinnedClock(instant: staffMonday), environment: Self.limits(intakePerMinute: 1))
        let pages = CitizenPageTests()
        try await server.test { client in
            var created: [TrackingID] = []
            for text in ["ท่อระบายน้ำอุดตันหน้าตลาด", "ขยะไม่ได้เก็บมาสามวันแล้ว"] {
                let (nonce, cookie) = try await pages.openForm(client)
                var (headers, body) = pages.multipart([("nonce", nonce), ("kind", "complaint"), ("text", text), ("category", "unsure")])
                headers[.cookie] = cookie
                let r = try await client.execute(uri: "/complaints", method: .post, headers: headers, body: body)
                if r.status == .seeOther { created.append(try TrackingID.parse(String(r.headers[.location]!.dropFirst(7).prefix { $0 != "?" }), expectedPrefix: "CMP")); continue }
                #expect(r.status == .tooManyRequests)
                #expect(r.headers[.retryAfter] == "60")
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(r.text.contains("กรุณารอประมาณ 1 นาที"))
                #expect(r.text.contains(text), "what the citizen typed comes back in the form")
            }
            #expect(created.count == 1)
        }
    }

    @Test func lookupsArePerMinuteAcrossTheAPIAndThePages() async throws {
        let clock = MovableClock(staffMonday)
        let server = try await TestServer(clock: clock, environment: Self.limits(lookupsPerMinute: 4))
        let id = try await file(server, at: clock.now())
        try await server.test { client in
            #expect(try await client.execute(uri: "/api/v1/track/\(id)", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/api/v1/track/\(id)", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/track/\(id)", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/track?id=\(id)", method: .get).status == .seeOther)
            let api = try await client.execute(uri: "/api/v1/track/\(id)", method: .get)
            #expect(api.status == .tooManyRequests)
            #expect(api.headers[.retryAfter] == "15")
            let page = try await client.execute(uri: "/track/\(id)", method: .get)
            #expect(page.status == .tooManyRequests)
            #expect(page.headers[.retryAfter] == "15")
            #expect(page.text.contains("กรุณารอประมาณ 15 วินาที"))
            clock.advance(15)
            #expect(try await client.execute(uri: "/track/\(id)", method: .get).status == .ok)
        }
    }

    @Test func repeatedMissesFromOneAddressStopItsLookupsEvenOfRealCases() async throws {
        let clock = MovableClock(staffMonday)
        let server = try await TestServer(clock: clock, environment: Self.limits(missesPerHour: 3))
        let id = try await file(server, at: clock.now())
        let token = try await server.staffToken()
        var rng = SplitMix64(seed: 11)
        let unknown = try TrackingID.generate(prefix: "CMP", beYear: 2569, using: &rng)
        let mistyped = String(id.description.dropLast()) + (id.description.hasSuffix("2") ? "3" : "2")
        try await server.test { client in
            #expect(try await client.execute(uri: "/api/v1/track/\(unknown)", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/track/\(mistyped)", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/track/\(unknown)", method: .get).status == .notFound)
            // Three misses this hour: even a real case is not looked up now, by page or API.
            let refused = try await client.execute(uri: "/api/v1/track/\(id)", method: .get)
            #expect(refused.status == .tooManyRequests)
            #expect((Int(refused.headers[.retryAfter] ?? "") ?? 0) >= 1_000, "one miss comes back every 20 minutes")
            #expect(try await client.execute(uri: "/track/\(id)", method: .get).status == .tooManyRequests)
            #expect(try await client.execute(uri: "/track?id=\(mistyped)", method: .get).status == .tooManyRequests)
            // Staff with a token are not limited.
            #expect(try await client.execute(uri: "/api/v1/track/\(id)", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .ok)
            clock.advance(1_200)
            #expect(try await client.execute(uri: "/api/v1/track/\(id)", method: .get).status == .ok)
        }
    }

    @Test func eachClientBehindATrustedProxyHasItsOwnAllowance() async throws {
        let server = try await TestServer(configYAML: "server: {trustedProxies: [127.0.0.1]}", environment: Self.limits(intakePerMinute: 1))
        try await server.test(.live) { client in
            func post(from address: String) async throws -> HTTPResponse.Status {
                var headers = jsonHeaders
                headers[HTTPField.Name("X-Forwarded-For")!] = address
                return try await client.execute(uri: "/api/v1/complaints", method: .post, headers: headers, body: jsonBody(Self.complaint)).status
            }
            let first = try await post(from: "198.51.100.7")
            let again = try await post(from: "198.51.100.7")
            let prefixed = try await post(from: "203.0.113.9, 198.51.100.7")
            let other = try await post(from: "203.0.113.9")
            #expect(first == .created)
            #expect(again == .tooManyRequests)
            #expect(prefixed == .tooManyRequests, "what the client writes itself is not believed")
            #expect(other == .created)
        }
    }

    func file(_ server: TestServer, at: Date) async throws -> TrackingID {
        let intake = Intake(kind: .complaint, text: "ไฟถนนดับหน้าซอย 5", channel: .web, receivedAt: at, category: "lighting")
        guard case .created(let receipt) = try await server.services.pipeline.submit(intake) else { throw CocoaError(.featureUnsupported) }
        return receipt.trackingId
    }
}

@Suite struct InMemoryRateLimiterTests {
    func limiter(_ yaml: String) throws -> InMemoryRateLimiter {
        InMemoryRateLimiter(limits: try ConfigurationLoader.load(overrideYAML: "limits: {\(yaml)}", environment: [:]).limits, maxAddressesPerShard: 2)
    }

    @Test func aBurstUpToTheLimitPassesAndTheRestWaitForOneToken() throws {
        let l = try limiter("intakePerMinute: 2, intakePerHour: 100")
        let t0 = Date(timeIntervalSinceReferenceDate: 1_000)
        #expect(l.admit(.intake, client: "a", at: t0) == .allowed)
        #expect(l.admit(.intake, client: "a", at: t0) == .allowed)
        #expect(l.admit(.intake, client: "a", at: t0) == .refused(retryAfterSeconds: 30))
        #expect(l.admit(.intake, client: "b", at: t0) == .allowed, "another address has its own allowance")
        #expect(l.admit(.intake, client: "a", at: t0.addingTimeInterval(29)) == .refused(retryAfterSeconds: 1))
        #expect(l.admit(.intake, client: "a", at: t0.addingTimeInterval(30)) == .allowed)
        // A clock that steps back gives nothing back.
        #expect(l.admit(.intake, client: "a", at: t0) == .refused(retryAfterSeconds: 30))
    }

    @Test func aFloodOfNewAddressesNeverGrowsTheTableWithoutBound() throws {
        let l = try limiter("lookupsPerMinute: 1")
        let t0 = Date(timeIntervalSinceReferenceDate: 1_000)
        for i in 0..<5_000 { _ = l.admit(.lookup, client: "10.0.\(i / 256).\(i % 256)", at: t0) }
        let held = l.shards.reduce(0) { $0 + $1.allowances.withLock { $0.count } }
        #expect(held <= InMemoryRateLimiter.shardCount * 2)
    }
}
