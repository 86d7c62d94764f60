import Foundation

/// The payload of an outbox row of kind `survey_invitation` (channel `line` or `email`): the survey
/// link of a resolved case and the words to send, ready for the channel's deliverer.
///
/// - LINE: push ``messages`` as they are (Messaging API message objects: one text message whose
///   quick-reply buttons are postback actions `survey=<token>&overall=<1-5>`) to ``to``. The
///   postbacks come back to the webhook; `SurveyAnswers.recordPostback` records them.
/// - Email: send ``subject`` and ``text`` to the case's contact address (looked up at delivery, as
///   for acknowledgements).
public struct SurveyInvitationMessage: Codable, Sendable, Equatable {
    public static let outboxKind = "survey_invitation"

    public var token: String
    public var trackingId: String
    /// The survey page (`/survey/<token>`), also for the questions the LINE buttons do not ask.
    public var url: String
    public var expiresAt: Date
    /// The LINE user to push to (LINE only).
    public var to: String?
    /// The email subject (email only).
    public var subject: String?
    /// The message in Thai (LINE text, email body with an English paragraph).
    public var text: String
    /// LINE Messaging API message objects (LINE only).
    public var messages: [LINEQuickReplyMessage]?

    public init(token: String, trackingId: String, url: String, expiresAt: Date, to: String? = nil, subject: String? = nil,
                text: String, messages: [LINEQuickReplyMessage]? = nil) {
        self.token = token
        self.trackingId = trackingId
        self.url = url
        self.expiresAt = expiresAt
        self.to = to
        self.subject = subject
        self.text = text
        self.messages = messages
    }

    /// The JSON stored in the outbox row (ISO 8601 dates, sorted keys).
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    public static func decode(_ payload: String) -> SurveyInvitationMessage? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(SurveyInvitationMessage.self, from: Data(payload.utf8))
    }
}

/// A LINE text message with quick-reply buttons, in the Messaging API's JSON shape.
public struct LINEQuickReplyMessage: Codable, Sendable, Equatable {
    public var type = "text"
    public var text: String
    public var quickReply: QuickReply?

    public struct QuickReply: Codable, Sendable, Equatable {
        public var items: [Item]
    }

    public struct Item: Codable, Sendable, Equatable {
        public var type = "action"
        public var action: PostbackAction
    }

    /// A button that sends `data` back to the webhook and shows `displayText` in the chat as the user's message.
    public struct PostbackAction: Codable, Sendable, Equatable {
        public var type = "postback"
        /// At most 20 characters.
        public var label: String
        /// At most 300 characters.
        public var data: String
        public var displayText: String
    }

    public init(text: String, buttons: [(label: String, data: String, displayText: String)]) {
        self.text = String(text.prefix(5000))
        quickReply = buttons.isEmpty ? nil : QuickReply(items: buttons.prefix(13).map {
            Item(action: PostbackAction(label: String($0.label.prefix(20)), data: $0.data, displayText: $0.displayText))
        })
    }
}
