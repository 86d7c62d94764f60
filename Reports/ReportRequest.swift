import Foundation
import SiangCore

/// What a caller asks the engine for: a period and, optionally, the instant its figures are taken at.
///
/// The CLI (`siang report monthly --month 2025-10 [--as-of …]`), the staff page and the API all build
/// one of these from outside text with ``init(kind:id:asOf:)``, which refuses a bad id or as-of with a
/// ``ReportError`` before any fact is read.
public struct ReportRequest: Sendable, Equatable {
    public var period: PeriodKey
    /// Nil: `min(to, now)`.
    public var asOf: Date?

    public init(period: PeriodKey, asOf: Date? = nil) {
        self.period = period
        self.asOf = asOf
    }

    /// Parses `id` as a period of `kind` (`2025-10`, `2569-Q1`, `2569`) and `asOf` as ISO 8601 with an
    /// offset (a time without one is read in Asia/Bangkok, as the hotline log's are).
    public init(kind: ReportPeriod.Kind, id: String, asOf: String? = nil) throws(ReportError) {
        period = try PeriodKey.parse(id, kind: kind)
        self.asOf = try asOf.map { text throws(ReportError) in try Self.instant(text) }
        if let asOf = self.asOf { _ = try period.asOf(requested: asOf, now: asOf) }
    }

    /// Reads an `--as-of` value: `2026-01-15T12:00:00+07:00`, `2026-01-15T05:00:00Z`, or a Bangkok
    /// wall-clock time `2026-01-15T12:00[:00]`, or a date `2026-01-15` (its Bangkok midnight).
    public static func instant(_ text: String) throws(ReportError) -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        let full = ISO8601DateFormatter()
        if let d = full.date(from: t) { return d }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = full.date(from: t) { return d }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.calendar = Calendar(identifier: .gregorian)
        local.timeZone = BangkokTime.timeZone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let d = local.date(from: t) { return d }
        }
        throw .period("the as-of \"\(text)\" is not a time; write ISO 8601, e.g. 2026-01-15T12:00:00+07:00")
    }
}

/// Everything the engine computes from, handed in by the caller: the store's facts and the agency's
/// configuration. The engine reads nothing else, so a report is a pure function of these and `now`.
public struct ReportInputs: Sendable {
    /// Every case received before ``ReportEngine/factsNeeded(for:now:)``'s instant (any receipt date:
    /// the backlog and the trend read old cases too), as the store reads them for a report.
    public var caseColumns: CaseFactColumns
    /// Every answer given before that instant, as columns.
    public var answerColumns: SurveyFactColumns
    /// Every invitation issued before that instant.
    public var invitations: [SurveyInvitationFact]
    public var targets: TargetBook
    public var catalog: MetricCatalog
    public var calendar: BusinessCalendar
    public var policy: SLAPolicy
    public var agency: ReportAgency

    public init(caseColumns: CaseFactColumns, answerColumns: SurveyFactColumns, invitations: [SurveyInvitationFact],
                targets: TargetBook, catalog: MetricCatalog, calendar: BusinessCalendar, policy: SLAPolicy, agency: ReportAgency) {
        self.caseColumns = caseColumns
        self.answerColumns = answerColumns
        self.invitations = invitations
        self.targets = targets
        self.catalog = catalog
        self.calendar = calendar
        self.policy = policy
        self.agency = agency
    }

    /// Inputs from facts one by one (tests, and callers with a few facts), laid out as columns.
    public init(cases: [CaseFact], answers: [SurveyFact], invitations: [SurveyInvitationFact], targets: TargetBook,
                catalog: MetricCatalog, calendar: BusinessCalendar, policy: SLAPolicy, agency: ReportAgency) {
        self.init(caseColumns: CaseFactColumns(cases), answerColumns: SurveyFactColumns(answers), invitations: invitations,
                  targets: targets, catalog: catalog, calendar: calendar, policy: policy, agency: agency)
    }

    /// The cases one by one (made from the columns each time: not for a report's hot path).
    public var cases: [CaseFact] {
        get { caseColumns.facts }
        set { caseColumns = CaseFactColumns(newValue) }
    }

    /// The answers one by one (made from the columns each time: not for a report's hot path).
    public var answers: [SurveyFact] {
        get { answerColumns.facts }
        set { answerColumns = SurveyFactColumns(newValue) }
    }
}
