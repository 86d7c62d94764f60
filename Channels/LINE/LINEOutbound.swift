import Crypto
import Foundation
import SiangCore
import SiangStore

/// An answer or notice waiting in the outbox for the ``LINEDeliverer``: the outbox row's payload.
///
/// A reply carries the event's reply token and the time until which it may be used (the Reply API is
/// free of charge but its token expires about a minute after the webhook); after that, or when LINE
/// refuses the token, the same messages go out with the Push API to `to`.
public struct LINEOutbound: Codable, Sendable, Equatable {
    /// The user, group or room to push to when the reply token cannot be used.
    public var to: String?
    public var replyToken: String?
    public var replyBefore: Date?
    public var messages: [LINETextMessage]

    public init(to: String?, replyToken: String? = nil, replyBefore: Date? = nil, messages: [LINETextMessage]) {
        self.to = to
        self.replyToken = replyToken
        self.replyBefore = replyBefore
        self.messages = messages
    }

    /// Outbox kinds the ``LINEDeliverer`` sends.
    public enum Kind {
        /// An answer to an event: Reply API while the token is valid, Push API after.
        public static let reply = "line_reply"
        /// A notice nobody asked for just now (status change, survey invitation): Push API.
        public static let push = "line_push"
    }

    /// The outbox row for this payload.
    public func outboxMessage(kind: String, trackingID: TrackingID?, dedupeKey: String) -> OutboxMessage {
        OutboxMessage(kind: kind, channel: .line, trackingID: trackingID, payload: Self.encode(self), dedupeKey: dedupeKey)
    }

    /// One encoder and one decoder for every payload: making one for each answer was a visible part
    /// of planning an event. Their settings are never changed after this, so sharing them is safe.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func encode(_ value: LINEOutbound) -> String {
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    static func decode(_ payload: String) -> LINEOutbound? {
        try? decoder.decode(LINEOutbound.self, from: Data(payload.utf8))
    }

    /// A `X-Line-Retry-Key` for an outbox row: a UUID made from its dedupe key, so every attempt of
    /// one message carries the same key and LINE accepts it once (a repeat answers 409).
    public static func retryKey(for dedupeKey: String) -> String {
        var bytes = Array(SHA256.hash(data: Data("siang-line-retry:\(dedupeKey)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5 layout: name-based
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                               bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }
}

/// A Messaging API text message object.
public struct LINETextMessage: Codable, Sendable, Equatable {
    public var type = "text"
    public var text: String

    public init(_ text: String) {
        // The Messaging API refuses text over 5,000 characters.
        self.text = String(text.prefix(5000))
    }
}
