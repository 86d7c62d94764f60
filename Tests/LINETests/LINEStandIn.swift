import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A local stand-in for the parts of the Messaging API we call (reply, push, content), served by
/// Hummingbird on a loopback port: it records every request and answers from a script, so tests can
/// make LINE fail the way it does (500, 429 with Retry-After) and see what was sent.
///
/// Like LINE, it accepts a push retry key once and answers a repeat with 409.
final class LINEStandIn: Sendable {
    struct Recorded: Sendable {
        var path: String
        var headers: [String: String]
        var body: [String: Any] { ((try? JSONSerialization.jsonObject(with: raw)) as? [String: Any]) ?? [:] }
        var raw: Data
        /// What the stand-in answered.
        var status: Int
    }
    struct Scripted: Sendable {
        var status: Int
        var retryAfter: String?
    }
    struct State {
        var requests: [Recorded] = []
        var script: [String: [Scripted]] = [:]
        var acceptedRetryKeys: Set<String> = []
    }
    let state = Mutex(State())

    var requests: [Recorded] { state.withLock { $0.requests } }
    func requests(to path: String) -> [Recorded] { requests.filter { $0.path == path } }
    /// Answers the next requests to `path` with these, in order; then 200.
    func script(_ path: String, _ answers: [Scripted]) { state.withLock { $0.script[path, default: []] += answers } }

    static let replyPath = "/v2/bot/message/reply"
    static let pushPath = "/v2/bot/message/push"

    /// Runs `body` with the stand-in listening; `body` gets its base URL.
    func serve(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post(RouterPath(Self.replyPath)) { request, _ in try await self.answer(request, path: Self.replyPath) }
        router.post(RouterPath(Self.pushPath)) { request, _ in try await self.answer(request, path: Self.pushPath) }
        router.get("/v2/bot/message/{id}/content") { request, context in
            let id = try context.parameters.require("id")
            _ = try await self.answer(request, path: "/v2/bot/message/\(id)/content")
            return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: tinyPNG)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)")
        }
    }

    func answer(_ request: Request, path: String) async throws -> Response {
        let raw = Data(buffer: try await request.body.collect(upTo: 1 << 20))
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        let retryKey = headers["x-line-retry-key"]
        let (status, retryAfter): (Int, String?) = state.withLock { s in
            var status = 200
            var retryAfter: String?
            if var queue = s.script[path], !queue.isEmpty {
                let next = queue.removeFirst()
                s.script[path] = queue
                status = next.status
                retryAfter = next.retryAfter
            }
            if status == 200, let retryKey, !s.acceptedRetryKeys.insert(retryKey).inserted { status = 409 }
            s.requests.append(Recorded(path: path, headers: headers, raw: raw, status: status))
            return (status, retryAfter)
        }
        var responseHeaders: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { responseHeaders[.retryAfter] = retryAfter }
        let message = status == 200 ? #"{}"# : #"{"message":"stand-in answered \#(status)"}"#
        return Response(status: .init(code: status), headers: responseHeaders, body: .init(byteBuffer: ByteBuffer(string: message)))
    }
}
