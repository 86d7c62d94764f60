import Foundation
import SiangTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SiangCore
import SiangPipeline
import SiangServer
import SiangStore

/// A server on a fresh data directory, driven in-process through Hummingbird's router test client.
struct TestServer {
    let services: SiangServices
    let store: SQLiteStore
    let dataDirectory: String

    /// Every in-process request comes from one address (the router test client has no peer), so
    /// suites that are not about the per-address limits raise them out of the way.
    static let generousLimits = [
        "SIANG_LIMITS_INTAKE_PER_MINUTE": "1000000", "SIANG_LIMITS_INTAKE_PER_HOUR": "1000000",
        "SIANG_LIMITS_LOOKUPS_PER_MINUTE": "1000000", "SIANG_LIMITS_LOOKUP_MISSES_PER_HOUR": "1000000",
    ]

    init(configYAML: String? = nil, clock: any SiangClock = SystemClock(), environment: [String: String] = TestServer.generousLimits) async throws {
        dataDirectory = NSTemporaryDirectory() + "siang-server-\(UUID().uuidString)"
        store = try SQLiteStore(dataDirectory: dataDirectory, cipher: .forTests)
        let config = try ConfigurationLoader.load(overrideYAML: configYAML, environment: environment)
        services = try await SiangServices(configuration: config, store: store, dataDirectory: dataDirectory, clock: clock,
                                           classifier: try Self.sharedClassifier(), environment: [:])
    }

    /// Trained once for the whole test run: training is the slow part of starting a server.
    static let trained: Result<LearningClassifier, any Error> = Result {
        try LearningClassifier(taxonomy: SiangConfiguration.defaults().taxonomy)
    }
    static func sharedClassifier() throws -> LearningClassifier { try trained.get() }

    /// Runs `body` against the app in-process (`.router`, no peer address) or over loopback (`.live`,
    /// the peer is 127.0.0.1: for tests about client addresses).
    func test(_ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = SiangApplication.make(services: services, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(setup, body)
    }

    /// A staff account with a bearer token.
    func staffToken(_ username: String = "officer", role: StaffRole = .agent) async throws -> String {
        try await store.addUser(NewUser(username: username, passwordHash: "not-used", role: role, createdAt: Date()))
        let token = StaffTokens.newToken()
        try await store.addToken(hash: StaffTokens.hash(token), for: username, at: Date())
        return token
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] ?? [:]
    }
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

func jsonBody(_ object: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
}

struct PinnedClock: SiangClock {
    let instant: Date
    func now() -> Date { instant }
}
