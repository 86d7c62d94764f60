import Foundation
import SiangCore

/// The survey answers and invitations of one report run, sorted by time once, each case survey joined
/// to its case (by tracking ID) for the case's current kind, channel and segment, and the scores the
/// metrics read laid out flat (so the per-period passes never copy an answer and its references).
struct AnswerTable {
    let answers: [SurveyFact]
    let answeredAt: [Date]
    /// Index into the case facts, or -1 when the answer is not a case survey or its case was not handed in.
    let answerCase: [Int]
    /// 1-5, or 0 when not given.
    let overall: [Int8]
    let trust: [Int8]
    let recommend: [Int8]
    /// A case survey whose case is a complaint now.
    let aboutComplaint: [Bool]
    /// Overall or any dimension 1-2: its reason codes go to the Pareto.
    let dissatisfied: [Bool]
    let invitations: [SurveyInvitationFact]
    let issuedAt: [Date]
    let invitationCase: [Int]
    /// Answered when, in seconds since 1970: infinity when not answered; issued time when answered at
    /// an unknown time.
    let invitationAnsweredAt: [Double]

    /// Reads only the case facts (not their ``CaseTable``), so the two layouts can be built side by side.
    init(answers: [SurveyFact], invitations: [SurveyInvitationFact], facts: [CaseFact]) {
        // The store hands them in time order; sort only when it did not.
        let sortedAnswers = Self.inOrder(answers, by: \.answeredAt)
        let sortedInvitations = Self.inOrder(invitations, by: \.issuedAt)
        self.answers = sortedAnswers
        self.invitations = sortedInvitations
        var join = TrackingIDJoin(expected: sortedAnswers.count + sortedInvitations.count)
        var answeredAt: [Date] = [], overall: [Int8] = [], trust: [Int8] = [], recommend: [Int8] = []
        var dissatisfied: [Bool] = [], caseSurvey: [Bool] = []
        answeredAt.reserveCapacity(sortedAnswers.count)
        sortedAnswers.withUnsafeBufferPointer { all in
            for a in all {
                answeredAt.append(a.answeredAt)
                overall.append(Int8(clamping: a.overall ?? 0))
                trust.append(Int8(clamping: a.trust ?? 0))
                recommend.append(Int8(clamping: a.recommend ?? 0))
                dissatisfied.append((a.overall ?? 3) <= 2 || a.dimensions.values.contains { $0 <= 2 })
                caseSurvey.append(a.source == "case")
                if let id = a.trackingID { join.want(id) }
            }
        }
        var issuedAt: [Date] = [], invitationAnsweredAt: [Double] = []
        sortedInvitations.withUnsafeBufferPointer { all in
            for i in all {
                issuedAt.append(i.issuedAt)
                invitationAnsweredAt.append(i.answeredAt?.timeIntervalSince1970 ?? (i.answered ? i.issuedAt.timeIntervalSince1970 : .infinity))
                if let id = i.trackingID { join.want(id) }
            }
        }
        if !join.isEmpty {
            facts.withUnsafeBufferPointer { all in
                for index in all.indices { join.offer(all[index].trackingID, caseIndex: index) }
            }
        }
        let answerCase = sortedAnswers.map { join.caseIndex($0.trackingID) }
        self.answerCase = answerCase
        invitationCase = sortedInvitations.map { join.caseIndex($0.trackingID) }
        aboutComplaint = facts.withUnsafeBufferPointer { all in
            answerCase.indices.map { n in caseSurvey[n] && answerCase[n] >= 0 && all[answerCase[n]].kind == .complaint }
        }
        self.answeredAt = answeredAt
        self.overall = overall
        self.trust = trust
        self.recommend = recommend
        self.dissatisfied = dissatisfied
        self.issuedAt = issuedAt
        self.invitationAnsweredAt = invitationAnsweredAt
    }

    /// `items` by `time`, stable; the array itself when it already is in order.
    static func inOrder<T>(_ items: [T], by time: KeyPath<T, Date>) -> [T] {
        var sorted = true
        var previous = Date.distantPast
        for item in items {
            let t = item[keyPath: time]
            if t < previous { sorted = false; break }
            previous = t
        }
        if sorted { return items }
        let times = items.map { $0[keyPath: time] }
        return items.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }.map { items[$0] }
    }
}
