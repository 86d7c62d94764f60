import Foundation
import SiangTestSupport
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LINE
import Logging
import NIOCore
import SiangCore
import SiangPipeline
import SiangServer
import SiangStore
import Testing

/// `POST /webhooks/line` through the real router: signature first, stored before answered.
@Suite struct WebhookRouteTests {
    static let secret = "route-test-secret"
    static let signature = HTTPField.Name("x-line-signature")!

    struct Server {
        let services: SiangServices
        let store: SQLiteStore

        init(secret: String = WebhookRouteTests.secret) async throws {
            let dir = NSTemporaryDirectory() + "siang-line-route-\(UUID().uuidString)"
            store = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
            let config = try ConfigurationLoader.load(overrideYAML: """
                line: {channelSecret: "\(secret)", channelAccessToken: "t", apiBaseURL: "http://127.0.0.1:9", dataAPIBaseURL: "http://127.0.0.1:9"}
                """, environment: [:])
            // A two-example model: these tests are about the webhook, not the classifier (and the shipped
            // model's training would cost time and memory in a process shared with other suites).
            let tiny = TextClassifier(taxonomy: config.taxonomy, examples: [
                LabelledText(text: "ไฟส่องสว่างดับ", category: "lighting", kind: .complaint),
                LabelledText(text: "ถนนเป็นหลุม", category: "road", kind: .complaint),
            ])
            services = try await SiangServices(configuration: config, store: store, dataDirectory: dir,
                                               classifier: LearningClassifier(tiny), environment: [:])
        }

        func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            let app = SiangApplication.make(services: services, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
            try await app.test(.router, body)
        }

        var pending: [InboxItem] { get async throws { try await store.pendingInbox(source: "line", limit: 100) } }
    }

    func signed(_ body: Data, secret: String = WebhookRouteTests.secret) -> HTTPFields {
        [.contentType: "application/json; charset=utf-8", Self.signature: LINESignature(channelSecret: secret)!.sign(body)]
    }

    @Test func aSignedBodyIsStoredAnswered200AndBecomesACase() async throws {
        let server = try await Server()
        let body = Webhook.body([Webhook.text("ไฟส่องสว่างในสวนสาธารณะดับหลายดวง", id: "01HROUTE0001")])
        try await server.test { client in
            let r = try await client.execute(uri: "/webhooks/line", method: .post, headers: signed(body), body: ByteBuffer(data: body))
            #expect(r.status == .ok)
            #expect(String(buffer: r.body) == #"{"status":"accepted"}"#)
        }
        let stored = try await server.pending
        #expect(stored.count == 1)
        #expect(stored.first?.body == body)
        #expect(stored.first?.headers["x-line-signature"] == signed(body)[Self.signature])
        #expect(try await server.store.caseCount() == 0)  // processed after the answer, not before

        let processor = LINEInboxProcessor(pipeline: server.services.pipeline, api: LINEAPIClient(settings: server.services.configuration.line),
                                           attachments: server.services.attachments)
        let report = await processor.processPending()
        guard case .opened(let id)? = report.outcomes.first else { Issue.record("\(report.outcomes)"); return }
        #expect(try await server.store.caseCount() == 1)
        #expect(try await server.store.record(id)?.state.channel == .line)
        #expect(try await server.pending.isEmpty)
    }

    @Test func aTamperedBodyIs401AndNothingIsStored() async throws {
        let server = try await Server()
        let body = Webhook.body([Webhook.text("ถนนชำรุด", id: "01HROUTE0002")])
        var changed = body
        changed[changed.count - 3] = UInt8(ascii: "X")
        let tampered = changed
        try await server.test { client in
            let r = try await client.execute(uri: "/webhooks/line", method: .post, headers: signed(body), body: ByteBuffer(data: tampered))
            #expect(r.status == .unauthorized)
            let error = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: [String: Any]]
            #expect(error?["error"]?["code"] as? String == "bad_signature")
        }
        #expect(try await server.pending.isEmpty)
    }

    @Test func aBodySignedWithAnotherSecretIs401AndNothingIsStored() async throws {
        let server = try await Server()
        let body = Webhook.body([Webhook.text("ถนนชำรุด", id: "01HROUTE0003")])
        try await server.test { client in
            let r = try await client.execute(uri: "/webhooks/line", method: .post, headers: signed(body, secret: "someone-else"),
                                             body: ByteBuffer(data: body))
            #expect(r.status == .unauthorized)
            let missing = try await client.execute(uri: "/webhooks/line", method: .post, headers: [.contentType: "application/json"],
                                                   body: ByteBuffer(data: body))
            #expect(missing.status == .unauthorized)
        }
        #expect(try await server.pending.isEmpty)
    }

    @Test func anOversizedBodyIs413() async throws {
        let server = try await Server()
        let body = Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
        try await server.test { client in
            let r = try await client.execute(uri: "/webhooks/line", method: .post, headers: signed(body), body: ByteBuffer(data: body))
            #expect(r.status == .contentTooLarge)
        }
        #expect(try await server.pending.isEmpty)
    }

    @Test func withoutAChannelSecretTheWebhookIsRefused() async throws {
        let server = try await Server(secret: "")
        let body = Webhook.body([])
        try await server.test { client in
            let r = try await client.execute(uri: "/webhooks/line", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(data: body))
            #expect(r.status == .serviceUnavailable)
        }
        #expect(try await server.pending.isEmpty)
    }
}
