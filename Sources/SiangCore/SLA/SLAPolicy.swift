import Foundation

/// How much business time the agency allows itself: the first-response and resolution allowances for
/// each (category, priority), read from ``SLASettings`` and validated once at start.
///
/// Allowances are configured in business days and handed out in business minutes, one business day
/// being ``minutesPerBusinessDay`` (480 for 08:30-16:30). A category listed in
/// `sla.categoryOverrides` replaces only the values it names; everything else falls back to the
/// defaults. Use ``due(receivedAt:category:priority:calendar:)`` for the due times of a new case and
/// ``SLAClock`` for where a running case stands.
public struct SLAPolicy: Sendable, Equatable {
    /// The allowances of one category, in business days.
    public struct Allowances: Sendable, Equatable {
        public var firstResponseBusinessDays: Int
        public var resolutionBusinessDays: [Priority: Int]

        public init(firstResponseBusinessDays: Int, resolutionBusinessDays: [Priority: Int]) {
            self.firstResponseBusinessDays = firstResponseBusinessDays
            self.resolutionBusinessDays = resolutionBusinessDays
        }
    }

    /// What applies to categories without an override.
    public let defaults: Allowances
    /// Per category code, already merged with the defaults.
    public let overrides: [String: Allowances]
    /// The share of an allowance after which a running clock is `at_risk` (0 < f <= 1).
    public let atRiskFraction: Double
    /// How often an open case must get a public update, in business days; nil when not required.
    public let updateIntervalBusinessDays: Int?
    public let minutesPerBusinessDay: Int

    public init(defaults: Allowances, overrides: [String: Allowances] = [:], atRiskFraction: Double = 0.75,
                updateIntervalBusinessDays: Int? = nil, minutesPerBusinessDay: Int = 480) {
        self.defaults = defaults
        self.overrides = overrides
        self.atRiskFraction = atRiskFraction
        self.updateIntervalBusinessDays = updateIntervalBusinessDays
        self.minutesPerBusinessDay = minutesPerBusinessDay
    }

    /// Reads and checks `settings`.
    ///
    /// - Parameters:
    ///   - minutesPerBusinessDay: the length of a business day; pass ``BusinessCalendar/minutesPerBusinessDay``
    ///     when the agency's hours differ from 08:30-16:30.
    ///   - knownCategories: when given, an override for a category outside this set is refused (a typo
    ///     would otherwise be silently ignored).
    public init(settings: SLASettings, minutesPerBusinessDay: Int = 480,
                knownCategories: Set<String>? = nil) throws(ConfigurationError) {
        guard minutesPerBusinessDay > 0 else {
            throw .invalid(key: "calendar.workingHours", reason: "a business day must have working minutes")
        }
        guard settings.firstResponseBusinessDays > 0 else {
            throw .invalid(key: "sla.firstResponseBusinessDays", reason: "must be a positive number of days")
        }
        guard settings.atRiskFraction > 0, settings.atRiskFraction <= 1 else {
            throw .invalid(key: "sla.atRiskFraction", reason: "must be more than 0 and at most 1 (0.75 is 75 %)")
        }
        if let interval = settings.updateIntervalBusinessDays, interval <= 0 {
            throw .invalid(key: "sla.updateIntervalBusinessDays", reason: "must be a positive number of days")
        }
        let resolution = try Self.resolutionDays(settings.resolutionBusinessDays, key: "sla.resolutionBusinessDays",
                                                 fallback: nil)
        let defaults = Allowances(firstResponseBusinessDays: settings.firstResponseBusinessDays,
                                  resolutionBusinessDays: resolution)
        var overrides: [String: Allowances] = [:]
        for (category, override) in settings.categoryOverrides ?? [:] {
            let key = "sla.categoryOverrides.\(category)"
            if let knownCategories, !knownCategories.contains(category) {
                throw .invalid(key: key, reason: "\"\(category)\" is not a category in the taxonomy")
            }
            if let days = override.firstResponseBusinessDays, days <= 0 {
                throw .invalid(key: "\(key).firstResponseBusinessDays", reason: "must be a positive number of days")
            }
            overrides[category] = Allowances(
                firstResponseBusinessDays: override.firstResponseBusinessDays ?? defaults.firstResponseBusinessDays,
                resolutionBusinessDays: try Self.resolutionDays(override.resolutionBusinessDays ?? [:],
                                                                key: "\(key).resolutionBusinessDays", fallback: resolution))
        }
        self.init(defaults: defaults, overrides: overrides, atRiskFraction: settings.atRiskFraction,
                  updateIntervalBusinessDays: settings.updateIntervalBusinessDays,
                  minutesPerBusinessDay: minutesPerBusinessDay)
    }

    /// The DESIGN.md defaults: 1 business day to first response; 3, 15 and 30 to resolution.
    public static let standard = SLAPolicy(defaults: Allowances(
        firstResponseBusinessDays: 1, resolutionBusinessDays: [.urgent: 3, .normal: 15, .complex: 30]))

    // MARK: Allowances

    /// The allowances that apply to `category` (nil or unknown: the defaults).
    public func allowances(category: String?) -> Allowances {
        category.flatMap { overrides[$0] } ?? defaults
    }

    public func firstResponseAllowanceMinutes(category: String?) -> Int {
        allowances(category: category).firstResponseBusinessDays * minutesPerBusinessDay
    }

    public func resolutionAllowanceMinutes(category: String?, priority: Priority) -> Int {
        // Every priority is present: validation filled the gaps.
        (allowances(category: category).resolutionBusinessDays[priority] ?? 0) * minutesPerBusinessDay
    }

    /// The public-update interval in business minutes, when the agency set one.
    public var updateIntervalMinutes: Int? {
        updateIntervalBusinessDays.map { $0 * minutesPerBusinessDay }
    }

    /// The due times of a case received at `receivedAt` (before any pause): each allowance added to the
    /// received instant in business time.
    public func due(receivedAt: Date, category: String?, priority: Priority, calendar: BusinessCalendar) -> SLADue {
        SLADue(
            firstResponseDueAt: calendar.adding(businessMinutes: firstResponseAllowanceMinutes(category: category), to: receivedAt),
            resolutionDueAt: calendar.adding(businessMinutes: resolutionAllowanceMinutes(category: category, priority: priority),
                                             to: receivedAt))
    }

    /// Checks a priority -> days map; with a `fallback`, missing priorities take the fallback's value.
    private static func resolutionDays(_ raw: [String: Int], key: String,
                                       fallback: [Priority: Int]?) throws(ConfigurationError) -> [Priority: Int] {
        var days: [Priority: Int] = fallback ?? [:]
        for (name, value) in raw {
            guard let priority = Priority(rawValue: name) else {
                throw .invalid(key: "\(key).\(name)", reason: "unknown priority; use urgent, normal or complex")
            }
            guard value > 0 else {
                throw .invalid(key: "\(key).\(name)", reason: "must be a positive number of days")
            }
            days[priority] = value
        }
        for priority in Priority.allCases where days[priority] == nil {
            throw .invalid(key: "\(key).\(priority.rawValue)", reason: "is missing; every priority needs a number of days")
        }
        return days
    }
}

/// When a case's first response and resolution are due, as promised at intake.
public struct SLADue: Codable, Sendable, Equatable {
    public var firstResponseDueAt: Date
    public var resolutionDueAt: Date

    public init(firstResponseDueAt: Date, resolutionDueAt: Date) {
        self.firstResponseDueAt = firstResponseDueAt
        self.resolutionDueAt = resolutionDueAt
    }
}
