import Foundation
import SiangCore
import SiangStore

/// What the survey part does when a case changes: the case-actions code calls ``onResolved`` in the
/// same transaction-building step that moves a case to `resolved`.
public enum SurveyHooks {
    /// Outbox messages (invitations) to write with the change that resolves a case.
    public static func onResolved(store: any CaseStore, trackingID: TrackingID, state: CaseState, events: [CaseEvent],
                                  configuration: SiangConfiguration, at: Date) async throws -> (events: [CaseEvent], outbox: [OutboxMessage]) {
        ([], [])
    }
}
