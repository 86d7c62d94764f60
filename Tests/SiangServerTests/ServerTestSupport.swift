import Foundation
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

    init(configYAML: String? = nil, clock: any SiangClock = SystemClock()) async throws {
        dataDirectory = NSTemporaryDirectory() + "siang-server-\(UUID().uuidString)"
        store = try SQLiteStore(dataDirectory: dataDirectory)
        let config = try ConfigurationLoader.load(overrideYAML: configYAML, environment: [:])
        services = try await SiangServices(configuration: config, store: store, dataDirectory: dataDirectory, clock: clock,
                                           classifier: try Self.sharedClassifier(), environment: [:])
    }

    /// Trained once for the whole test run: training is the slow part of starting a server.
    static let trained: Result<LearningClassifier, any Error> = Result {
        try LearningClassifier(taxonomy: SiangConfiguration.defaults().taxonomy)
    }
    static func sharedClassifier() throws -> LearningClassifier { try trained.get() }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = SiangApplication.make(services: services, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.router, body)
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
