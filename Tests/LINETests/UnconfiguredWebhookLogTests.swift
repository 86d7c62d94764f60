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
import Synchronization
import Testing

/// An unconfigured LINE channel is logged once, not once per webhook call (issue 11, low).
@Suite struct UnconfiguredWebhookLogTests {
    /// Keeps every record at error level or above.
    final class Recorder: Sendable {
        let messages = Mutex<[String]>([])
        func handler(label: String) -> RecordingHandler { RecordingHandler(recorder: self) }
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            guard level >= .error else { return }
            recorder.messages.withLock { $0.append("\(message) \(metadata ?? [:])") }
        }
    }

    @Test func anUnconfiguredLINEChannelIsLoggedOnceAndEveryCallIsStillAnswered503() async throws {
        let dir = NSTemporaryDirectory() + "siang-line-unconfigured-\(UUID().uuidString)"
        let store = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        let config = try ConfigurationLoader.load(overrideYAML: nil, environment: [:])
        let tiny = TextClassifier(taxonomy: config.taxonomy, examples: [LabelledText(text: "ถนนเป็นหลุม", category: "road", kind: .complaint)])
        let services = try await SiangServices(configuration: config, store: store, dataDirectory: dir, classifier: LearningClassifier(tiny),
                                               environment: [:])
        let recorder = Recorder()
        let logger = Logger(label: "test", factory: recorder.handler(label:))
        let app = SiangApplication.make(services: services, host: "127.0.0.1", port: 0, logger: logger)
        try await app.test(.router) { client in
            for _ in 0..<5 {
                let r = try await client.execute(uri: "/webhooks/line", method: .post, headers: [.contentType: "application/json"],
                                                 body: ByteBuffer(string: #"{"destination":"U1","events":[]}"#))
                #expect(r.status == .serviceUnavailable)
                #expect(String(buffer: r.body).contains("line_not_configured"))
            }
        }
        let logged = recorder.messages.withLock { $0 }
        #expect(logged.count == 1, "\(logged)")
        #expect(logged.first?.contains("line.channelSecret") == true)
    }
}
