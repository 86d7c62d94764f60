import Foundation
import Testing
@testable import SiangReports
import SiangCore

/// The cases listed behind a figure are exactly the ones the figure counted: for every case metric,
/// overall and in every breakdown row, the lists' sizes equal the metric's numerator and denominator.
@Suite struct DrillDownReportTests {
    static func at(_ day: Int, _ hour: Int, month: Int = 10, year: Int = 2025) -> Date {
        BangkokTime.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }

    static func id(_ n: Int) -> TrackingID { TrackingID(storedCanonical: "CMP-680000000\(String(n, radix: 10))X") }

    static func fact(_ n: Int, _ channel: Channel, _ category: String?, kind: Kind = .complaint, received: Date,
                     _ statuses: [(Date, Status)] = [], firstResponse: Date? = nil, queue: String? = "engineering") -> CaseFact {
        CaseFact(trackingID: id(n), kind: kind, channel: channel, category: category, segment: n.isMultiple(of: 2) ? .citizen : nil,
                 queue: queue, priority: .normal, receivedAt: received,
                 statuses: [.init(at: received, status: .received)] + statuses.map { .init(at: $0.0, status: $0.1) },
                 firstResponseAt: firstResponse)
    }

    /// October 2025 (FY 2569, month 1), worked by hand: Monday 6 October is the first day.
    static let facts: [CaseFact] = [
        // Resolved in two business days: finished, within both SLAs, in the median.
        fact(1, .web, "water", received: at(6, 9), [(at(6, 10), .triaged), (at(8, 11), .resolved)], firstResponse: at(6, 10)),
        // Never touched: open at as-of, both clocks overrun, in the backlog and breached.
        fact(2, .hotline, "water", received: at(6, 9)),
        // Rejected: out of the resolved denominator, first response in time.
        fact(3, .web, "road", received: at(7, 9), [(at(7, 11), .rejected)], firstResponse: at(7, 11)),
        // A duplicate at as-of: out of the cohort altogether.
        fact(4, .line, "road", received: at(7, 9), [(at(7, 10), .duplicate)]),
        // Not a complaint: counted as received only.
        fact(5, .web, nil, kind: .suggestion, received: at(8, 9)),
        // Unclassified, paused for information, then referred: finished.
        fact(6, .email, nil, received: at(9, 9), [(at(9, 10), .triaged), (at(9, 11), .awaitingInfo), (at(13, 9), .inProgress),
                                                   (at(14, 9), .referred)], firstResponse: at(9, 10), queue: nil),
        // Received the month before (FY 2569 starts 1 October; this is FY 2568), still open: backlog only.
        fact(7, .web, "lighting", received: at(22, 9, month: 9)),
        // Resolved on 3 November: after as-of, so still open in October.
        fact(8, .web, "lighting", received: at(20, 9), [(at(20, 10), .inProgress), (at(3, 10, month: 11), .resolved)], firstResponse: at(20, 10)),
    ]

    static func inputs() throws -> ReportInputs {
        let hours = WorkingDay(opensAt: 8 * 60 + 30, closesAt: 16 * 60 + 30)
        let calendar = BusinessCalendar(timeZone: BangkokTime.timeZone, workingHours: [.mon: hours, .tue: hours, .wed: hours, .thu: hours, .fri: hours],
                                        holidays: [])
        let policy = SLAPolicy(defaults: .init(firstResponseBusinessDays: 1, resolutionBusinessDays: [.urgent: 3, .normal: 15, .complex: 30]))
        return ReportInputs(cases: facts, answers: [], invitations: [], targets: .empty, catalog: try MetricCatalog.load(),
                            calendar: calendar, policy: policy, agency: ReportAgency(nameTh: "ทดสอบ", nameEn: "Test"))
    }

    static let now = at(15, 12, month: 11)

    @Test func theListsAreTheCasesEveryCaseFigureCounted() throws {
        let inputs = try Self.inputs()
        let request = try ReportRequest(kind: .month, id: "2025-10")
        let document = try ReportEngine.report(request, inputs: inputs, now: Self.now)
        var checked = 0
        for metric in document.metrics where DrillDown.isCaseMetric(metric.id) {
            var rows: [(String?, String?, Double?, Double?, Double?)] = [(nil, nil, metric.value, metric.numerator, metric.denominator)]
            for (dimension, list) in metric.breakdowns {
                rows += list.map { (dimension, $0.key, $0.value, $0.numerator, $0.denominator) }
            }
            for (dimension, key, value, numerator, denominator) in rows {
                let cases = try DrillDown.cases(request, inputs: inputs, metric: metric.id, dimension: dimension, key: key, now: Self.now)
                let row = "\(metric.id) \(dimension ?? "overall"):\(key ?? "")"
                if let denominator {
                    #expect(Double(cases.numerator.count) == numerator, "\(row)")
                    #expect(Double(cases.denominator.count) == denominator, "\(row)")
                } else if metric.id != "median_days_to_resolve" {
                    #expect(Double(cases.numerator.count) == value ?? 0, "\(row)")
                    #expect(cases.denominator.isEmpty, "\(row)")
                }
                checked += 1
            }
        }
        #expect(checked > 30, "every case metric and its breakdown rows")
    }

    @Test func theHandWorkedListsOfOctober() throws {
        let inputs = try Self.inputs()
        let request = try ReportRequest(kind: .month, id: "2025-10")
        func lists(_ metric: String, _ dimension: String? = nil, _ key: String? = nil) throws -> ([TrackingID], [TrackingID]) {
            let c = try DrillDown.cases(request, inputs: inputs, metric: metric, dimension: dimension, key: key, now: Self.now)
            return (c.numerator, c.denominator)
        }
        let id = Self.id
        #expect(try lists("cases_received").0 == [id(1), id(2), id(3), id(5), id(6), id(8)], "the duplicate is out, the suggestion in")
        #expect(try lists("complaints_resolved_pct") == ([id(1), id(6)], [id(1), id(2), id(6), id(8)]), "the rejection is out of the denominator")
        #expect(try lists("resolved_within_sla_pct") == ([id(1), id(6)], [id(1), id(2), id(6)]), "8 is open and not yet overrun")
        #expect(try lists("median_days_to_resolve").0 == [id(1), id(6)])
        #expect(try lists("open_backlog").0 == [id(7), id(2), id(8)], "any receipt date, by received time")
        #expect(try lists("complaints_resolved_pct", "category", "none") == ([id(6)], [id(6)]), "unclassified is the none row")
        #expect(try lists("complaints_resolved_pct", "channel", "hotline") == ([], [id(2)]))
        #expect(try lists("cases_received", "kind", "suggestion").0 == [id(5)])
    }

    @Test func surveyMetricsAndUnknownBreakdownsAreRefused() throws {
        let inputs = try Self.inputs()
        let request = try ReportRequest(kind: .month, id: "2025-10")
        #expect(throws: ReportError.self) { try DrillDown.cases(request, inputs: inputs, metric: "satisfaction_pct", now: Self.now) }
        #expect(throws: ReportError.self) { try DrillDown.cases(request, inputs: inputs, metric: "no_such_metric", now: Self.now) }
        #expect(throws: ReportError.self) {
            try DrillDown.cases(request, inputs: inputs, metric: "open_backlog", dimension: "servicePoint", key: "x", now: Self.now)
        }
        #expect(throws: ReportError.self) { try DrillDown.cases(request, inputs: inputs, metric: "open_backlog", dimension: "channel", now: Self.now) }
    }
}
