import Foundation
import SiangTestSupport
import LINE
import SiangCore
import SiangDelivery
import SiangPipeline
import SiangStore
import Synchronization

// MARK: - Webhook bodies in the documented format

/// Builds webhook bodies as the LINE Platform sends them (Messaging API reference, "Webhook event objects").
enum Webhook {
    static let botUserID = "U0bot00000000000000000000000000bot"
    static let alice = "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"
    static let bob = "U1b2c3d4e5f60718293a4b5c6d7e8f901"
    static let group = "Ca56f94637cc4347f90a25382909b24b9"
    static let room = "Ra8dbf4ccc5a0f8f3b9e6f0e1a2b3c4d5"

    /// A Bangkok afternoon in fiscal year 2570.
    static let t0 = Date(timeIntervalSince1970: 1_795_680_000)

    static func body(_ events: [[String: Any]], destination: String = botUserID) -> Data {
        try! JSONSerialization.data(withJSONObject: ["destination": destination, "events": events], options: [.sortedKeys])
    }

    static func source(user: String = alice, group: String? = nil, room: String? = nil) -> [String: Any] {
        if let group { return ["type": "group", "groupId": group, "userId": user] }
        if let room { return ["type": "room", "roomId": room, "userId": user] }
        return ["type": "user", "userId": user]
    }

    static func event(_ type: String, id: String, at: Date = t0, source: [String: Any] = source(), redelivery: Bool = false,
                      replyToken: String? = "rt-\(UUID().uuidString.prefix(8))", extra: [String: Any] = [:]) -> [String: Any] {
        var e: [String: Any] = [
            "type": type, "mode": "active", "timestamp": Int64(at.timeIntervalSince1970 * 1000), "source": source,
            "webhookEventId": id, "deliveryContext": ["isRedelivery": redelivery],
        ]
        if let replyToken { e["replyToken"] = replyToken }
        for (k, v) in extra { e[k] = v }
        return e
    }

    static func text(_ text: String, id: String, at: Date = t0, source: [String: Any] = source(), redelivery: Bool = false,
                     replyToken: String? = "rt-text", mention: [[String: Any]]? = nil) -> [String: Any] {
        var message: [String: Any] = ["type": "text", "id": "m-\(id)", "quoteToken": "q-\(id)", "text": text]
        if let mention { message["mention"] = ["mentionees": mention] }
        return event("message", id: id, at: at, source: source, redelivery: redelivery, replyToken: replyToken, extra: ["message": message])
    }

    static func image(id: String, messageID: String, at: Date = t0, source: [String: Any] = source(), set: (index: Int, total: Int)? = nil) -> [String: Any] {
        var message: [String: Any] = ["type": "image", "id": messageID, "quoteToken": "q-\(id)", "contentProvider": ["type": "line"]]
        if let set { message["imageSet"] = ["id": "set-1", "index": set.index, "total": set.total] }
        return event("message", id: id, at: at, source: source, extra: ["message": message])
    }

    static func location(id: String, at: Date = t0, source: [String: Any] = source()) -> [String: Any] {
        event("message", id: id, at: at, source: source, extra: ["message": [
            "type": "location", "id": "m-\(id)", "title": "ตลาดสดเทศบาล", "address": "ถนนราชดำเนิน ตำบลในเมือง อำเภอเมือง",
            "latitude": 13.756331, "longitude": 100.501765,
        ]])
    }

    static func sticker(id: String) -> [String: Any] {
        event("message", id: id, extra: ["message": ["type": "sticker", "id": "m-\(id)", "packageId": "446", "stickerId": "1988",
                                                     "stickerResourceType": "STATIC", "keywords": ["happy"]]])
    }

    static func file(id: String, name: String = "หนังสือร้องเรียน.pdf") -> [String: Any] {
        event("message", id: id, extra: ["message": ["type": "file", "id": "m-\(id)", "fileName": name, "fileSize": 2138]])
    }

    static func follow(id: String, user: String = alice) -> [String: Any] {
        event("follow", id: id, source: source(user: user), extra: ["follow": ["isUnblocked": false]])
    }

    static func unfollow(id: String, user: String = alice) -> [String: Any] {
        event("unfollow", id: id, source: source(user: user), replyToken: nil)
    }

    static func postback(id: String, data: String) -> [String: Any] {
        event("postback", id: id, extra: ["postback": ["data": data]])
    }
}

// MARK: - A store, a pipeline and a processor on a fresh data directory

struct LINEFixture {
    let store: SQLiteStore
    let dataDirectory: String
    let configuration: SiangConfiguration
    let pipeline: IntakePipeline
    let content: ScriptedTransport
    let clock: ManualClock
    let processor: LINEInboxProcessor

    /// `triage` sorts the cases (none: they have no category); `flagsDuplicates` compares each new case
    /// with the open cases of its category, as the server does.
    init(content: ScriptedTransport = ScriptedTransport(), http: (any LINEHTTPTransport)? = nil, apiBaseURL: String = "http://line.invalid",
         triage: (any IntakeTriage)? = nil, flagsDuplicates: Bool = false) throws {
        dataDirectory = NSTemporaryDirectory() + "siang-line-\(UUID().uuidString)"
        store = try SQLiteStore(dataDirectory: dataDirectory, cipher: .forTests)
        configuration = try ConfigurationLoader.load(overrideYAML: """
            agency: {publicBaseURL: "https://voice.example.go.th"}
            line: {channelSecret: "test-secret", channelAccessToken: "test-token", apiBaseURL: "\(apiBaseURL)", dataAPIBaseURL: "\(apiBaseURL)"}
            """, environment: [:])
        clock = ManualClock(Webhook.t0.addingTimeInterval(1))
        pipeline = IntakePipeline(store: store, configuration: configuration, clock: clock, triage: triage,
                                  duplicates: flagsDuplicates ? DuplicateFinder(store: store, settings: configuration.duplicates) : nil)
        self.content = content
        processor = LINEInboxProcessor(pipeline: pipeline, api: LINEAPIClient(settings: configuration.line, http: http ?? content),
                                       attachments: AttachmentStore(dataDirectory: dataDirectory, cipher: .forTests), clock: clock)
    }

    /// Stores a body as the webhook route would, at the clock's time.
    @discardableResult
    func receive(_ body: Data) async throws -> Int64 {
        try await store.enqueueInbox(source: LINEInboxProcessor.source, headers: ["x-line-signature": "checked"], body: body, at: clock.now())
    }

    /// Stores the events as one body and processes the inbox.
    @discardableResult
    func deliver(_ events: [[String: Any]]) async throws -> [LINEEventOutcome] {
        try await receive(Webhook.body(events))
        return await processor.processPending().outcomes
    }

    /// The LINE answers queued in the outbox.
    func answers() async throws -> [(message: OutboxMessage, payload: LINEOutbound)] {
        try await store.pendingOutbox(limit: 1000).map(\.message).filter { $0.kind == LINEOutbound.Kind.reply || $0.kind == LINEOutbound.Kind.push }
            .map { m in
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                return (m, try decoder.decode(LINEOutbound.self, from: Data(m.payload.utf8)))
            }
    }

    func caseCount() async throws -> Int { try await store.caseCount() }
}

// MARK: - Stand-ins

/// A clock the test moves by hand.
final class ManualClock: SiangClock {
    let instant: Mutex<Date>
    init(_ start: Date) { instant = Mutex(start) }
    func now() -> Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// An in-memory Messaging API for the processor's content downloads: answers by scripted status per
/// call and records what was asked.
final class ScriptedTransport: LINEHTTPTransport {
    struct Call: Sendable {
        var method: String
        var url: String
        var headers: [String: String]
    }
    struct State {
        var calls: [Call] = []
        /// Statuses to answer, in order; after they run out, 200 with `content`.
        var statuses: [Int] = []
    }
    let state = Mutex(State())
    let content: Data

    init(content: Data = tinyPNG, statuses: [Int] = []) {
        self.content = content
        state.withLock { $0.statuses = statuses }
    }

    var calls: [Call] { state.withLock { $0.calls } }

    func request(method: String, url: String, headers: [String: String], body: Data?) async throws(CurlError) -> LINEAPIClient.Answer {
        let status: Int = state.withLock { s in
            s.calls.append(Call(method: method, url: url, headers: headers))
            return s.statuses.isEmpty ? 200 : s.statuses.removeFirst()
        }
        return status == 200 ? LINEAPIClient.Answer(status: 200, headers: ["content-type": "image/png"], body: content)
            : LINEAPIClient.Answer(status: status, body: Data(#"{"message":"scripted"}"#.utf8))
    }
}

/// The first bytes of a PNG: enough for the type sniffing.
let tinyPNG = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4])

