import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The case metrics of DESIGN 5.7 on one hand-worked month, October 2025 (FY 2569), taken at its end
/// (as-of 2025-11-01 00:00 Bangkok). Business time is Mon-Fri 08:30-16:30 (480 minutes a day), no
/// holidays; first response allowed 480 minutes, resolution 1,440 (urgent) or 7,200 (normal).
///
///  case  kind        channel  category  queue     prio    received          timeline (first response = first staff move)
///  A     complaint   web      road      roads     urgent  Wed 1 Oct 09:00   triaged 10:00; resolved Fri 3 Oct 09:00
///        resolution 450+480+30 = 960 min <= 1440 (met); 2.0 days; response 60 min (met)
///  B     complaint   line     water     water     urgent  Mon 6 Oct 08:30   triaged 09:00; awaiting_info 16:30; in_progress Mon 13 Oct 08:30;
///        resolved Wed 15 Oct 08:30: 480 + (480+480) = 1440 = allowance (met, the paused week not counted); 3.0 days; response 30
///  C     complaint   hotline  water     water     urgent  Tue 7 Oct 09:00   triaged Thu 9 Oct 09:00 (response 450+480+30 = 960 > 480, late);
///        resolved Mon 13 Oct 10:00: 450+480+480+480+90 = 1980 > 1440 (missed); 4.125 days
///  D     complaint   web      road      roads     normal  Mon 20 Oct 09:00  referred Tue 21 Oct 09:00: 450+30 = 480 (met, response met at the edge); 1.0 day
///  E     complaint   email    waste     cleaning  normal  Wed 1 Oct 10:00   rejected Thu 2 Oct 10:00 (response 390+90 = 480, met); out of resolved% and SLA
///  F     complaint   web      road      roads     normal  Thu 2 Oct 09:00   duplicate 11:00: out of the cohort altogether
///  G     complaint   hotline  lighting  electric  urgent  Tue 28 Oct 14:00  late hotline log: triaged Mon 3 Nov; open at as-of with
///        150+480+480+480 = 1590 min used > 1440 (overrun: in the SLA denominator, breached) and no response (1590 > 480, late)
///  H     complaint   web      lighting  electric  normal  Thu 30 Oct 09:00  triaged 10:00 (60, met); resolved Wed 5 Nov, after as-of: open; 930 used
///  I     complaint   web      waste     cleaning  normal  Wed 8 Oct 09:00   reclassified road -> waste (the fact holds the current one); triaged 09:30;
///        resolved Fri 10 Oct 11:00: 450+480+150 = 1080 (met); 2.25 days; closed Mon 20 Oct
///  J     suggestion  web      road      roads     normal  Wed 15 Oct 10:00  cases_received only
///  K     complaint   phone    road      roads     urgent  Mon 15 Sep 09:00  September; in_progress since 10:00: open and breached at as-of
///  L     complaint   web      water     water     normal  Mon 22 Sep 09:00  September; resolved Thu 25 Sep: not open at as-of
///  M     complaint   web      road      roads     urgent  Tue 14 Oct 09:00  triaged 09:30; resolved 16:30 (450: 0.9375 days at first resolution);
///        reopened Thu 16 Oct 08:30; resolved Fri 17 Oct 16:30: 450+480+480 = 1410 (met)
@Suite struct CaseMetricsTests {
    typealias F = ReportFixture
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date { F.bkk(y, m, d, h, min) }

    static let cases: [CaseFact] = [
        F.fact(1, priority: .urgent, received: bkk(2025, 10, 1, 9, 0), [(.triaged, bkk(2025, 10, 1, 10, 0)), (.resolved, bkk(2025, 10, 3, 9, 0))]),
        F.fact(2, channel: .line, category: "water", segment: .business, queue: "water", priority: .urgent, received: bkk(2025, 10, 6, 8, 30),
               [(.triaged, bkk(2025, 10, 6, 9, 0)), (.awaitingInfo, bkk(2025, 10, 6, 16, 30)), (.inProgress, bkk(2025, 10, 13, 8, 30)),
                (.resolved, bkk(2025, 10, 15, 8, 30))]),
        F.fact(3, channel: .hotline, category: "water", queue: "water", priority: .urgent, received: bkk(2025, 10, 7, 9, 0),
               [(.triaged, bkk(2025, 10, 9, 9, 0)), (.resolved, bkk(2025, 10, 13, 10, 0))]),
        F.fact(4, received: bkk(2025, 10, 20, 9, 0), [(.referred, bkk(2025, 10, 21, 9, 0))]),
        F.fact(5, channel: .email, category: "waste", queue: "cleaning", received: bkk(2025, 10, 1, 10, 0), [(.rejected, bkk(2025, 10, 2, 10, 0))]),
        F.fact(6, received: bkk(2025, 10, 2, 9, 0), [(.duplicate, bkk(2025, 10, 2, 11, 0))]),
        F.fact(7, channel: .hotline, category: "lighting", queue: "electric", priority: .urgent, received: bkk(2025, 10, 28, 14, 0),
               [(.triaged, bkk(2025, 11, 3, 9, 0))]),
        F.fact(8, category: "lighting", segment: .vulnerable, queue: "electric", received: bkk(2025, 10, 30, 9, 0),
               [(.triaged, bkk(2025, 10, 30, 10, 0)), (.resolved, bkk(2025, 11, 5, 9, 0))]),
        F.fact(9, category: "waste", queue: "cleaning", received: bkk(2025, 10, 8, 9, 0),
               [(.triaged, bkk(2025, 10, 8, 9, 30)), (.resolved, bkk(2025, 10, 10, 11, 0)), (.closed, bkk(2025, 10, 20, 9, 0))]),
        F.fact(10, .suggestion, received: bkk(2025, 10, 15, 10, 0)),
        F.fact(11, channel: .phone, segment: .business, priority: .urgent, received: bkk(2025, 9, 15, 9, 0), [(.inProgress, bkk(2025, 9, 15, 10, 0))]),
        F.fact(12, category: "water", queue: "water", received: bkk(2025, 9, 22, 9, 0), [(.resolved, bkk(2025, 9, 25, 9, 0))]),
        F.fact(13, priority: .urgent, received: bkk(2025, 10, 14, 9, 0),
               [(.triaged, bkk(2025, 10, 14, 9, 30)), (.resolved, bkk(2025, 10, 14, 16, 30)), (.inProgress, bkk(2025, 10, 16, 8, 30)),
                (.resolved, bkk(2025, 10, 17, 16, 30))]),
    ]

    func october() throws -> ReportDocument {
        try F.report(.month, "2025-10", F.inputs(cases: Self.cases))
    }

    @Test func casesReceivedCountsTheCohortWithoutDuplicatesAndSplitsByKind() throws {
        let d = try october()
        // A B C D E G H I J M (F is a duplicate; K and L are September's).
        #expect(d.value("cases_received") == 10)
        #expect(d.row("cases_received", "kind", "complaint")?.value == 9)
        #expect(d.row("cases_received", "kind", "suggestion")?.value == 1)
        #expect(d.value("complaints_received") == 9)
        #expect(d.metric("complaints_received")?.numerator == nil)
    }

    @Test func finishedShareLeavesRejectedComplaintsOutOfTheDenominator() throws {
        let d = try october()
        // Finished: A B C I M resolved or closed, D referred = 6; not rejected: 9 - E = 8. 6/8 = 75 %.
        #expect(d.value("complaints_resolved_pct") == 75)
        #expect(d.metric("complaints_resolved_pct")?.numerator == 6)
        #expect(d.metric("complaints_resolved_pct")?.denominator == 8)
    }

    @Test func resolutionSLACountsStoppedClocksAndOverrunOpenOnesExcludingPauses() throws {
        let d = try october()
        // Met: A, B (exactly the allowance once the pause is left out), D, I, M; missed: C; open and
        // overrun: G. H is open within its allowance and E rejected: neither counts. 5 / 7 = 71.43 %.
        let m = try #require(d.metric("resolved_within_sla_pct"))
        #expect(m.numerator == 5)
        #expect(m.denominator == 7)
        #expect(ReportRounding.round2(m.value) == 71.43)
        // By current category: road A D M 3/3; water B C 1/2; lighting G 0/1; waste I 1/1 (E rejected).
        #expect(d.row("resolved_within_sla_pct", "category", "road")?.value == 100)
        #expect(d.row("resolved_within_sla_pct", "category", "water")?.value == 50)
        #expect(d.row("resolved_within_sla_pct", "category", "lighting")?.value == 0)
        #expect(d.row("resolved_within_sla_pct", "category", "waste")?.numerator == 1)
    }

    @Test func firstResponseSLACountsRejectionsAsResponsesAndLateUnansweredCases() throws {
        let d = try october()
        // Responded by as-of: A B C D E H I M = 8, of which C was late; G unanswered for 1590 > 480 min.
        // 7 / 9 = 77.78 %.
        let m = try #require(d.metric("first_response_within_sla_pct"))
        #expect(m.numerator == 7)
        #expect(m.denominator == 9)
        #expect(ReportRounding.round2(m.value) == 77.78)
    }

    @Test func medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() throws {
        let d = try october()
        // First resolution or referral by as-of: M 0.9375, D 1.0, A 2.0, I 2.25, B 3.0, C 4.125 -> (2.0 + 2.25) / 2.
        #expect(d.value("median_days_to_resolve") == 2.125)
        #expect(d.row("median_days_to_resolve", "category", "water")?.value == 3.5625)  // B 3.0, C 4.125
        #expect(d.row("median_days_to_resolve", "category", "lighting")?.value == nil)  // G H unresolved at as-of
    }

    @Test func backlogHoldsOpenComplaintsOfAnyMonthAndBreachesPastTheirDueTime() throws {
        let d = try october()
        // Open at as-of: G (received), H (triaged; resolved only in November), K (September, in progress).
        // Past due: G (1590 > 1440) and K; H has used 930 of 7200.
        #expect(d.value("open_backlog") == 3)
        #expect(d.value("open_breached") == 2)
        #expect(d.row("open_backlog", "channel", "phone")?.value == 1)
        #expect(d.row("open_breached", "category", "lighting")?.value == 1)
    }

    @Test func reclassifiedCaseCountsUnderItsCurrentCategory() throws {
        let d = try october()
        // I was road when received and is waste now: waste holds E and I, road A D M (J is a suggestion).
        #expect(d.row("complaints_received", "category", "waste")?.value == 2)
        #expect(d.row("complaints_received", "category", "road")?.value == 3)
    }

    @Test func lateHotlineCaseLandsInTheMonthItWasReceived() throws {
        let november = try F.report(.month, "2025-11", F.inputs(cases: Self.cases))
        // G's calls were in October; November's cohort has no cases at all.
        #expect(november.value("cases_received") == 0)
        #expect(try october().row("cases_received", "channel", "hotline")?.value == 2)  // C and G
    }

    @Test func statusIsReplayedAtTheAsOfInstant() throws {
        // At 2025-10-13 09:00 C is still triaged (resolved at 10:00), B in progress, A resolved.
        let d = try F.report(.month, "2025-10", F.inputs(cases: Self.cases), asOf: Self.bkk(2025, 10, 13, 9, 0))
        // Cohort received by then: A B C E (F duplicate at as-of) I = 5 complaints; finished A I = 2 of 4 not rejected.
        #expect(d.value("complaints_received") == 5)
        #expect(d.metric("complaints_resolved_pct")?.numerator == 2)
        #expect(d.metric("complaints_resolved_pct")?.denominator == 4)
        // Open then: B C (and K from September); C used 450+480+480+480+30 = 1920 > 1440 by 09:00 on the 13th;
        // K too; B 480 (paused, resumed at 08:30 with 30 more) = 510, within.
        #expect(d.value("open_backlog") == 3)
        #expect(d.value("open_breached") == 2)
    }

    @Test func frequentComplaintsAreSortedByCountThenCodeWithThePreviousPeriodsCount() throws {
        let rows = try october().frequentComplaints
        // road 3 (A D M); lighting, waste, water 2 each, by code. 9 complaints. September: K road, L water.
        #expect(rows.map(\.category) == ["road", "lighting", "waste", "water"])
        #expect(rows.map(\.count) == [3, 2, 2, 2])
        #expect(rows.map { ReportRounding.round2($0.share) } == [33.33, 22.22, 22.22, 22.22])
        #expect(rows.map { ReportRounding.round2($0.cumulativeShare) } == [33.33, 55.56, 77.78, 100])
        #expect(rows.map(\.previousCount) == [1, 0, 0, 1])
    }

    @Test func emptyDenominatorsAreNullAndCountsAreZero() throws {
        let december = try F.report(.month, "2025-12", F.inputs(cases: Self.cases))
        #expect(december.value("complaints_received") == 0)
        #expect(december.value("complaints_resolved_pct") == nil)
        #expect(december.value("resolved_within_sla_pct") == nil)
        #expect(december.value("median_days_to_resolve") == nil)
        #expect(december.value("satisfaction_pct") == nil)
        #expect(december.metric("complaints_resolved_pct")?.denominator == 0)
    }

    @Test func holidaysCountNoBusinessTime() throws {
        // With Mon 13 Oct a holiday, C's resolution uses 450+480+480+480 = 1890 by Tue 14 Oct 08:30... it was
        // resolved on the 13th at 10:00, a holiday: 1890 > 1440 still missed, but B's resumption on the holiday
        // counts nothing: B used 480 + 480 (14th) = 960 when resolved Wed 15 Oct 08:30 -> 2.0 days.
        let holiday = Holiday(year: 2025, month: 10, day: 13, name: LocalizedLabel(th: "วันนวมินทรมหาราช", en: "King Bhumibol Memorial Day"))
        let calendar = BusinessCalendar(timeZone: BangkokTime.timeZone, workingHours: WorkingDay.governmentWeek, holidays: [holiday])
        let d = try F.report(.month, "2025-10", F.inputs(cases: Self.cases, calendar: calendar))
        #expect(d.row("median_days_to_resolve", "channel", "line")?.value == 2.0)
    }
}
