import Foundation

/// What the email channel needs from one raw message, as ``MIMEParser/parse(_:)`` read it.
///
/// Parsing never fails: broken MIME gives the best readable result and ``warnings`` that say what
/// was repaired or guessed. Warnings name headers, parts and charsets, never content or addresses,
/// so they can be logged.
public struct ParsedEmail: Sendable {
    /// `Message-ID` without its angle brackets; nil when the message has none.
    public var messageID: String?
    /// The first id in `In-Reply-To`, without angle brackets.
    public var inReplyTo: String?
    /// The ids in `References`, oldest first, without angle brackets.
    public var references: [String]
    /// `Subject`, decoded and with whitespace collapsed; nil when the header is missing.
    public var subject: String?
    /// The first mailbox of `From`, display name decoded.
    public var from: EmailAddress?
    /// The first mailbox of `Reply-To`: where an answer should go when present.
    public var replyTo: EmailAddress?
    /// `Date`, read tolerantly; nil when missing or unreadable.
    public var date: Date?
    /// `Auto-Submitted` as sent (RFC 3834), e.g. "auto-replied".
    public var autoSubmitted: String?
    /// `Precedence` as sent, e.g. "bulk".
    public var precedence: String?
    /// Whether a machine sent this (auto-reply, bounce, list or bulk mail): record it, never answer it.
    /// See ``MIMEParser`` for the rules.
    public var isAutomatic: Bool
    /// The readable body: text/plain when there is one, otherwise the HTML as text. LF line endings.
    public var text: String
    /// Files and other non-body parts, in message order.
    public var attachments: [EmailAttachment]
    /// What was wrong with the message and how it was read anyway, in words for a person.
    public var warnings: [String]
    /// SHA-256 of the raw message bytes, lowercase hex.
    public var contentHash: String
    /// Every header field of the message, in order.
    public var headers: EmailHeaders

    /// For tests and tools that need a parsed message without raw bytes; ``MIMEParser`` makes the real ones.
    public init(messageID: String? = nil, inReplyTo: String? = nil, references: [String] = [], subject: String? = nil,
                from: EmailAddress? = nil, replyTo: EmailAddress? = nil, date: Date? = nil, autoSubmitted: String? = nil,
                precedence: String? = nil, isAutomatic: Bool = false, text: String = "", attachments: [EmailAttachment] = [],
                warnings: [String] = [], contentHash: String, headers: EmailHeaders = EmailHeaders([])) {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.subject = subject
        self.from = from
        self.replyTo = replyTo
        self.date = date
        self.autoSubmitted = autoSubmitted
        self.precedence = precedence
        self.isAutomatic = isAutomatic
        self.text = text
        self.attachments = attachments
        self.warnings = warnings
        self.contentHash = contentHash
        self.headers = headers
    }

    /// The idempotency key for the pipeline: the `Message-ID`, or the content hash when the message
    /// has none (`sha256:<hex>`), so a redelivered copy maps to the same case.
    public var messageKey: String {
        messageID ?? "sha256:\(contentHash)"
    }
}

/// A mailbox: an address and, when given, its display name.
public struct EmailAddress: Sendable, Equatable, CustomStringConvertible {
    /// The display name, decoded ("สมชาย ใจดี"); nil when absent.
    public var name: String?
    /// The address as written ("somchai@example.com").
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    public var description: String {
        name.map { "\($0) <\(address)>" } ?? address
    }
}

/// A file or other non-body part of a message, decoded from its transfer encoding.
public struct EmailAttachment: Sendable, Equatable {
    /// The file name the sender gave (decoded from RFC 2231 or 2047, path components removed);
    /// nil when none was given. ``suggestedFilename`` always has one.
    public var filename: String?
    /// The media type, lowercased, without parameters ("image/jpeg").
    public var contentType: String
    /// The decoded content.
    public var data: [UInt8]
    /// `Content-ID` without angle brackets, for images an HTML body refers to as `cid:`.
    public var contentID: String?
    /// Whether the part was marked (or implied) inline rather than as an attachment.
    public var isInline: Bool

    public init(filename: String?, contentType: String, data: [UInt8], contentID: String? = nil, isInline: Bool = false) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.contentID = contentID
        self.isInline = isInline
    }

    public var size: Int { data.count }

    /// ``filename``, or "attachment" with an extension that fits the content type.
    public var suggestedFilename: String {
        if let filename { return filename }
        let known: [String: String] = [
            "image/jpeg": "jpg", "image/jpg": "jpg", "image/png": "png", "image/gif": "gif", "image/heic": "heic",
            "image/webp": "webp", "application/pdf": "pdf", "text/plain": "txt", "text/html": "html",
            "text/calendar": "ics", "message/rfc822": "eml", "message/delivery-status": "txt",
            "text/rfc822-headers": "txt", "audio/mpeg": "mp3", "video/mp4": "mp4", "application/zip": "zip",
        ]
        return "attachment." + (known[contentType] ?? "bin")
    }
}
