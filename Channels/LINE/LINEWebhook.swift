import Foundation

/// The body the LINE Platform posts to the webhook URL: the bot's own user ID and the events since the
/// last delivery (none when the console's "Verify" button is pressed).
///
/// Decoding is forgiving on purpose: an event of a type we do not know, or one that is broken, becomes
/// ``LINEEvent/Kind/unsupported(_:)`` and the other events of the body are still read.
public struct LINEWebhookBody: Decodable, Sendable, Equatable {
    /// The user ID of the bot that should receive the events (compared with mentions in groups).
    public var destination: String?
    public var events: [LINEEvent]

    public init(destination: String?, events: [LINEEvent]) {
        self.destination = destination
        self.events = events
    }

    enum CodingKeys: String, CodingKey { case destination, events }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        destination = try? c.decodeIfPresent(String.self, forKey: .destination)
        var list = try c.nestedUnkeyedContainer(forKey: .events)
        var events: [LINEEvent] = []
        while !list.isAtEnd {
            if let event = try? list.decode(LINEEvent.self) {
                events.append(event)
            } else {
                // Not an object at all: skip it so the rest are read.
                _ = try list.decode(Skipped.self)
                events.append(LINEEvent(type: "?", kind: .unsupported("not an event object"), webhookEventId: nil,
                                        isRedelivery: false, timestamp: Date(timeIntervalSince1970: 0), source: nil, replyToken: nil))
            }
        }
        self.events = events
    }

    /// Decodes a body; throws when it is not a webhook body at all.
    public static func decode(_ data: Data) throws -> LINEWebhookBody {
        try JSONDecoder().decode(LINEWebhookBody.self, from: data)
    }

    private struct Skipped: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}

/// One webhook event (Messaging API "webhook event object").
public struct LINEEvent: Decodable, Sendable, Equatable {
    /// The `type` as sent, kept for the log and for unknown types.
    public var type: String
    public var kind: Kind
    /// Unique per event (ULID) and the same when LINE redelivers it: the channel message key.
    public var webhookEventId: String?
    /// True when LINE sends the event again because an earlier delivery was not acknowledged.
    public var isRedelivery: Bool
    public var timestamp: Date
    public var source: LINESource?
    /// Lets the bot answer this event once with the Reply API, for a short time after it arrived.
    public var replyToken: String?

    public enum Kind: Sendable, Equatable {
        case message(LINEMessage)
        case follow
        case unfollow
        case postback(data: String)
        /// An event type this service does not act on (join, leave, beacon, unsend, ...), or a broken event.
        case unsupported(String)
    }

    public init(type: String, kind: Kind, webhookEventId: String?, isRedelivery: Bool, timestamp: Date,
                source: LINESource?, replyToken: String?) {
        self.type = type
        self.kind = kind
        self.webhookEventId = webhookEventId
        self.isRedelivery = isRedelivery
        self.timestamp = timestamp
        self.source = source
        self.replyToken = replyToken
    }

    enum CodingKeys: String, CodingKey {
        case type, message, postback, webhookEventId, deliveryContext, timestamp, source, replyToken
    }
    struct DeliveryContext: Decodable { var isRedelivery: Bool? }
    struct Postback: Decodable { var data: String? }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = (try? c.decode(String.self, forKey: .type)) ?? "?"
        webhookEventId = try? c.decodeIfPresent(String.self, forKey: .webhookEventId)
        isRedelivery = (try? c.decodeIfPresent(DeliveryContext.self, forKey: .deliveryContext))?.isRedelivery ?? false
        let millis = (try? c.decodeIfPresent(Double.self, forKey: .timestamp)) ?? 0
        timestamp = Date(timeIntervalSince1970: millis / 1000)
        source = try? c.decodeIfPresent(LINESource.self, forKey: .source)
        replyToken = try? c.decodeIfPresent(String.self, forKey: .replyToken)
        switch type {
        case "message":
            do {
                kind = .message(try c.decode(LINEMessage.self, forKey: .message))
            } catch {
                kind = .unsupported("message event without a readable message")
            }
        case "follow": kind = .follow
        case "unfollow": kind = .unfollow
        case "postback":
            kind = .postback(data: (try? c.decodeIfPresent(Postback.self, forKey: .postback))?.data ?? "")
        default: kind = .unsupported(type)
        }
    }
}

/// Where an event happened: a one-to-one chat, a group chat or a multi-person chat (room).
public enum LINESource: Decodable, Sendable, Equatable {
    case user(userID: String)
    /// `userID` is the sender; LINE leaves it out in some cases.
    case group(groupID: String, userID: String?)
    case room(roomID: String, userID: String?)

    /// The sender, when known.
    public var userID: String? {
        switch self {
        case .user(let u): u
        case .group(_, let u), .room(_, let u): u
        }
    }

    /// The chat to push an answer to: the user, or the whole group or room.
    public var chatID: String {
        switch self {
        case .user(let u): u
        case .group(let g, _): g
        case .room(let r, _): r
        }
    }

    public var isGroupChat: Bool {
        if case .user = self { return false }
        return true
    }

    enum CodingKeys: String, CodingKey { case type, userId, groupId, roomId }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let user = try c.decodeIfPresent(String.self, forKey: .userId)
        switch try c.decode(String.self, forKey: .type) {
        case "user":
            guard let user else { throw DecodingError.dataCorruptedError(forKey: .userId, in: c, debugDescription: "user source without userId") }
            self = .user(userID: user)
        case "group": self = .group(groupID: try c.decode(String.self, forKey: .groupId), userID: user)
        case "room": self = .room(roomID: try c.decode(String.self, forKey: .roomId), userID: user)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown source type \(other)")
        }
    }
}

/// The message of a `message` event.
public struct LINEMessage: Decodable, Sendable, Equatable {
    /// LINE's message ID, used to download the content of images and files.
    public var id: String
    public var content: Content

    public enum Content: Sendable, Equatable {
        case text(String, mention: LINEMention?)
        /// An image; `set` tells which of several images sent together this is.
        case image(set: ImageSet?, fromLINE: Bool)
        case location(title: String?, address: String?, latitude: Double, longitude: Double)
        case sticker(packageID: String, stickerID: String)
        case file(name: String, size: Int?)
        /// video, audio and any type added later.
        case unsupported(String)
    }

    public struct ImageSet: Sendable, Equatable {
        public var id: String
        /// 1-based position in the set; nil when LINE did not say.
        public var index: Int?
        public var total: Int?
        /// True for the last image of the set, or when the set's size is unknown.
        public var isLast: Bool {
            guard let index, let total else { return true }
            return index >= total
        }
    }

    public init(id: String, content: Content) {
        self.id = id
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case id, type, text, mention, imageSet, contentProvider, title, address, latitude, longitude
        case packageId, stickerId, fileName, fileSize
    }
    struct ImageSetWire: Decodable { var id: String?; var index: Int?; var total: Int? }
    struct ContentProvider: Decodable { var type: String? }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "text":
            content = .text(try c.decode(String.self, forKey: .text),
                            mention: try? c.decodeIfPresent(LINEMention.self, forKey: .mention))
        case "image":
            let set = (try? c.decodeIfPresent(ImageSetWire.self, forKey: .imageSet))
                .map { ImageSet(id: $0.id ?? "", index: $0.index, total: $0.total) }
            let provider = (try? c.decodeIfPresent(ContentProvider.self, forKey: .contentProvider))?.type ?? "line"
            content = .image(set: set, fromLINE: provider == "line")
        case "location":
            content = .location(title: try c.decodeIfPresent(String.self, forKey: .title),
                                address: try c.decodeIfPresent(String.self, forKey: .address),
                                latitude: try c.decode(Double.self, forKey: .latitude),
                                longitude: try c.decode(Double.self, forKey: .longitude))
        case "sticker":
            content = .sticker(packageID: try c.decode(String.self, forKey: .packageId), stickerID: try c.decode(String.self, forKey: .stickerId))
        case "file":
            content = .file(name: try c.decode(String.self, forKey: .fileName), size: try? c.decodeIfPresent(Int.self, forKey: .fileSize))
        default:
            content = .unsupported(type)
        }
    }
}

/// Who a text message mentions (`@name`), with where each mention sits in the text.
public struct LINEMention: Decodable, Sendable, Equatable {
    public var mentionees: [Mentionee]

    public struct Mentionee: Decodable, Sendable, Equatable {
        /// Position and length of the `@name` in the text, in UTF-16 code units.
        public var index: Int
        public var length: Int
        /// `user` or `all`.
        public var type: String?
        public var userId: String?
        /// True when the mentioned user is this bot.
        public var isSelf: Bool?

        public init(index: Int, length: Int, type: String? = "user", userId: String? = nil, isSelf: Bool? = nil) {
            self.index = index
            self.length = length
            self.type = type
            self.userId = userId
            self.isSelf = isSelf
        }
    }

    public init(mentionees: [Mentionee]) { self.mentionees = mentionees }
}
