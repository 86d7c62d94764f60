import Foundation
import SiangCore
@testable import SiangReports

/// Builders for hand-worked report fixtures: Bangkok wall-clock instants, cases with their status
/// timelines, and the inputs of a report over the government week without holidays (each test that
/// needs a holiday says so).
enum ReportFixture {
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    static let calendar = BusinessCalendar(timeZone: BangkokTime.timeZone, workingHours: WorkingDay.governmentWeek, holidays: [])
    static let agency = ReportAgency(nameTh: "เทศบาลตัวอย่าง", nameEn: "Example Municipality")

    static func id(_ n: Int) -> TrackingID { TrackingID(storedCanonical: "CMP-69TEST\(String(format: "%05d", n))") }

    /// A case with its timeline: `statuses` after `received`; the first response defaults to the first
    /// staff move to triaged, in progress, resolved, referred or rejected.
    static func fact(_ n: Int, _ kind: Kind = .complaint, channel: Channel = .web, category: String? = "road",
                     segment: Segment? = .citizen, queue: String? = "roads", priority: Priority = .normal,
                     received: Date, _ statuses: [(Status, Date)] = [], firstResponse: Date?? = nil) -> CaseFact {
        let responses: Set<Status> = [.triaged, .inProgress, .resolved, .referred, .rejected]
        let response: Date?
        if case .some(let given) = firstResponse { response = given } else { response = statuses.first { responses.contains($0.0) }?.1 }
        return CaseFact(trackingID: id(n), kind: kind, channel: channel, category: category, segment: segment, queue: queue,
                        priority: priority, receivedAt: received,
                        statuses: [CaseFact.StatusPoint(at: received, status: .received)] + statuses.map { .init(at: $0.1, status: $0.0) },
                        firstResponseAt: response)
    }

    static func inputs(cases: [CaseFact] = [], answers: [SurveyFact] = [], invitations: [SurveyInvitationFact] = [],
                       targets: TargetBook = .empty, catalog: MetricCatalog? = nil,
                       calendar: BusinessCalendar = calendar) throws -> ReportInputs {
        ReportInputs(cases: cases, answers: answers, invitations: invitations, targets: targets,
                     catalog: try catalog ?? MetricCatalog.load(), calendar: calendar, policy: .standard, agency: agency)
    }

    static func report(_ kind: ReportPeriod.Kind, _ id: String, _ inputs: ReportInputs, asOf: Date? = nil,
                       now: Date = bkk(2026, 12, 1)) throws -> ReportDocument {
        try ReportEngine.report(ReportRequest(period: PeriodKey.parse(id, kind: kind), asOf: asOf), inputs: inputs, now: now)
    }
}

extension ReportDocument {
    func value(_ metric: String) -> Double? { self.metric(metric)?.value }

    func row(_ metric: String, _ dimension: String, _ key: String) -> BreakdownRow? {
        self.metric(metric)?.breakdowns[dimension]?.first { $0.key == key }
    }
}
