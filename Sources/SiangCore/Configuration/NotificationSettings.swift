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

    public init(executives: [String] = [], lineLinkCodeMinutes: Int = 10) {
        self.executives = executives
        self.lineLinkCodeMinutes = lineLinkCodeMinutes
    }

    func validate() throws(ConfigurationError) {
        guard (1...60).contains(lineLinkCodeMinutes) else {
            throw .invalid(key: "notifications.lineLinkCodeMinutes", reason: "must be a whole number of minutes from 1 to 60")
        }
    }
}
