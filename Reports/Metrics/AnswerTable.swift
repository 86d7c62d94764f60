import Foundation
import SiangCore

/// The survey answers and invitations of one report run, sorted by time once, each case survey joined
/// to its case (by tracking ID) for the case's current kind, channel and segment, and the scores the
/// metrics read laid out flat (so the per-period passes never copy an answer and its references).
struct AnswerTable {
    /// The answers as handed in; the arrays below are by time, and ``answerPlace`` finds an answer's
    /// place in these columns.
    let answers: SurveyFactColumns
    /// The place in ``answers`` of the answer at each position by time.
    let answerPlace: [Int]
    /// The cases the answers and invitations are joined to.
    let cases: CaseFactColumns
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
    init(answers: SurveyFactColumns, invitations: [SurveyInvitationFact], cases: CaseFactColumns) {
        // The store hands their time order in (or holds them in that order); sort only when it did not.
        let places = answers.timeOrder ?? SurveyFactColumns.timeOrder(answers.answeredAt)
        let answerPlace = places.map { $0.map(Int.init) } ?? Array(0..<answers.count)
        self.answerPlace = answerPlace
        let sortedInvitations = Self.inOrder(invitations, by: \.issuedAt)
        self.answers = answers
        self.cases = cases
        self.invitations = sortedInvitations
        let count = answers.count
        var join = TrackingIDJoin(expected: count + sortedInvitations.count)
        // Each answer's place in the join's table, so its case is read back without a second search.
        let wanted = (0..<count).map { n in
            let key = answers.trackingKeys[n]
            return join.want(key, odd: key.isOdd ? answers.oddTrackingIDs[Int(key.body)] : nil) ?? -1
        }
        let invitationKeys = sortedInvitations.map { i in
            i.trackingID.map { TrackingKey($0) ?? .odd(0) } ?? .none
        }
        for (n, key) in invitationKeys.enumerated() { join.want(key, odd: key.isOdd ? sortedInvitations[n].trackingID : nil) }
        if !join.isEmpty {
            for index in 0..<cases.count {
                let key = cases.trackingKeys[index]
                join.offer(key, odd: key.isOdd ? cases.oddTrackingIDs[Int(key.body)] : nil, caseIndex: index)
            }
        }
        let answerCase = answerPlace.map { n in
            if wanted[n] >= 0 { return join.caseIndex(at: wanted[n]) }
            let key = answers.trackingKeys[n]
            return join.caseIndex(key, odd: key.isOdd ? answers.oddTrackingIDs[Int(key.body)] : nil)
        }
        self.answerCase = answerCase
        invitationCase = invitationKeys.enumerated().map { n, key in join.caseIndex(key, odd: key.isOdd ? sortedInvitations[n].trackingID : nil) }
        let caseSource = answers.names.map { $0 == "case" }
        aboutComplaint = (0..<count).map { n in
            caseSource[Int(answers.sources[answerPlace[n]])] && answerCase[n] >= 0 && cases.kinds[answerCase[n]] == .complaint
        }
        answeredAt = answerPlace.map { Date(timeIntervalSince1970: answers.answeredAt[$0]) }
        overall = answerPlace.map { Int8(clamping: answers.overall[$0] ?? 0) }
        trust = answerPlace.map { Int8(clamping: answers.trust[$0] ?? 0) }
        recommend = answerPlace.map { Int8(clamping: answers.recommend[$0] ?? 0) }
        dissatisfied = answerPlace.map { n in
            (answers.overall[n] ?? 3) <= 2 || answers.dimensionRange(n).contains { answers.dimensionScores[$0] <= 2 }
        }
        issuedAt = sortedInvitations.map(\.issuedAt)
        invitationAnsweredAt = sortedInvitations.map {
            $0.answeredAt?.timeIntervalSince1970 ?? ($0.answered ? $0.issuedAt.timeIntervalSince1970 : .infinity)
        }
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
