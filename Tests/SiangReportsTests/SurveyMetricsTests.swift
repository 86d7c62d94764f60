import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The survey metrics of DESIGN 5.7 on a hand-worked October 2025 (as-of 2025-11-01 00:00 Bangkok).
///
///  answer  when     source          case (kind, channel)        overall dims        trust recommend reasons
///  S1      4 Oct    case            A (complaint, web)          5       -           4     5         -
///  S2      16 Oct   case            B (complaint, line)         2       process 2   3     2         delay, no_update
///  S3      20 Oct   case            J (suggestion, web)         4       -           4     -         -
///  S4      22 Oct   service_point   - (walk_in, ONESTOP, vuln.) 3       staff 1     5     4         staff_manner, delay
///  S5      25 Oct   import:gforms   - (no channel)              1       -           2     1         delay, delay (once)
///  S7      26 Oct   service_point   - (walk_in, ONESTOP)        5       -           -     -         other (not dissatisfied)
///  S6      2 Nov    case            A                           1       (November: not counted)
///
/// Overall 5 2 4 3 1 5: sum 20 of 6 answers, mean 3.333… -> satisfaction 66.67 %; 4-5: 3/6 = 50 %;
/// 1-2: 2/6 = 33.33 %. Trust 4 3 4 5 2 = 18/5 = 3.6 -> 72 %. Recommend 5 2 4 1 = 12/4 = 3 -> 60 %.
/// Complaint case surveys S1 S2: mean 3.5 -> 70 % (S3's case is a suggestion).
@Suite struct SurveyMetricsTests {
    typealias F = ReportFixture
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date { F.bkk(y, m, d, h, min) }

    static let cases: [CaseFact] = [
        F.fact(1, received: bkk(2025, 10, 1, 9), [(.resolved, bkk(2025, 10, 3, 9))]),
        F.fact(2, channel: .line, segment: .business, received: bkk(2025, 10, 6, 9), [(.resolved, bkk(2025, 10, 15, 9))]),
        F.fact(3, channel: .hotline, received: bkk(2025, 10, 7, 9), [(.resolved, bkk(2025, 10, 13, 9))]),
        F.fact(9, received: bkk(2025, 10, 8, 9), [(.resolved, bkk(2025, 10, 10, 9))]),
        F.fact(10, .suggestion, received: bkk(2025, 10, 15, 10), [(.resolved, bkk(2025, 10, 17, 9))]),
        F.fact(13, received: bkk(2025, 10, 14, 9), [(.resolved, bkk(2025, 10, 16, 9))]),
    ]

    static let answers: [SurveyFact] = [
        SurveyFact(answeredAt: bkk(2025, 10, 4, 10), source: "case", channel: .email, overall: 5, trust: 4, recommend: 5, trackingID: F.id(1)),
        SurveyFact(answeredAt: bkk(2025, 10, 16, 10), source: "case", channel: .line, overall: 2, dimensions: ["process": 2], trust: 3,
                   recommend: 2, reasons: ["delay", "no_update"], trackingID: F.id(2)),
        SurveyFact(answeredAt: bkk(2025, 10, 20, 10), source: "case", channel: .web, overall: 4, trust: 4, trackingID: F.id(10)),
        SurveyFact(answeredAt: bkk(2025, 10, 22, 10), source: "service_point", channel: .walkIn, segment: .vulnerable, servicePoint: "ONESTOP",
                   overall: 3, dimensions: ["staff": 1], trust: 5, recommend: 4, reasons: ["staff_manner", "delay"]),
        SurveyFact(answeredAt: bkk(2025, 10, 25, 10), source: "import:gforms", overall: 1, trust: 2, recommend: 1, reasons: ["delay", "delay"]),
        SurveyFact(answeredAt: bkk(2025, 11, 2, 10), source: "case", overall: 1, trackingID: F.id(1)),
        SurveyFact(answeredAt: bkk(2025, 10, 26, 10), source: "service_point", channel: .walkIn, servicePoint: "ONESTOP", overall: 5,
                   reasons: ["other"]),
    ]

    /// Issued in October: A (answered 4 Oct), B (answered 16 Oct), C (never), I (answered 3 Nov, after
    /// as-of), M (never) -> 2 of 5 answered by as-of = 40 %.
    static let invitations: [SurveyInvitationFact] = [
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 3, 9), channel: .web, category: "road", segment: .citizen, queue: "roads", answered: true,
                             answeredAt: bkk(2025, 10, 4, 10), trackingID: F.id(1)),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 15, 9), channel: .line, category: "road", segment: .business, queue: "roads", answered: true,
                             answeredAt: bkk(2025, 10, 16, 10), trackingID: F.id(2)),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 13, 9), channel: .hotline, category: "road", segment: .citizen, queue: "roads", answered: false,
                             trackingID: F.id(3)),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 10, 9), channel: .web, category: "road", segment: .citizen, queue: "roads", answered: true,
                             answeredAt: bkk(2025, 11, 3, 10), trackingID: F.id(9)),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 16, 9), channel: .web, category: "road", segment: .citizen, queue: "roads", answered: false,
                             trackingID: F.id(13)),
    ]

    func october() throws -> ReportDocument {
        try F.report(.month, "2025-10", F.inputs(cases: Self.cases, answers: Self.answers, invitations: Self.invitations))
    }

    @Test func satisfactionIsTheMeanOverallScoreAsAPercentOfFive() throws {
        let d = try october()
        let m = try #require(d.metric("satisfaction_pct"))
        #expect(m.numerator == 20)
        #expect(m.denominator == 6)
        #expect(ReportRounding.round2(m.value) == 66.67)
    }

    @Test func satisfiedAndDissatisfiedSharesCountTopAndBottomTwoScores() throws {
        let d = try october()
        #expect(d.value("satisfied_share_pct") == 50)
        #expect(ReportRounding.round2(d.value("dissatisfaction_pct")) == 33.33)
        #expect(d.metric("dissatisfaction_pct")?.numerator == 2)
    }

    @Test func trustAndEngagementAreOverTheAnswersThatGaveThem() throws {
        let d = try october()
        #expect(d.metric("trust_pct")?.denominator == 5)
        #expect(ReportRounding.round2(d.value("trust_pct")) == 72)
        #expect(d.metric("engagement_pct")?.denominator == 4)
        #expect(d.value("engagement_pct") == 60)
    }

    @Test func complaintHandlingSatisfactionTakesOnlyCaseSurveysOfComplaints() throws {
        let d = try october()
        #expect(d.metric("complaint_handling_satisfaction_pct")?.denominator == 2)
        #expect(d.value("complaint_handling_satisfaction_pct") == 70)
    }

    @Test func aCaseSurveyTakesItsCasesCurrentChannel() throws {
        let d = try october()
        // web: S1 (A is web now, though the answer says email) 5 and S3 4 -> 90 %; line: S2 2 -> 40 %;
        // walk_in: S4 3, S7 5 -> 80 %; none: S5 1 -> 20 %.
        #expect(d.row("satisfaction_pct", "channel", "web")?.value == 90)
        #expect(d.row("satisfaction_pct", "channel", "line")?.value == 40)
        #expect(d.row("satisfaction_pct", "channel", "walk_in")?.value == 80)
        #expect(d.row("satisfaction_pct", "channel", "none")?.value == 20)
        #expect(d.row("satisfaction_pct", "channel", "email") == nil)
        #expect(d.row("satisfaction_pct", "source", "import:gforms")?.denominator == 1)
        #expect(d.row("satisfaction_pct", "servicePoint", "ONESTOP")?.numerator == 8)
    }

    @Test func responseRateCountsInvitationsAnsweredByAsOf() throws {
        let d = try october()
        let m = try #require(d.metric("survey_response_rate_pct"))
        #expect(m.numerator == 2)
        #expect(m.denominator == 5)
        #expect(m.value == 40)
    }

    @Test func reasonsParetoCountsEachCodeOncePerDissatisfiedAnswer() throws {
        let rows = try october().reasons
        // S2: delay, no_update; S4 (staff 1): staff_manner, delay; S5: delay once. S7 is satisfied.
        // 5 reasons: delay 3 (60 %, 60), no_update 1 (20 %, 80), staff_manner 1 (20 %, 100).
        #expect(rows.map(\.code) == ["delay", "no_update", "staff_manner"])
        #expect(rows.map(\.count) == [3, 1, 1])
        #expect(rows.map(\.share) == [60, 20, 20])
        #expect(rows.map(\.cumulativeShare) == [60, 80, 100])
    }

    @Test func aMonthWithoutAnswersHasNullSurveyMetrics() throws {
        let d = try F.report(.month, "2025-12", F.inputs(cases: Self.cases, answers: Self.answers, invitations: Self.invitations))
        for id in ["satisfaction_pct", "satisfied_share_pct", "dissatisfaction_pct", "trust_pct", "engagement_pct",
                   "complaint_handling_satisfaction_pct", "survey_response_rate_pct"] {
            #expect(d.value(id) == nil, "\(id)")
        }
        #expect(d.reasons.isEmpty)
    }
}
