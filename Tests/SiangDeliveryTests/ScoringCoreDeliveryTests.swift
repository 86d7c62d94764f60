import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Synchronization
import Testing
@testable import SiangDelivery

/// Delivering a scoring-core export: the request's headers, what each answer means (2xx acknowledged and
/// never sent again, 429 after its Retry-After, 5xx and failed connections with backoff, other 4xx given
/// up), and Retry-After read as seconds or as an HTTP date.
@Suite struct ScoringCoreDeliveryTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Answers from a script, one a request, and records what was sent.
    final class ScriptedCore: ScoringCoreTransport {
        struct Sent: Sendable { var url: String; var headers: [String: String]; var body: Data }
        let script: Mutex<[Result<ScoringCoreReply, CurlError>]>
        let sent = Mutex<[Sent]>([])
        init(_ script: [Result<ScoringCoreReply, CurlError>]) { self.script = Mutex(script) }
        func post(url: String, headers: [String: String], body: Data) async throws(CurlError) -> ScoringCoreReply {
            sent.withLock { $0.append(Sent(url: url, headers: headers, body: body)) }
            let next = script.withLock { $0.isEmpty ? .success(ScoringCoreReply(status: 500)) : $0.removeFirst() }
            return try next.get()
        }
    }

    @Test func retryAfterIsReadAsSecondsOrAnHTTPDate() {
        #expect(ScoringCoreAnswer.retryAfter("1", now: Self.now) == .seconds(1))
        #expect(ScoringCoreAnswer.retryAfter(" 120 ", now: Self.now) == .seconds(120))
        let date = InternetDate.mail(Self.now.addingTimeInterval(90))
        let inHTTPForm = DateFormatter.http.string(from: Self.now.addingTimeInterval(90))
        #expect(ScoringCoreAnswer.retryAfter(inHTTPForm, now: Self.now) == .seconds(90), "IMF-fixdate \(inHTTPForm) (mail form \(date))")
        #expect(ScoringCoreAnswer.retryAfter(DateFormatter.http.string(from: Self.now.addingTimeInterval(-60)), now: Self.now) == .seconds(0))
        #expect(ScoringCoreAnswer.retryAfter("9999999999", now: Self.now) == .seconds(86_400), "a wait is capped at a day")
        #expect(ScoringCoreAnswer.retryAfter("soon", now: Self.now) == nil)
        #expect(ScoringCoreAnswer.retryAfter("-5", now: Self.now) == nil)
        #expect(ScoringCoreAnswer.retryAfter(nil, now: Self.now) == nil)
    }

    @Test func eachStatusMeansWhatTheDesignSays() {
        func outcome(_ status: Int, _ headers: [String: String] = [:]) -> ScoringCoreAnswer {
            ScoringCoreAnswer.outcome(of: ScoringCoreReply(status: status, headers: headers), now: Self.now)
        }
        #expect(outcome(200) == .acknowledged)
        #expect(outcome(201) == .acknowledged)
        #expect(outcome(202) == .acknowledged)
        #expect(outcome(429, ["retry-after": "7"]) == .retry(after: .seconds(7)))
        #expect(outcome(429) == .retry(after: nil))
        #expect(outcome(408) == .retry(after: nil))
        #expect(outcome(500) == .retry(after: nil))
        #expect(outcome(503, ["retry-after": "30"]) == .retry(after: nil), "only a 429's Retry-After sets the wait; backoff covers 5xx")
        #expect(outcome(400) == .refused)
        #expect(outcome(401) == .refused)
        #expect(outcome(409) == .refused)
        #expect(outcome(422) == .refused)
    }

    @Test func backoffDoublesFromTheBaseIsCappedAndNeverShorterThanAsked() {
        var d = OutboxDispatcher(store: try! Self.store(), deliverers: [])
        d.baseDelay = .seconds(1)
        d.maxDelay = .seconds(30)
        #expect((1...7).map { d.delay(attempt: $0, atLeast: nil) } == [1, 2, 4, 8, 16, 30, 30])
        #expect(d.delay(attempt: 1, atLeast: .seconds(10)) == 10)
        #expect(d.delay(attempt: 3, atLeast: .seconds(1)) == 4)
    }

    static func store() throws -> SQLiteStore {
        try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("siang-core-\(UUID().uuidString)").path, cipher: .forTests)
    }

    @Test func aDocumentIsRetriedThroughFailuresWithOneKeyAndNeverSentAgainOnceAcknowledged() async throws {
        let store = try Self.store()
        let clock = MovableClock(Self.now)
        let core = ScriptedCore([.failure(.transfer("Connection refused")), .success(ScoringCoreReply(status: 500)),
                                 .success(ScoringCoreReply(status: 429, headers: ["retry-after": "120"])),
                                 .success(ScoringCoreReply(status: 201))])
        let deliverer = ScoringCoreDeliverer(client: ScoringCoreClient(url: "https://core.example/api/exports", token: "t0ken", transport: core),
                                             clock: clock)
        var dispatcher = OutboxDispatcher(store: store, deliverers: [deliverer], clock: clock)
        dispatcher.baseDelay = .seconds(5)
        let document = Data("{\"schema\":\"siang.scoring-core.v1\",\"n\":1}".utf8)
        try await store.enqueueOutbox([ScoringCoreOutbox.message(for: document)], at: Self.now)

        #expect(try await dispatcher.runOnce() == 0)                 // refused connection: 5 s
        clock.advance(5)
        #expect(try await dispatcher.runOnce() == 0)                 // 500: 10 s
        clock.advance(9)
        #expect(try await dispatcher.runOnce() == 0, "not due before its backoff")
        clock.advance(1)
        #expect(try await dispatcher.runOnce() == 0)                 // 429 Retry-After 120 > backoff 20
        clock.advance(119)
        #expect(try await dispatcher.runOnce() == 0, "not before the Retry-After")
        clock.advance(1)
        #expect(try await dispatcher.runOnce() == 1)                 // 201
        clock.advance(86_400)
        #expect(try await dispatcher.runOnce() == 0)
        let sent = core.sent.withLock { $0 }
        #expect(sent.count == 4, "acknowledged: never sent again")
        let key = ScoringCoreOutbox.digest(document)
        for request in sent {
            #expect(request.url == "https://core.example/api/exports")
            #expect(request.body == document)
            #expect(request.headers["Idempotency-Key"] == key)
            #expect(request.headers["Authorization"] == "Bearer t0ken")
            #expect(request.headers["Content-Type"] == "application/json")
        }
        #expect(key.count == 64 && key.allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func aRefusalIsGivenUpOnAtOnceWithoutTheDocumentInTheError() async throws {
        let store = try Self.store()
        let core = ScriptedCore([.success(ScoringCoreReply(status: 422))])
        let deliverer = ScoringCoreDeliverer(client: ScoringCoreClient(url: "https://core.example/x", token: "t", transport: core))
        let document = Data("{\"secretish\":\"figures\"}".utf8)
        let queued = try await store.enqueueScoringCoreExport(ScoringCoreOutbox.message(for: document), at: Self.now)
        let outcome = try await OutboxDispatcher(store: store, deliverers: [deliverer]).attempt(queued.row, with: deliverer)
        #expect(outcome == .givenUp(reason: "scoring core refused the export with HTTP 422"))
        let after = try await store.enqueueScoringCoreExport(ScoringCoreOutbox.message(for: document), at: Self.now)
        #expect(after.givenUp && after.deliveredAt == nil)
        #expect(after.lastError == "scoring core refused the export with HTTP 422")
        #expect(after.row.id == queued.row.id, "the same document queued again is the same row")
    }

    @Test func aPayloadThatNoLongerMatchesItsKeyIsNotSent() async throws {
        let core = ScriptedCore([.success(ScoringCoreReply(status: 201))])
        let deliverer = ScoringCoreDeliverer(client: ScoringCoreClient(url: "https://core.example/x", token: "t", transport: core))
        var message = ScoringCoreOutbox.message(for: Data("{\"a\":1}".utf8))
        message.payload = "{\"a\":2}"
        await #expect(throws: DeliveryError.permanent("the queued document does not match its idempotency key")) {
            try await deliverer.deliver(message)
        }
        #expect(core.sent.withLock { $0.isEmpty })
    }

    @Test func onlyHTTPSOrLoopbackHTTPAddressesAreAccepted() {
        #expect(ScoringCoreSettings.problem(withURL: "https://core.example.go.th/api/v1/exports") == nil)
        #expect(ScoringCoreSettings.problem(withURL: "http://127.0.0.1:8443/x") == nil)
        #expect(ScoringCoreSettings.problem(withURL: "http://[::1]:8443/x") == nil)
        #expect(ScoringCoreSettings.problem(withURL: "http://localhost/x") == nil)
        #expect(ScoringCoreSettings.problem(withURL: "http://core.example.go.th/x")?.contains("https://") == true)
        #expect(ScoringCoreSettings.problem(withURL: "http://10.0.0.5/x")?.contains("loopback") == true)
        #expect(ScoringCoreSettings.problem(withURL: "ftp://core.example/x")?.contains("ftp") == true)
        #expect(ScoringCoreSettings.problem(withURL: "https://user:pw@core.example/x")?.contains("password") == true)
        #expect(ScoringCoreSettings.problem(withURL: "core.example") != nil)
    }

    @Test func theConfigurationRefusesATokenInTheFileAndAPlainHTTPAddress() throws {
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(overrideYAML: "scoringCore: {url: \"https://core.example/x\", token: abc}", environment: [:])
        }
        #expect(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(overrideYAML: "scoringCore: {url: \"http://core.example/x\"}", environment: [:])
        }
        let fromEnvironment = try ConfigurationLoader.load(overrideYAML: nil, environment: [
            "SIANG_SCORING_CORE_URL": "https://core.example/x", "SIANG_SCORING_CORE_CA_FILE": "/tmp/ca.pem",
            "SIANG_SCORING_CORE_SCHEDULE": "false"])
        #expect(fromEnvironment.scoringCore == ScoringCoreSettings(url: "https://core.example/x", schedule: false, caFile: "/tmp/ca.pem"))
        #expect(ScoringCoreSettings.token(in: ["SIANG_SCORING_CORE_TOKEN": "  "]) == nil)
        #expect(ScoringCoreSettings.token(in: ["SIANG_SCORING_CORE_TOKEN": "abc"]) == "abc")
    }
}

extension DateFormatter {
    /// The IMF-fixdate of RFC 9110: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static var http: DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f
    }
}
