import Foundation

/// What every channel adapter produces: one citizen message, in one shape, whatever the wire format.
/// The pipeline takes it from here (validate, deduplicate, store, acknowledge); adding a channel never
/// touches the pipeline.
public struct Intake: Sendable, Equatable {
    /// Unset when the channel did not say; the classifier decides later.
    public var kind: Kind?
    public var subject: String?
    public var text: String
    public var channel: Channel
    /// The channel's own key for this message (LINE webhookEventId, email Message-ID, hotline call_id,
    /// web Idempotency-Key or form nonce); a repeated key returns the existing case.
    public var channelMessageKey: String?
    public var receivedAt: Date
    public var contact: Contact?
    /// The PDPA consent to use the contact details for this case.
    public var consent: Bool
    public var attachments: [AttachmentRef]
    public var location: Location?
    /// A category code the citizen or staff chose; nil for "not sure".
    public var category: String?
    public var segment: Segment?
    /// The reference of the case in the system it came from (staff only).
    public var externalRef: String?
    /// What the adapter had to guess or repair (broken MIME, unreadable row parts), shown to staff.
    public var warnings: [String]

    public init(
        kind: Kind? = nil, subject: String? = nil, text: String, channel: Channel,
        channelMessageKey: String? = nil, receivedAt: Date, contact: Contact? = nil, consent: Bool = false,
        attachments: [AttachmentRef] = [], location: Location? = nil, category: String? = nil,
        segment: Segment? = nil, externalRef: String? = nil, warnings: [String] = []
    ) {
        self.kind = kind
        self.subject = subject
        self.text = text
        self.channel = channel
        self.channelMessageKey = channelMessageKey
        self.receivedAt = receivedAt
        self.contact = contact
        self.consent = consent
        self.attachments = attachments
        self.location = location
        self.category = category
        self.segment = segment
        self.externalRef = externalRef
        self.warnings = warnings
    }
}

/// How to reach the person. Personal data: never logged, never in reports, visible to staff only.
public struct Contact: Codable, Sendable, Equatable {
    public var name: String?
    public var phone: String?
    public var email: String?
    /// The LINE user ID, for pushing status changes.
    public var lineUserID: String?

    public init(name: String? = nil, phone: String? = nil, email: String? = nil, lineUserID: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.lineUserID = lineUserID
    }

    public var isEmpty: Bool { [name, phone, email, lineUserID].allSatisfy { ($0 ?? "").isEmpty } }
}

/// Where the problem is: an address in words and, optionally, a map point.
public struct Location: Codable, Sendable, Equatable {
    public var lat: Double?
    public var lon: Double?
    public var address: String?

    public init(lat: Double? = nil, lon: Double? = nil, address: String? = nil) {
        self.lat = lat
        self.lon = lon
        self.address = address
    }
}

/// A file the citizen sent, already stored content-addressed (by SHA-256) under the data directory.
public struct AttachmentRef: Codable, Sendable, Equatable {
    public var sha256: String
    public var filename: String
    public var contentType: String
    public var size: Int

    public init(sha256: String, filename: String, contentType: String, size: Int) {
        self.sha256 = sha256
        self.filename = filename
        self.contentType = contentType
        self.size = size
    }
}
