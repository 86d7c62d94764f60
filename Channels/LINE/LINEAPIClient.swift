import Foundation
import SiangCore
import SiangDelivery

/// Sends one HTTP request; ``CurlHTTPClient`` (libcurl) in production, a scripted stand-in in unit tests.
public protocol LINEHTTPTransport: Sendable {
    func request(method: String, url: String, headers: [String: String], body: Data?) async throws(CurlError) -> LINEAPIClient.Answer
}

extension CurlHTTPClient: LINEHTTPTransport {
    public func request(method: String, url: String, headers: [String: String], body: Data?) async throws(CurlError) -> LINEAPIClient.Answer {
        let r = try await send(method: method, url: url, headers: headers, body: body)
        return LINEAPIClient.Answer(status: r.status, headers: r.headers, body: r.body)
    }
}

/// The parts of the Messaging API this service calls: reply, push and message content, at the
/// configured base URLs (`line.apiBaseURL`, `line.dataAPIBaseURL`), with the channel access token.
public struct LINEAPIClient: Sendable {
    public let settings: LINESettings
    let http: any LINEHTTPTransport

    public init(settings: LINESettings, http: any LINEHTTPTransport = CurlHTTPClient()) {
        self.settings = settings
        self.http = http
    }

    /// An answer from the Messaging API, reduced to what callers decide on.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data

        public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// LINE's error message (`{"message": …}`), for logs and the outbox's last error.
        public var message: String {
            ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["message"] as? String ?? "HTTP \(status)"
        }
    }

    func url(_ base: String, _ path: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }

    var authorization: [String: String] { ["Authorization": "Bearer \(settings.channelAccessToken)"] }

    /// `POST /v2/bot/message/reply`.
    public func reply(token: String, messages: [LINETextMessage]) async throws(CurlError) -> Answer {
        try await post(url(settings.apiBaseURL, "/v2/bot/message/reply"), ReplyBody(replyToken: token, messages: messages), extra: [:])
    }

    /// `POST /v2/bot/message/push` with `X-Line-Retry-Key`, so a retried push is accepted once.
    /// `messages` are Messaging API message objects (``LINETextMessage``, or a text with quick-reply buttons).
    public func push<M: Encodable & Sendable>(to: String, messages: [M], retryKey: String) async throws(CurlError) -> Answer {
        try await post(url(settings.apiBaseURL, "/v2/bot/message/push"), PushBody(to: to, messages: messages), extra: ["X-Line-Retry-Key": retryKey])
    }

    /// `GET /v2/bot/message/{messageId}/content` on the data API: the bytes of an image or file a user sent.
    public func content(messageID: String) async throws(CurlError) -> Answer {
        let id = messageID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? messageID
        return try await http.request(method: "GET", url: url(settings.dataAPIBaseURL, "/v2/bot/message/\(id)/content"),
                                      headers: authorization, body: nil)
    }

    struct ReplyBody: Encodable { var replyToken: String; var messages: [LINETextMessage] }
    struct PushBody<M: Encodable>: Encodable { var to: String; var messages: [M] }

    func post<B: Encodable>(_ url: String, _ body: B, extra: [String: String]) async throws(CurlError) -> Answer {
        let data: Data
        do { data = try JSONEncoder().encode(body) } catch { throw .setup("cannot encode the request: \(error)") }
        var headers = authorization.merging(extra) { a, _ in a }
        headers["Content-Type"] = "application/json"
        return try await http.request(method: "POST", url: url, headers: headers, body: data)
    }

    /// `Retry-After` in seconds or as an HTTP date; nil when absent or unreadable.
    static func retryAfter(_ headers: [String: String], now: Date) -> Duration? {
        guard let value = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value) { return .seconds(max(0, seconds)) }
        guard let date = InternetDate.parseHTTP(value) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSince(now).rounded(.up))))
    }
}
