import Foundation
import SiangCore
import SiangStore

/// One notice to one staff member by one channel: an outbox row of kind `staff_notice` that the
/// email and LINE deliverers send. The payload names the recipient by username (the address is looked
/// up when sent, so no personal data is kept in the outbox) and carries the finished Thai text, which
/// holds only the tracking ID, category, queue, SLA state and the case link: never the citizen's name,
/// contact or words.
public struct StaffNotice: Codable, Sendable, Equatable {
    public static let outboxKind = "staff_notice"

    public var username: String
    public var subject: String
    public var text: String

    public init(username: String, subject: String, text: String) {
        self.username = username
        self.subject = subject
        self.text = text
    }

    /// The outbox row for `channel` (`.email` or `.line`); `event` is the dedupe key of the
    /// escalation or service-recovery row it comes from, so each recipient is told once an event a channel.
    public func outboxMessage(channel: Channel, event: String, trackingID: TrackingID?) -> OutboxMessage {
        OutboxMessage(kind: Self.outboxKind, channel: channel, trackingID: trackingID, payload: encoded(),
                      dedupeKey: "notice:\(event):\(username):\(channel.rawValue)")
    }

    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// Reads a `staff_notice` payload; nil when it is not one.
    public static func decode(_ payload: String) -> StaffNotice? {
        try? JSONDecoder().decode(StaffNotice.self, from: Data(payload.utf8))
    }
}
