import Foundation
import Testing
@testable import SiangCore

/// The survey aggregations on a small fixture whose figures were worked out by hand (the working is
/// in the comments), so a wrong formula cannot hide behind a test that computes the same way.
@Suite struct SurveyAggregationTests {
    static func bkk(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10, _ min: Int = 0) -> Date {
        BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    // Eight answers. Fiscal year 2569 runs 1 Oct 2025 .. 30 Sep 2026 (Bangkok).
    //  #  when (Bangkok)       source           channel  category segment     queue     point    overall trust recommend reasons
    //  1  2025-10-01 00:30     case             web      road     citizen     roads     -        5       4     5         -          process 5
    //  2  2025-10-12           case             web      road     citizen     roads     -        4       4     3         -
    //  3  2025-10-20           case             line     waste    business    cleaning  -        2       2     1         delay, no_update   process 1
    //  4  2025-10-28           case             email    waste    citizen     cleaning  -        1       1     2         delay, unresolved
    //  5  2026-01-07           service_point    walk_in  -        vulnerable  -         ONESTOP  3       3     3         -          staff 4
    //  6  2026-01-15           service_point    walk_in  -        business    -         ONESTOP  5       5     4         -
    //  7  2026-01-20           import:gforms    -        -        citizen     -         -        2       3     3         delay
    //  8  2026-10-02 (FY2570)  case             hotline  road     citizen     roads     -        4       5     4         -
    static let facts: [SurveyFact] = [
        SurveyFact(answeredAt: bkk(2025, 10, 1, 0, 30), source: "case", channel: .web, category: "road", segment: .citizen, queue: "roads",
                   overall: 5, dimensions: ["process": 5], trust: 4, recommend: 5),
        SurveyFact(answeredAt: bkk(2025, 10, 12), source: "case", channel: .web, category: "road", segment: .citizen, queue: "roads",
                   overall: 4, trust: 4, recommend: 3),
        SurveyFact(answeredAt: bkk(2025, 10, 20), source: "case", channel: .line, category: "waste", segment: .business, queue: "cleaning",
                   overall: 2, dimensions: ["process": 1], trust: 2, recommend: 1, reasons: ["delay", "no_update"]),
        SurveyFact(answeredAt: bkk(2025, 10, 28), source: "case", channel: .email, category: "waste", segment: .citizen, queue: "cleaning",
                   overall: 1, trust: 1, recommend: 2, reasons: ["delay", "unresolved"]),
        SurveyFact(answeredAt: bkk(2026, 1, 7), source: "service_point", channel: .walkIn, segment: .vulnerable, servicePoint: "ONESTOP",
                   overall: 3, dimensions: ["staff": 4], trust: 3, recommend: 3),
        SurveyFact(answeredAt: bkk(2026, 1, 15), source: "service_point", channel: .walkIn, segment: .business, servicePoint: "ONESTOP",
                   overall: 5, trust: 5, recommend: 4),
        SurveyFact(answeredAt: bkk(2026, 1, 20), source: "import:gforms", segment: .citizen, overall: 2, trust: 3, recommend: 3, reasons: ["delay"]),
        SurveyFact(answeredAt: bkk(2026, 10, 2), source: "case", channel: .hotline, category: "road", segment: .citizen, queue: "roads",
                   overall: 4, trust: 5, recommend: 4),
    ]

    // Seven invitations (cases resolved), five answered.
    //  I1 2025-10-01 web road answered   I2 2025-10-03 web road answered   I3 2025-10-10 line waste answered
    //  I4 2025-10-15 email waste answered   I5 2025-10-16 web road not   I6 2025-10-30 hotline road not
    //  I7 2026-09-30 23:00 hotline road answered (issued in FY2569, answered in FY2570)
    static let invitations: [SurveyInvitationFact] = [
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 1, 0, 10), channel: .web, category: "road", segment: .citizen, queue: "roads", answered: true),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 3), channel: .web, category: "road", segment: .citizen, queue: "roads", answered: true),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 10), channel: .line, category: "waste", segment: .business, queue: "cleaning", answered: true),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 15), channel: .email, category: "waste", segment: .citizen, queue: "cleaning", answered: true),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 16), channel: .web, category: "road", segment: .citizen, queue: "roads", answered: false),
        SurveyInvitationFact(issuedAt: bkk(2025, 10, 30), channel: .hotline, category: "road", segment: .citizen, queue: "roads", answered: false),
        SurveyInvitationFact(issuedAt: bkk(2026, 9, 30, 23), channel: .hotline, category: "road", segment: .citizen, queue: "roads", answered: true),
    ]

    func close(_ a: Double?, _ b: Double, _ comment: Comment? = nil) {
        #expect(a.map { abs($0 - b) < 1e-9 } == true, "\(String(describing: a)) ≠ \(b) \(comment?.description ?? "")")
    }

    func group(_ groups: [SurveyGroup], _ key: [String: String]) throws -> SurveyMetrics {
        try #require(groups.first { $0.key == key }, "no group \(key) in \(groups.map(\.key))").metrics
    }

    @Test func overallFiguresOfTheFixture() {
        let m = SurveyAggregator.metrics(Self.facts, invitations: Self.invitations)
        #expect(m.responses == 8)
        // overall 5+4+2+1+3+5+2+4 = 26; 26/8 = 3.25; 3.25/5×100 = 65
        close(m.satisfaction.mean, 3.25)
        close(m.satisfactionPercent, 65)
        // 4-5: #1, #2, #6, #8 = 4 of 8
        close(m.satisfiedShare, 50)
        // 1-2: #3, #4, #7 = 3 of 8
        close(m.dissatisfiedShare, 37.5)
        // trust 4+4+2+1+3+5+3+5 = 27; 27/8 = 3.375 → 67.5
        close(m.trust.percent, 67.5)
        // trust 4-5: #1 #2 #6 #8 → 50 %
        close(m.trust.topTwoShare, 50)
        // recommend 5+3+1+2+3+4+3+4 = 25; 25/8 = 3.125 → 62.5
        close(m.engagement.percent, 62.5)
        // process 5 and 1 → mean 3 → 60 %, one of two at 1-2
        close(m.dimensions["process"]?.percent, 60)
        close(m.dimensions["process"]?.bottomTwoShare, 50)
        close(m.dimensions["staff"]?.percent, 80)
        // invitations 7, answered 5 → 71.428…
        #expect(m.invitations == 7)
        #expect(m.answeredInvitations == 5)
        close(m.responseRate, 500.0 / 7)
    }

    @Test func reasonParetoIsMostMentionedFirstWithRunningShares() {
        let m = SurveyAggregator.metrics(Self.facts)
        // mentions: delay 3 (#3 #4 #7), no_update 1, unresolved 1 → 5 in all
        #expect(m.reasons.map(\.code) == ["delay", "no_update", "unresolved"])
        #expect(m.reasons.map(\.count) == [3, 1, 1])
        close(m.reasons[0].share, 60)
        close(m.reasons[0].cumulativeShare, 60)
        close(m.reasons[1].cumulativeShare, 80)
        close(m.reasons[2].cumulativeShare, 100)
        #expect(m.responseRate == nil, "no invitations, no response rate")
    }

    @Test func byFiscalYearQuarterAndMonthInBangkokTime() throws {
        let years = SurveyAggregator.aggregate(Self.facts, invitations: Self.invitations, by: [.fiscalYear])
        #expect(years.map { $0.key["fiscalYear"]! } == ["FY2569", "FY2570"])
        let fy69 = try group(years, ["fiscalYear": "FY2569"])
        // #1-#7: 5+4+2+1+3+5+2 = 22 / 7
        close(fy69.satisfactionPercent, 22.0 / 7 / 5 * 100)
        close(fy69.dissatisfiedShare, 300.0 / 7)
        // all seven invitations were issued in FY2569 (I7 on 30 Sep 2026 23:00); five answered
        close(fy69.responseRate, 500.0 / 7)
        let fy70 = try group(years, ["fiscalYear": "FY2570"])
        close(fy70.satisfactionPercent, 80)
        #expect(fy70.responseRate == nil)

        let quarters = SurveyAggregator.aggregate(Self.facts, invitations: Self.invitations, by: [.quarter])
        #expect(quarters.map { $0.key["quarter"]! } == ["FY2569-Q1", "FY2569-Q2", "FY2569-Q4", "FY2570-Q1"])
        // Q1 (Oct-Dec 2025): #1-#4 → 5+4+2+1 = 12/4 = 3 → 60 %; 1-2 share 50 %
        let q1 = try group(quarters, ["quarter": "FY2569-Q1"])
        close(q1.satisfactionPercent, 60)
        close(q1.dissatisfiedShare, 50)
        // I1-I6 issued in Q1, four answered → 66.67 %
        close(q1.responseRate, 400.0 / 6)
        // Q2: #5 #6 #7 → 3+5+2 = 10/3
        close(try group(quarters, ["quarter": "FY2569-Q2"]).satisfactionPercent, 10.0 / 3 / 5 * 100)
        // Q4 holds only I7: no answers, one invitation answered (later)
        let q4 = try group(quarters, ["quarter": "FY2569-Q4"])
        #expect(q4.responses == 0)
        #expect(q4.satisfactionPercent == nil)
        close(q4.responseRate, 100)

        let months = SurveyAggregator.aggregate(Self.facts, by: [.month])
        // #1 at 00:30 on 1 October in Bangkok is still 30 September in UTC: it counts in October.
        #expect(months.map { $0.key["month"]! } == ["2025-10", "2026-01", "2026-10"])
        #expect(try group(months, ["month": "2025-10"]).responses == 4)
    }

    @Test func byChannelCategorySegmentQueueServicePointAndSource() throws {
        let channels = SurveyAggregator.aggregate(Self.facts, invitations: Self.invitations, by: [.channel])
        // web #1 #2: 4.5 → 90 %; invitations I1 I2 I5 → 2 of 3
        let web = try group(channels, ["channel": "web"])
        close(web.satisfactionPercent, 90)
        close(web.satisfiedShare, 100)
        close(web.responseRate, 200.0 / 3)
        close(try group(channels, ["channel": "line"]).dissatisfiedShare, 100)
        close(try group(channels, ["channel": "walk_in"]).satisfactionPercent, 80)
        #expect(try group(channels, ["channel": "walk_in"]).responseRate == nil)
        // hotline: #8 → 80 %; I6 not answered, I7 answered → 50 %
        close(try group(channels, ["channel": "hotline"]).responseRate, 50)
        close(try group(channels, ["channel": "none"]).satisfactionPercent, 40)

        let categories = SurveyAggregator.aggregate(Self.facts, by: [.category])
        // road #1 #2 #8: 13/3; waste #3 #4: 1.5 → 30 %
        close(try group(categories, ["category": "road"]).satisfactionPercent, 13.0 / 3 / 5 * 100)
        close(try group(categories, ["category": "waste"]).satisfactionPercent, 30)

        let segments = SurveyAggregator.aggregate(Self.facts, by: [.segment])
        // citizen #1 #2 #4 #7 #8: 5+4+1+2+4 = 16/5 = 3.2 → 64 %; business #3 #6 → 70 %; vulnerable #5 → 60 %
        close(try group(segments, ["segment": "citizen"]).satisfactionPercent, 64)
        close(try group(segments, ["segment": "business"]).satisfactionPercent, 70)
        close(try group(segments, ["segment": "vulnerable"]).satisfactionPercent, 60)

        let queues = SurveyAggregator.aggregate(Self.facts, by: [.queue])
        close(try group(queues, ["queue": "cleaning"]).satisfactionPercent, 30)
        #expect(try group(queues, ["queue": "cleaning"]).reasons.map(\.code) == ["delay", "no_update", "unresolved"])

        let points = SurveyAggregator.aggregate(Self.facts, by: [.servicePoint])
        let onestop = try group(points, ["servicePoint": "ONESTOP"])
        #expect(onestop.responses == 2)
        close(onestop.satisfactionPercent, 80)
        close(onestop.engagement.percent, 70)

        let sources = SurveyAggregator.aggregate(Self.facts, invitations: Self.invitations, by: [.source])
        // case #1 #2 #3 #4 #8: 5+4+2+1+4 = 16/5 → 64 %; response rate over every invitation: 5 of 7
        close(try group(sources, ["source": "case"]).satisfactionPercent, 64)
        close(try group(sources, ["source": "case"]).responseRate, 500.0 / 7)
        close(try group(sources, ["source": "import:gforms"]).dissatisfiedShare, 100)
        #expect(try group(sources, ["source": "service_point"]).responseRate == nil)
    }

    @Test func twoDimensionsAtOnce() throws {
        let groups = SurveyAggregator.aggregate(Self.facts, invitations: Self.invitations, by: [.fiscalYear, .channel])
        let webFY69 = try group(groups, ["fiscalYear": "FY2569", "channel": "web"])
        close(webFY69.satisfactionPercent, 90)
        close(webFY69.responseRate, 200.0 / 3)
        #expect(groups.first?.key == ["fiscalYear": "FY2569", "channel": "email"], "sorted by the keys in order")
    }

    @Test func aggregatesNameGroupsAndFiguresOnly() throws {
        // Every field of a fact and of a group is a dimension, a date or a figure: nothing personal
        // can be put in, so nothing personal can come out. The tracking ID is the report engine's join
        // key to the case's current kind; it is never encoded.
        let factFields = Set(Mirror(reflecting: Self.facts[0]).children.compactMap(\.label))
        #expect(factFields == ["answeredAt", "source", "channel", "category", "segment", "queue", "servicePoint", "overall", "dimensions",
                               "trust", "recommend", "reasons", "trackingID"])
        var joined = Self.facts[0]
        joined.trackingID = TrackingID(storedCanonical: "CMP-69K7MQ2XDJN")
        let encoded = String(decoding: try JSONEncoder().encode([joined]), as: UTF8.self)
        #expect(!encoded.contains("69K7MQ2XDJN") && !encoded.contains("trackingID"))
        #expect(try JSONDecoder().decode([SurveyFact].self, from: Data(encoded.utf8)) == Self.facts.prefix(1).map { $0 })
        let json = String(decoding: try JSONEncoder().encode(SurveyAggregator.aggregate(Self.facts, invitations: Self.invitations,
                                                                                       by: SurveyDimension.allCases)), as: UTF8.self)
        for word in ["name", "phone", "email", "trackingId", "token", "comment", "reasonText", "lineUser"] {
            #expect(!json.contains("\"\(word)\":"), "\(word) in an aggregate")
        }
    }
}
