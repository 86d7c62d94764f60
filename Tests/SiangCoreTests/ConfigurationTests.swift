import Foundation
import Testing
@testable import SiangCore

@Suite struct ConfigurationTests {
    @Test func shippedDefaultsMatchTheDesign() throws {
        let c = try SiangConfiguration.defaults()
        #expect(c.trackingPrefix == "CMP")
        #expect(c.calendar.timeZone == "Asia/Bangkok")
        #expect(c.calendar.workingHours["mon"] == "08:30-16:30")
        #expect(c.sla.resolutionBusinessDays == ["urgent": 3, "normal": 15, "complex": 30])
        #expect(c.sla.atRiskFraction == 0.75)
        #expect(c.line.apiBaseURL == "https://api.line.me")
        let codes = c.taxonomy.categories.map(\.code)
        #expect(codes == ["road", "lighting", "water", "waste", "nuisance", "safety", "staff_conduct", "process_delay",
                          "digital_service", "corruption", "information", "other"])
        #expect(c.taxonomy.category("corruption")?.restricted == true)
        #expect(c.taxonomy.category("road")?.restricted == false)
    }

    @Test func overrideFileMergesKeyByKey() throws {
        let c = try ConfigurationLoader.load(overrideYAML: """
            trackingPrefix: BKK
            sla:
              resolutionBusinessDays: {urgent: 2}
            line: {channelSecret: from-file}
            """, environment: [:])
        #expect(c.trackingPrefix == "BKK")
        #expect(c.sla.resolutionBusinessDays == ["urgent": 2, "normal": 15, "complex": 30])
        #expect(c.line.channelSecret == "from-file")
        #expect(c.line.apiBaseURL == "https://api.line.me")
    }

    @Test func environmentWinsOverTheFile() throws {
        #expect(ConfigurationLoader.environmentName(for: ["line", "channelSecret"]) == "SIANG_LINE_CHANNEL_SECRET")
        #expect(ConfigurationLoader.environmentName(for: ["sla", "atRiskFraction"]) == "SIANG_SLA_AT_RISK_FRACTION")
        #expect(ConfigurationLoader.environmentName(for: ["line", "apiBaseURL"]) == "SIANG_LINE_API_BASE_URL")
        #expect(ConfigurationLoader.environmentName(for: ["line", "dataAPIBaseURL"]) == "SIANG_LINE_DATA_API_BASE_URL")
        #expect(ConfigurationLoader.environmentName(for: ["email", "imapURL"]) == "SIANG_EMAIL_IMAP_URL")
        #expect(ConfigurationLoader.environmentName(for: ["agency", "publicBaseURL"]) == "SIANG_AGENCY_PUBLIC_BASE_URL")
        let c = try ConfigurationLoader.load(overrideYAML: "line: {channelSecret: from-file}", environment: [
            "SIANG_LINE_CHANNEL_SECRET": "from-env", "SIANG_SLA_AT_RISK_FRACTION": "0.8", "SIANG_TRACKING_PREFIX": "ABC",
            "SIANG_SLA_RESOLUTION_BUSINESS_DAYS_NORMAL": "10",
        ])
        #expect(c.line.channelSecret == "from-env")
        #expect(c.sla.atRiskFraction == 0.8)
        #expect(c.trackingPrefix == "ABC")
        #expect(c.sla.resolutionBusinessDays["normal"] == 10)
    }

    @Test func badValuesAreRefusedNamingTheKey() {
        #expect(throws: ConfigurationError.invalid(key: "trackingPrefix", reason: "must be 2 to 5 capital letters")) {
            try ConfigurationLoader.load(overrideYAML: "trackingPrefix: cmp1", environment: [:])
        }
        #expect(throws: ConfigurationError.invalid(key: "sla.atRiskFraction", reason: "must be between 0 and 1")) {
            try ConfigurationLoader.load(overrideYAML: nil, environment: ["SIANG_SLA_AT_RISK_FRACTION": "1.5"])
        }
        #expect(throws: (any Error).self) { try ConfigurationLoader.load(overrideYAML: "sla: [1, 2", environment: [:]) }
        #expect(throws: (any Error).self) { try ConfigurationLoader.load(overrideYAML: "- just a list", environment: [:]) }
        #expect(throws: (any Error).self) {
            try ConfigurationLoader.load(overrideYAML: "taxonomy: {categories: [{code: road, th: ถนน, en: Road}]}", environment: [:])
        }
    }

    @Test func theHotlineFolderIsOffUntilOneIsGivenInTheFileOrTheEnvironment() throws {
        let shipped = try SiangConfiguration.defaults().hotline
        #expect(shipped.watchFolder.isEmpty && shipped.watchIntervalSeconds == 10 && shipped.mapping.isEmpty)
        let fromFile = try ConfigurationLoader.load(overrideYAML: "hotline: {watchFolder: /srv/hotline/inbox}", environment: [:]).hotline
        #expect(fromFile.watchFolder == "/srv/hotline/inbox" && fromFile.watchIntervalSeconds == 10 && fromFile.mapping.isEmpty)

        #expect(ConfigurationLoader.environmentName(for: ["hotline", "watchFolder"]) == "SIANG_HOTLINE_WATCH_FOLDER")
        #expect(ConfigurationLoader.environmentName(for: ["hotline", "watchIntervalSeconds"]) == "SIANG_HOTLINE_WATCH_INTERVAL_SECONDS")
        let fromEnvironment = try ConfigurationLoader.load(overrideYAML: "hotline: {watchFolder: /srv/a, mapping: acme.yaml}", environment: [
            "SIANG_HOTLINE_WATCH_FOLDER": "/srv/สายด่วน", "SIANG_HOTLINE_WATCH_INTERVAL_SECONDS": "2",
        ]).hotline
        #expect(fromEnvironment.watchFolder == "/srv/สายด่วน")
        #expect(fromEnvironment.watchIntervalSeconds == 2)
        #expect(fromEnvironment.mapping == "acme.yaml")
    }

    @Test func aHotlineIntervalThatIsNotAWholeSecondOrMoreIsRefusedNamingTheKey() {
        let belowOne = ConfigurationError.invalid(key: "hotline.watchIntervalSeconds", reason: "must be a whole number of seconds, at least 1")
        #expect(throws: belowOne) { try ConfigurationLoader.load(overrideYAML: "hotline: {watchIntervalSeconds: 0}", environment: [:]) }
        #expect(throws: belowOne) {
            try ConfigurationLoader.load(overrideYAML: nil, environment: ["SIANG_HOTLINE_WATCH_INTERVAL_SECONDS": "-5"])
        }
        for word in ["soon", "1.5", ""] {
            let error = #expect(throws: ConfigurationError.self) {
                try ConfigurationLoader.load(overrideYAML: nil, environment: ["SIANG_HOTLINE_WATCH_INTERVAL_SECONDS": word])
            }
            #expect(error?.description.contains("hotline.watchIntervalSeconds") == true, "\(word): \(String(describing: error))")
        }
    }
}
