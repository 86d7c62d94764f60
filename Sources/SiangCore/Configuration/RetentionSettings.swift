import Foundation

/// How long personal data is kept (the `retention:` section, docs/pdpa.md): the contact, attachment
/// files and delivered messages of a case are erased `contactDays` days after it was closed; the case,
/// its events and every figure stay.
public struct RetentionSettings: Codable, Sendable {
    /// Days after closure before a case's personal data is erased.
    public var contactDays: Int

    public init(contactDays: Int = 365) { self.contactDays = contactDays }

    func validate() throws(ConfigurationError) {
        guard contactDays >= 1 else {
            throw .invalid(key: "retention.contactDays", reason: "must be a whole number of days, at least 1")
        }
    }
}
