import Foundation

/// One answer as the aggregations see it: its scores and the groups it counts in. Nothing here
/// identifies a person — no contact, no token, no free text — so nothing built from facts can leak
/// personal data.
///
/// A case survey also carries its case's tracking ID, only so the report engine can join the answer to
/// the case's *current* kind, channel and segment (complaint-handling satisfaction, DESIGN 5.7). It is
/// a join key in memory: it is left out of the fact's JSON and never reaches a report.
public struct SurveyFact: Codable, Sendable, Equatable {
    public var answeredAt: Date
    /// The case a case survey was about; nil for service-point answers and imports.
    public var trackingID: TrackingID?
    /// `case`, `service_point`, or `import:<label>` for answers brought in from another tool.
    public var source: String
    public var channel: Channel?
    public var category: String?
    public var segment: Segment?
    public var queue: String?
    public var servicePoint: String?
    public var overall: Int?
    /// Dimension id to 1...5.
    public var dimensions: [String: Int]
    public var trust: Int?
    public var recommend: Int?
    public var reasons: [String]

    public init(answeredAt: Date, source: String, channel: Channel? = nil, category: String? = nil, segment: Segment? = nil,
                queue: String? = nil, servicePoint: String? = nil, overall: Int?, dimensions: [String: Int] = [:],
                trust: Int? = nil, recommend: Int? = nil, reasons: [String] = [], trackingID: TrackingID? = nil) {
        self.answeredAt = answeredAt
        self.trackingID = trackingID
        self.source = source
        self.channel = channel
        self.category = category
        self.segment = segment
        self.queue = queue
        self.servicePoint = servicePoint
        self.overall = overall
        self.dimensions = dimensions
        self.trust = trust
        self.recommend = recommend
        self.reasons = reasons
    }

    /// The tracking ID is not among the coded keys: facts written out stay free of it.
    enum CodingKeys: String, CodingKey {
        case answeredAt, source, channel, category, segment, queue, servicePoint, overall, dimensions, trust, recommend, reasons
    }
}

/// One invitation as the response rate sees it (answers ÷ invitations), again without anything
/// personal; like ``SurveyFact`` it carries its case's tracking ID in memory only, for the report
/// engine's join to the case's current channel and segment.
public struct SurveyInvitationFact: Codable, Sendable, Equatable {
    public var issuedAt: Date
    /// When it was answered; nil while unanswered (or when the store does not know the time).
    public var answeredAt: Date?
    public var trackingID: TrackingID?
    public var channel: Channel?
    public var category: String?
    public var segment: Segment?
    public var queue: String?
    public var answered: Bool

    public init(issuedAt: Date, channel: Channel?, category: String?, segment: Segment?, queue: String?, answered: Bool,
                answeredAt: Date? = nil, trackingID: TrackingID? = nil) {
        self.issuedAt = issuedAt
        self.answeredAt = answeredAt
        self.trackingID = trackingID
        self.channel = channel
        self.category = category
        self.segment = segment
        self.queue = queue
        self.answered = answered
    }

    enum CodingKeys: String, CodingKey {
        case issuedAt, answeredAt, channel, category, segment, queue, answered
    }
}

/// What a group of answers is split by. Periods are Bangkok time: `month` is `yyyy-MM` (Common Era),
/// `quarter` is the fiscal quarter (`FY2569-Q1` = October to December 2025) and `fiscalYear` the Thai
/// fiscal year (`FY2569`).
public enum SurveyDimension: String, Codable, Sendable, CaseIterable {
    case month, quarter, fiscalYear, channel, category, segment, queue, servicePoint, source
}

/// A 1-5 score over a group: how many answered it, the mean, the mean as a percentage of 5, and the
/// shares answering 4-5 and 1-2 (percentages, 0-100).
public struct ScoreSummary: Codable, Sendable, Equatable {
    public var count: Int
    public var mean: Double?
    /// mean ÷ 5 × 100.
    public var percent: Double?
    /// Share answering 4 or 5.
    public var topTwoShare: Double?
    /// Share answering 1 or 2.
    public var bottomTwoShare: Double?

    public init(_ scores: [Int]) {
        count = scores.count
        guard !scores.isEmpty else { return }
        let n = Double(scores.count)
        let m = Double(scores.reduce(0, +)) / n
        mean = m
        percent = m / 5 * 100
        topTwoShare = Double(scores.filter { $0 >= 4 }.count) / n * 100
        bottomTwoShare = Double(scores.filter { $0 <= SurveyRules.dissatisfiedAtOrBelow }.count) / n * 100
    }
}

/// One bar of the reason-code Pareto: mentions, their share of all mentions, the running total.
public struct ReasonShare: Codable, Sendable, Equatable {
    public var code: String
    public var count: Int
    public var share: Double
    public var cumulativeShare: Double
}

/// The PMQA 7.2 survey figures of one group.
public struct SurveyMetrics: Codable, Sendable, Equatable {
    public var responses: Int
    /// The overall score: satisfaction % is `percent` (mean/5×100) and `topTwoShare` (4-5);
    /// dissatisfaction % is `bottomTwoShare` (1-2).
    public var satisfaction: ScoreSummary
    public var dimensions: [String: ScoreSummary]
    /// Trust % (ความเชื่อมั่น) from the trust score.
    public var trust: ScoreSummary
    /// Engagement % (ความผูกพัน) from the would-recommend score.
    public var engagement: ScoreSummary
    /// Case invitations issued in the group, and how many of them were answered.
    public var invitations: Int
    public var answeredInvitations: Int
    /// answered invitations ÷ invitations × 100; nil with no invitations (service points, imports).
    public var responseRate: Double?
    /// Reason codes, most mentioned first.
    public var reasons: [ReasonShare]

    public var satisfactionPercent: Double? { satisfaction.percent }
    public var satisfiedShare: Double? { satisfaction.topTwoShare }
    public var dissatisfiedShare: Double? { satisfaction.bottomTwoShare }
}

/// A group's key (dimension → value; `none` where the answer has no value) and its figures.
public struct SurveyGroup: Codable, Sendable, Equatable {
    public var key: [String: String]
    public var metrics: SurveyMetrics
}

/// The survey aggregations the reports use (DESIGN.md 5.7): satisfaction %, dissatisfaction %, trust
/// %, engagement %, the reason-code Pareto and the response rate, over all answers or split by any
/// combination of ``SurveyDimension``s. Answers are placed in periods by when they were given;
/// invitations (for the response rate) by when they were issued.
public enum SurveyAggregator {
    public static let none = "none"

    public static func metrics(_ facts: [SurveyFact], invitations: [SurveyInvitationFact] = []) -> SurveyMetrics {
        var dimensionScores: [String: [Int]] = [:]
        var reasonCounts: [String: Int] = [:]
        for f in facts {
            for (d, v) in f.dimensions { dimensionScores[d, default: []].append(v) }
            for r in Set(f.reasons) { reasonCounts[r, default: 0] += 1 }
        }
        let mentions = reasonCounts.values.reduce(0, +)
        var running = 0
        let pareto = reasonCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { code, count -> ReasonShare in
            running += count
            return ReasonShare(code: code, count: count, share: Double(count) / Double(mentions) * 100,
                               cumulativeShare: Double(running) / Double(mentions) * 100)
        }
        let answered = invitations.filter(\.answered).count
        return SurveyMetrics(
            responses: facts.count,
            satisfaction: ScoreSummary(facts.compactMap(\.overall)),
            dimensions: dimensionScores.mapValues(ScoreSummary.init),
            trust: ScoreSummary(facts.compactMap(\.trust)),
            engagement: ScoreSummary(facts.compactMap(\.recommend)),
            invitations: invitations.count,
            answeredInvitations: answered,
            responseRate: invitations.isEmpty ? nil : Double(answered) / Double(invitations.count) * 100,
            reasons: pareto)
    }

    /// The figures of every group the answers and invitations fall in, sorted by key.
    public static func aggregate(_ facts: [SurveyFact], invitations: [SurveyInvitationFact] = [], by dimensions: [SurveyDimension]) -> [SurveyGroup] {
        var factGroups: [[String: String]: [SurveyFact]] = [:]
        var invitationGroups: [[String: String]: [SurveyInvitationFact]] = [:]
        for f in facts {
            factGroups[Dictionary(uniqueKeysWithValues: dimensions.map { ($0.rawValue, key($0, of: f)) }), default: []].append(f)
        }
        for i in invitations {
            invitationGroups[Dictionary(uniqueKeysWithValues: dimensions.map { ($0.rawValue, key($0, of: i)) }), default: []].append(i)
        }
        let keys = Set(factGroups.keys).union(invitationGroups.keys)
        return keys.map { k in SurveyGroup(key: k, metrics: metrics(factGroups[k] ?? [], invitations: invitationGroups[k] ?? [])) }
            .sorted { a, b in dimensions.map { a.key[$0.rawValue] ?? "" }.lexicographicallyPrecedes(dimensions.map { b.key[$0.rawValue] ?? "" }) }
    }

    public static func key(_ dimension: SurveyDimension, of f: SurveyFact) -> String {
        switch dimension {
        case .month, .quarter, .fiscalYear: periodKey(dimension, f.answeredAt)
        case .channel: f.channel?.rawValue ?? none
        case .category: f.category ?? none
        case .segment: f.segment?.rawValue ?? none
        case .queue: f.queue ?? none
        case .servicePoint: f.servicePoint ?? none
        case .source: f.source
        }
    }

    public static func key(_ dimension: SurveyDimension, of i: SurveyInvitationFact) -> String {
        switch dimension {
        case .month, .quarter, .fiscalYear: periodKey(dimension, i.issuedAt)
        case .channel: i.channel?.rawValue ?? none
        case .category: i.category ?? none
        case .segment: i.segment?.rawValue ?? none
        case .queue: i.queue ?? none
        case .servicePoint: none
        case .source: "case"
        }
    }

    /// `2025-10`, `FY2569-Q1`, `FY2569` for an instant, in Bangkok time.
    public static func periodKey(_ dimension: SurveyDimension, _ date: Date) -> String {
        switch dimension {
        case .month:
            let p = BangkokTime.calendar.dateComponents([.year, .month], from: date)
            return String(format: "%04d-%02d", p.year!, p.month!)
        case .quarter:
            let m = FiscalMonth(containing: date)
            return "\(m.year)-Q\(m.quarter)"
        default:
            return FiscalYear(containing: date).description
        }
    }
}
