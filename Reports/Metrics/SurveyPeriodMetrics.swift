import Foundation
import SiangCore

/// The survey metrics of DESIGN.md 5.7 for one period: answers given in `[from, to)` by as-of, and
/// invitations issued in it (answered by as-of for the response rate).
enum SurveyPeriodMetrics {
    static let dimensions = ["channel", "segment", "servicePoint", "source"]

    static func compute(_ table: AnswerTable, from: Date, to: Date, asOf: Date, detail: PeriodDetail, into figures: inout PeriodFigures) {
        let answers = table.answers, cases = table.cases
        let breakdowns = detail == .full
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
            if breakdowns {
                let place = table.answerPlace[index]
                fill(&keys, &names, caseIndex: table.answerCase[index], cases: cases, channel: answers.channels[place],
                     segment: answers.segments[place])
                let servicePoint = Int(answers.servicePoints[place]) + 1, source = Int(answers.sources[place]) + 1
                if let n = names.known(2, ordinal: servicePoint) { keys[2] = n } else {
                    keys[2] = names.number(2, ordinal: servicePoint, answers.name(Int32(servicePoint - 1)) ?? GroupKeys.none)
                }
                if let n = names.known(3, ordinal: source) { keys[3] = n } else {
                    keys[3] = names.number(3, ordinal: source, answers.names[source - 1])
                }
            }
            let k = breakdowns ? keys : nil
            let score = Double(table.overall[index])
            let scored: Double = score > 0 ? 1 : 0
            overall.add(numerator: score, denominator: scored, keys: k)
            satisfied.add(numerator: score >= 4 ? 1 : 0, denominator: scored, keys: k)
            dissatisfied.add(numerator: score > 0 && score <= 2 ? 1 : 0, denominator: scored, keys: k)
            let t = Double(table.trust[index]), r = Double(table.recommend[index])
            trust.add(numerator: t, denominator: t > 0 ? 1 : 0, keys: k)
            engagement.add(numerator: r, denominator: r > 0 ? 1 : 0, keys: k)
            if table.aboutComplaint[index] { complaintHandling.add(numerator: score, denominator: scored, keys: k) }
            if detail == .full, table.dissatisfied[index] {
                let codes = answers.reasonRange(table.answerPlace[index])
                for position in codes where !answers.reasons[codes.lowerBound..<position].contains(answers.reasons[position]) {
                    reasons[answers.names[Int(answers.reasons[position])], default: 0] += 1
                }
            }
        }

        var invited = GroupTally(dimensions: 4)
        let iLo = CaseTable.lowerBound(table.issuedAt, from)
        let iHi = min(CaseTable.lowerBound(table.issuedAt, to), CaseTable.upperBound(table.issuedAt, asOf))
        let t = asOf.timeIntervalSince1970
        for index in iLo..<max(iLo, iHi) {
            if breakdowns {
                let invitation = table.invitations[index]
                fill(&keys, &names, caseIndex: table.invitationCase[index], cases: cases, channel: invitation.channel,
                     segment: invitation.segment)
                keys[2] = names.number(2, ordinal: 0, GroupKeys.none)
                keys[3] = names.number(3, "case")
            }
            invited.add(numerator: table.invitationAnsweredAt[index] <= t ? 1 : 0, denominator: 1, keys: breakdowns ? keys : nil)
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

    /// The channel and segment keys of an answer or invitation: a joined case's current channel and
    /// segment win over the ones the survey recorded. Numbered by the enum's position (none is 0), so a
    /// text is hashed once a pass; the service point and source keys are the caller's.
    static func fill(_ keys: inout [Int], _ names: inout GroupKeys, caseIndex: Int, cases: CaseFactColumns, channel: Channel?,
                     segment: Segment?) {
        let joined = caseIndex >= 0
        let channel = joined ? cases.channels[caseIndex] : channel
        let segment = joined ? cases.segments[caseIndex] : segment
        keys[0] = names.number(0, ordinal: channel.map { CaseMetrics.ordinal($0) + 1 } ?? 0, channel?.rawValue ?? GroupKeys.none)
        keys[1] = names.number(1, ordinal: segment.map { CaseMetrics.ordinal($0) + 1 } ?? 0, segment?.rawValue ?? GroupKeys.none)
    }
}
