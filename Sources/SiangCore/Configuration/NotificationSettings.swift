import Foundation

/// Notices to staff (the `notifications:` section, docs/configuration.md): escalations and service
/// recovery go to the queue's supervisors; service recovery also to ``executives`` (usernames), as
/// agencies that send dissatisfaction straight to their executives do, except on restricted
/// (corruption) cases, which stay with the integrity queue's supervisors.
public struct NotificationSettings: Codable, Sendable {
    /// Usernames of executives told of every service recovery outside restricted categories.
    public var executives: [String]
    /// How long a LINE link code shown on the account page can be sent to the Official Account.
    public var lineLinkCodeMinutes: Int
    /// The local time (`HH:mm`, the calendar's time zone) of the daily digest on business days; empty: none.
    public var digestTime: String

    public init(executives: [String] = [], lineLinkCodeMinutes: Int = 10, digestTime: String = "08:00") {
        self.executives = executives
        self.lineLinkCodeMinutes = lineLinkCodeMinutes
        self.digestTime = digestTime
    }

    /// The digest time as minutes after local midnight; nil when there is no digest.
    public var digestMinute: Int? {
        let parts = digestTime.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    func validate() throws(ConfigurationError) {
        guard (1...60).contains(lineLinkCodeMinutes) else {
            throw .invalid(key: "notifications.lineLinkCodeMinutes", reason: "must be a whole number of minutes from 1 to 60")
        }
        guard digestTime.isEmpty || digestMinute != nil else {
            throw .invalid(key: "notifications.digestTime", reason: "must be a time like 08:00, or empty for no digest")
        }
    }
}
