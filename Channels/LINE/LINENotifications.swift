import Foundation
import SiangCore
import SiangStore

/// Pushes news of a case to the LINE user who filed it (DESIGN.md 5.6): status changes now, survey
/// invitations when the survey exists. Nothing is sent to a user who unfollowed the account, nor for a
/// case that did not come with a LINE user.
///
/// Staff actions should put the row in the same transaction as the change (``statusChangeMessage``
/// with `CaseStore.append(_:to:expectedEventCount:outbox:)`); ``enqueueStatusChange`` writes it on
/// its own for callers that have already committed the change.
public struct LINENotifications: Sendable {
    let store: any CaseStore
    let replies: LINEReplies

    public init(store: any CaseStore, configuration: SiangConfiguration) {
        self.store = store
        self.replies = LINEReplies(configuration: configuration)
    }

    /// The push row for a case's move to `change.to`, or nil when there is nobody to tell.
    /// `sequence` tells one change from another of the same case (its event count after the change):
    /// it makes the dedupe key, so the same change never queues two pushes.
    public func statusChangeMessage(for id: TrackingID, change: StatusChange, sequence: Int) async throws(StoreError) -> OutboxMessage? {
        guard let user = try await store.lineRecipient(of: id) else { return nil }
        let outbound = LINEOutbound(to: user, messages: [LINETextMessage(replies.statusChanged(id, to: change.to, note: change.publicNote))])
        return outbound.outboxMessage(kind: LINEOutbound.Kind.push, trackingID: id, dedupeKey: "line:status:\(id):\(sequence)")
    }

    /// Queues the push for a status change already stored; returns whether one was queued.
    @discardableResult
    public func enqueueStatusChange(for id: TrackingID, change: StatusChange, sequence: Int, at: Date) async throws(StoreError) -> Bool {
        guard let message = try await statusChangeMessage(for: id, change: change, sequence: sequence) else { return false }
        try await store.enqueueOutbox([message], at: at)
        return true
    }
}
