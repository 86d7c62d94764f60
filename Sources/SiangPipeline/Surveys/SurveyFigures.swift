import Foundation
import SiangCore
import SiangStore

/// The survey figures of a period straight from the store: the facts (no personal data) of the
/// answers given and the invitations issued in `[from, to)`, aggregated by ``SurveyAggregator``.
/// The 7.2 report and the staff summary API use this.
public enum SurveyFigures {
    /// `counts(category, queue)` leaves out the facts of cases a reader may not count (restricted
    /// cases for anyone but the integrity role); nil counts every fact.
    public static func compute(store: any CaseStore, from: Date, to: Date, by dimensions: [SurveyDimension],
                               counts: (@Sendable (String?, String?) -> Bool)? = nil) async throws(StoreError) -> [SurveyGroup] {
        var facts = try await store.surveyFacts(from: from, to: to)
        var invitations = try await store.surveyInvitationFacts(from: from, to: to)
        if let counts {
            facts = facts.filter { counts($0.category, $0.queue) }
            invitations = invitations.filter { counts($0.category, $0.queue) }
        }
        return SurveyAggregator.aggregate(facts, invitations: invitations, by: dimensions)
    }
}
