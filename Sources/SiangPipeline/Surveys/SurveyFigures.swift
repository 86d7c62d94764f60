import Foundation
import SiangCore
import SiangStore

/// The survey figures of a period straight from the store: the facts (no personal data) of the
/// answers given and the invitations issued in `[from, to)`, aggregated by ``SurveyAggregator``.
/// The 7.2 report and the staff summary API use this.
public enum SurveyFigures {
    public static func compute(store: any CaseStore, from: Date, to: Date, by dimensions: [SurveyDimension]) async throws(StoreError) -> [SurveyGroup] {
        let facts = try await store.surveyFacts(from: from, to: to)
        let invitations = try await store.surveyInvitationFacts(from: from, to: to)
        return SurveyAggregator.aggregate(facts, invitations: invitations, by: dimensions)
    }
}
