import Foundation
import SiangCore

/// The survey answers and invitations of one report run, sorted by time once, each case survey joined
/// to its case (by tracking ID) for the case's current kind, channel and segment.
struct AnswerTable {
    let answers: [SurveyFact]
    let answeredAt: [Date]
    /// Index into the case facts, or -1 when the answer is not a case survey or its case was not handed in.
    let answerCase: [Int]
    let invitations: [SurveyInvitationFact]
    let issuedAt: [Date]
    let invitationCase: [Int]

    init(answers: [SurveyFact], invitations: [SurveyInvitationFact], cases: [CaseFact]) {
        let sortedAnswers = answers.enumerated().sorted { ($0.element.answeredAt, $0.offset) < ($1.element.answeredAt, $1.offset) }.map(\.element)
        let sortedInvitations = invitations.enumerated().sorted { ($0.element.issuedAt, $0.offset) < ($1.element.issuedAt, $1.offset) }.map(\.element)
        self.answers = sortedAnswers
        self.invitations = sortedInvitations
        answeredAt = sortedAnswers.map(\.answeredAt)
        issuedAt = sortedInvitations.map(\.issuedAt)
        // Only the cases some answer or invitation names are looked for: the join costs one hash per case.
        var wanted: [TrackingID: Int] = [:]
        for a in sortedAnswers { if let id = a.trackingID { wanted[id] = -1 } }
        for i in sortedInvitations { if let id = i.trackingID { wanted[id] = -1 } }
        if !wanted.isEmpty {
            for (index, c) in cases.enumerated() where wanted[c.trackingID] != nil { wanted[c.trackingID] = index }
        }
        answerCase = sortedAnswers.map { $0.trackingID.flatMap { wanted[$0] } ?? -1 }
        invitationCase = sortedInvitations.map { $0.trackingID.flatMap { wanted[$0] } ?? -1 }
    }
}

/// The survey metrics of DESIGN.md 5.7 for one period: answers given in `[from, to)` by as-of, and
/// invitations issued in it (answered by as-of for the response rate).
enum SurveyPeriodMetrics {
    static let dimensions = ["channel", "segment", "servicePoint", "source"]

    static func compute(_ table: AnswerTable, cases: [CaseFact], from: Date, to: Date, asOf: Date, breakdowns: Bool,
                        into figures: inout PeriodFigures) {
        var names = GroupKeys(dimensions: dimensions)
        var keys = [0, 0, 0, 0]
        var overall = GroupTally(dimensions: 4)
        var satisfied = GroupTally(dimensions: 4)
        var dissatisfied = GroupTally(dimensions: 4)
        var trust = GroupTally(dimensions: 4)
        var engagement = GroupTally(dimensions: 4)
        var complaintHandling = GroupTally(dimensions: 4)
        var reasons: [String: Int] = [:]

        let lo = CaseTable.lowerBound(table.answeredAt, from)
        let hi = min(CaseTable.lowerBound(table.answeredAt, to), CaseTable.upperBound(table.answeredAt, asOf))
        for index in lo..<max(lo, hi) {
            let a = table.answers[index]
            let caseIndex = table.answerCase[index]
            let theCase: CaseFact? = caseIndex >= 0 ? cases[caseIndex] : nil
            if breakdowns {
                keys[0] = names.number(0, theCase?.channel.rawValue ?? a.channel?.rawValue)
                keys[1] = names.number(1, theCase.map { $0.segment?.rawValue } ?? a.segment?.rawValue)
                keys[2] = names.number(2, a.servicePoint)
                keys[3] = names.number(3, a.source)
            }
            let k = breakdowns ? keys : nil
            let score = a.overall.map(Double.init)
            overall.add(numerator: score ?? 0, denominator: score == nil ? 0 : 1, keys: k)
            satisfied.add(numerator: (a.overall ?? 0) >= 4 ? 1 : 0, denominator: score == nil ? 0 : 1, keys: k)
            dissatisfied.add(numerator: a.overall.map { $0 <= 2 } == true ? 1 : 0, denominator: score == nil ? 0 : 1, keys: k)
            trust.add(numerator: Double(a.trust ?? 0), denominator: a.trust == nil ? 0 : 1, keys: k)
            engagement.add(numerator: Double(a.recommend ?? 0), denominator: a.recommend == nil ? 0 : 1, keys: k)
            if a.source == "case", theCase?.kind == .complaint {
                complaintHandling.add(numerator: score ?? 0, denominator: score == nil ? 0 : 1, keys: k)
            }
            if (a.overall ?? 3) <= 2 || a.dimensions.values.contains(where: { $0 <= 2 }) {
                for (position, code) in a.reasons.enumerated() where !a.reasons[..<position].contains(code) {
                    reasons[code, default: 0] += 1
                }
            }
        }

        var invited = GroupTally(dimensions: 4)
        let iLo = CaseTable.lowerBound(table.issuedAt, from)
        let iHi = min(CaseTable.lowerBound(table.issuedAt, to), CaseTable.upperBound(table.issuedAt, asOf))
        for index in iLo..<max(iLo, iHi) {
            let invitation = table.invitations[index]
            let caseIndex = table.invitationCase[index]
            let theCase: CaseFact? = caseIndex >= 0 ? cases[caseIndex] : nil
            if breakdowns {
                keys[0] = names.number(0, theCase?.channel.rawValue ?? invitation.channel?.rawValue)
                keys[1] = names.number(1, theCase.map { $0.segment?.rawValue } ?? invitation.segment?.rawValue)
                keys[2] = names.number(2, nil)
                keys[3] = names.number(3, "case")
            }
            // An invitation known to be answered but without a time is taken as answered when issued.
            let answeredBy = invitation.answeredAt.map { $0 <= asOf } ?? invitation.answered
            invited.add(numerator: answeredBy ? 1 : 0, denominator: 1, keys: breakdowns ? keys : nil)
        }

        let share: (Double, Double) -> Double? = MetricFigure.share
        let percent: (Double, Double) -> Double? = MetricFigure.scorePercent
        for (id, tally, value) in [(MetricID.satisfaction, overall, percent), (MetricID.satisfiedShare, satisfied, share),
                                   (MetricID.dissatisfaction, dissatisfied, share), (MetricID.trust, trust, percent),
                                   (MetricID.engagement, engagement, percent),
                                   (MetricID.complaintHandlingSatisfaction, complaintHandling, percent),
                                   (MetricID.surveyResponseRate, invited, share)] {
            figures.metrics[id] = MetricFigure(
                value: value(tally.numerator, tally.denominator), numerator: tally.numerator, denominator: tally.denominator,
                breakdowns: breakdowns ? tally.rows(names, value: value, shares: true) : [:])
        }
        figures.reasons = reasons
    }
}
