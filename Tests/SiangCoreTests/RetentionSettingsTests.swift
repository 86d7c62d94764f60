import Foundation
import Testing
@testable import SiangCore

/// `retention.contactDays` (docs/pdpa.md): shipped as 365, set by the file or the environment, and a
/// value that would erase at once or never parse is refused naming the key.
@Suite struct RetentionSettingsTests {
    @Test func contactDaysIsShippedAsAYearAndCanBeSet() throws {
        #expect(try SiangConfiguration.defaults().retention.contactDays == 365)
        #expect(try ConfigurationLoader.load(overrideYAML: "retention: {contactDays: 730}", environment: [:]).retention.contactDays == 730)
        #expect(try ConfigurationLoader.load(overrideYAML: nil, environment: ["SIANG_RETENTION_CONTACT_DAYS": "90"]).retention.contactDays == 90)
    }

    @Test func aContactDaysBelowOneIsRefusedNamingTheKey() {
        #expect(throws: ConfigurationError.invalid(key: "retention.contactDays", reason: "must be a whole number of days, at least 1")) {
            try ConfigurationLoader.load(overrideYAML: "retention: {contactDays: 0}", environment: [:])
        }
        #expect(throws: (any Error).self) { try ConfigurationLoader.load(overrideYAML: "retention: {contactDays: soon}", environment: [:]) }
    }
}
