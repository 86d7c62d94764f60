import Foundation

/// Everything an agency can set without code: prefix, calendar, SLA, limits, taxonomy, channel
/// credentials. Built by ``ConfigurationLoader`` from the shipped defaults, an override file and the
/// environment, then validated once.
public struct SiangConfiguration: Codable, Sendable {
    public var trackingPrefix: String
    public var agency: AgencySettings
    public var calendar: CalendarSettings
    public var sla: SLASettings
    public var limits: IntakeLimits
    /// Bounds on receipt times staff give (`intake.receivedAtFloor`, `intake.maxClockSkewSeconds`).
    public var intake: IntakeSettings
    public var line: LINESettings
    public var email: EmailSettings
    public var hotline: HotlineSettings
    public var taxonomy: Taxonomy
    public var routing: RoutingSettings
    public var classifier: ClassifierSettings
    public var duplicates: DuplicateSettings
    /// Satisfaction surveys, reason codes and service points (checked as they are read).
    public var surveys: SurveySettings
    /// Which peers are proxies whose `X-Forwarded-For` is believed; timeouts and the connection cap.
    public var server: ServerSettings
    /// Who may read `/metrics`.
    public var metrics: MetricsSettings
    /// Where and how the PMQA scoring-core export is pushed (docs/scoring-core.md).
    public var scoringCore: ScoringCoreSettings
    /// The agency's words for the category 3 evidence pack (owners, key steps, links).
    public var evidence: EvidenceSettings
    /// Who besides the queue's supervisors is told of service recovery; the LINE link code's lifetime.
    public var notifications: NotificationSettings
    /// How long personal data of closed cases is kept (docs/pdpa.md).
    public var retention: RetentionSettings

    /// The shipped defaults alone, as a deployment without an override file sees them.
    public static func defaults() throws -> SiangConfiguration {
        try ConfigurationLoader.load(overrideYAML: nil, environment: [:])
    }

    func validate() throws(ConfigurationError) {
        do { try TrackingID.validatePrefix(trackingPrefix) } catch {
            throw .invalid(key: "trackingPrefix", reason: "must be 2 to 5 capital letters")
        }
        guard TimeZone(identifier: calendar.timeZone) != nil else {
            throw .invalid(key: "calendar.timeZone", reason: "unknown time zone \"\(calendar.timeZone)\"")
        }
        guard (0.0...1.0).contains(sla.atRiskFraction), sla.atRiskFraction > 0 else {
            throw .invalid(key: "sla.atRiskFraction", reason: "must be between 0 and 1")
        }
        for p in Priority.allCases where (sla.resolutionBusinessDays[p.rawValue] ?? 0) <= 0 {
            throw .invalid(key: "sla.resolutionBusinessDays.\(p.rawValue)", reason: "must be a positive number of days")
        }
        guard URL(string: agency.publicBaseURL)?.scheme != nil else {
            throw .invalid(key: "agency.publicBaseURL", reason: "must be an absolute URL")
        }
        try taxonomy.validate()
        try routing.validate(taxonomy: taxonomy)
        guard (0...1).contains(classifier.confidenceThreshold) else {
            throw .invalid(key: "classifier.confidenceThreshold", reason: "must be between 0 and 1")
        }
        try intake.validate()
        guard hotline.watchIntervalSeconds >= 1 else {
            throw .invalid(key: "hotline.watchIntervalSeconds", reason: "must be a whole number of seconds, at least 1")
        }
        try limits.validateRates()
        try server.validate()
        try evidence.validate()
        try notifications.validate()
        try retention.validate()
        guard (0...1).contains(duplicates.similarity), duplicates.windowDays > 0 else {
            throw .invalid(key: "duplicates", reason: "similarity must be between 0 and 1 and windowDays positive")
        }
    }
}

public struct AgencySettings: Codable, Sendable {
    public var nameTh: String
    public var nameEn: String
    public var publicBaseURL: String
}

public struct CalendarSettings: Codable, Sendable {
    public var timeZone: String
    /// Weekday (`mon` ... `sun`) to "HH:mm-HH:mm".
    public var workingHours: [String: String]
    /// Public holidays; when given in the override file they replace the shipped list.
    public var holidays: [HolidaySetting]?
}

public struct HolidaySetting: Codable, Sendable, Hashable {
    /// ISO date, `yyyy-MM-dd` (Common Era).
    public var date: String
    public var th: String
    public var en: String
}

public struct SLASettings: Codable, Sendable {
    public var firstResponseBusinessDays: Int
    /// Priority raw value to business days.
    public var resolutionBusinessDays: [String: Int]
    public var atRiskFraction: Double
    /// Optional: how often, in business days, an open case must get a public update.
    public var updateIntervalBusinessDays: Int?
    /// Optional per-category overrides of the allowances above, keyed by category code.
    public var categoryOverrides: [String: CategorySLAOverride]?
}

/// A category whose allowances differ from the defaults (for example `safety` resolved faster).
public struct CategorySLAOverride: Codable, Sendable {
    public var firstResponseBusinessDays: Int?
    public var resolutionBusinessDays: [String: Int]?
}

/// Size limits on what citizens may send, and how often one address may send or look up; anything
/// over them is refused with a clear error (413, 422, or 429 with `Retry-After`).
public struct IntakeLimits: Codable, Sendable {
    public var maxBodyBytes: Int
    public var maxFormBytes: Int
    public var maxTextLength: Int
    public var maxSubjectLength: Int
    public var maxAddressLength: Int
    public var maxNameLength: Int
    public var maxExternalRefLength: Int
    public var maxAttachments: Int
    public var maxAttachmentBytes: Int
    /// New cases one address may file (web form and JSON API together); staff tokens are exempt.
    public var intakePerMinute: Int
    public var intakePerHour: Int
    /// Tracking lookups one address may make (pages and JSON API together).
    public var lookupsPerMinute: Int
    /// Lookups of unknown or mistyped tracking IDs one address may make before its lookups are refused.
    public var lookupMissesPerHour: Int

    func validateRates() throws(ConfigurationError) {
        for (key, value) in [("intakePerMinute", intakePerMinute), ("intakePerHour", intakePerHour),
                             ("lookupsPerMinute", lookupsPerMinute), ("lookupMissesPerHour", lookupMissesPerHour)] where value < 1 {
            throw .invalid(key: "limits.\(key)", reason: "must be a whole number, at least 1")
        }
    }
}

public struct LINESettings: Codable, Sendable {
    public var channelSecret: String
    public var channelAccessToken: String
    public var apiBaseURL: String
    public var dataAPIBaseURL: String
}

public struct EmailSettings: Codable, Sendable {
    public var imapURL: String
    public var imapUser: String
    public var imapPassword: String
    public var smtpURL: String
    public var smtpUser: String
    public var smtpPassword: String
    public var from: String
}

/// The folder `siang serve` takes call-centre logs from (DESIGN.md 5.4).
public struct HotlineSettings: Codable, Sendable {
    /// Empty: no folder is watched.
    public var watchFolder: String
    /// How long to wait between two looks; a file is taken once its size is the same on two looks.
    public var watchIntervalSeconds: Int
    /// A mapping file for the folder's logs, as `siang import hotline --mapping`; empty: the shipped names.
    public var mapping: String
}

public struct ClassifierSettings: Codable, Sendable {
    public var confidenceThreshold: Double
}

public struct DuplicateSettings: Codable, Sendable {
    public var similarity: Double
    public var windowDays: Int
}

/// Why the configuration could not be used; names the key so an admin can find it.
public enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(String)
    case invalid(key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let why): "the configuration could not be read: \(why)"
        case .invalid(let key, let reason): "configuration key \(key): \(reason)"
        }
    }
}
