import Foundation
import SiangCore

/// What the staff workspace needs from persistence beyond ``CaseStore``'s basics: sessions and
/// sign-in throttling, token revocation, the SLA urgency index, queue queries with role filtering and
/// full-text search, the dashboard's figures and the call-back list. Every ``CaseStore`` is one.
///
/// Visibility is decided here, in the queries, from a ``StaffViewer``: a case a viewer may not see
/// is never returned, counted or found by search, whatever the page or API above asks for.
public protocol StaffStore: Sendable {
    // MARK: Cases as a viewer sees them

    /// The case with this ID if `viewer` may see it; nil for unknown cases and for cases outside the
    /// viewer's reach alike, so a page cannot tell the two apart.
    func staffRecord(_ id: TrackingID, viewer: StaffViewer) async throws(StoreError) -> CaseRecord?
    /// One page of cases, sorted by SLA urgency (running clocks by resolution due time, then paused,
    /// then stopped clocks).
    func queue(_ query: QueueQuery, viewer: StaffViewer, now: Date) async throws(StoreError) -> QueuePage
    /// The supervisor dashboard's figures over the cases `viewer` may see.
    func dashboard(viewer: StaffViewer, now: Date, monthStart: Date, monthEnd: Date, oldest: Int) async throws(StoreError) -> StaffDashboard
    /// The delivery records of the notices sent (or waiting) for a case.
    func notices(of id: TrackingID) async throws(StoreError) -> [NoticeRecord]

    // MARK: Staff changes

    /// Appends a staff action's events with its outbox rows and refreshes the case's SLA index, in
    /// one transaction. Notices for call-back channels (``CallbackItem/channels``) wait on the
    /// call-back list instead of the dispatcher.
    func applyStaffChange(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int, outbox: [OutboxMessage],
                          sla: SLAIndexEntry?) async throws(StoreError)

    // MARK: SLA urgency index

    /// Cases whose SLA index is missing or older than their events (any append marks it so), with
    /// their events, for ``updateSLAIndex(_:)``.
    func staleSLACases(limit: Int) async throws(StoreError) -> [StaleSLACase]
    /// Writes index entries; an entry for a case changed since it was read is skipped (it stays stale).
    func updateSLAIndex(_ entries: [SLAIndexUpdate]) async throws(StoreError)
    /// How many cases wait for their SLA index.
    func slaIndexBacklog() async throws(StoreError) -> Int

    // MARK: Call-backs (hotline and phone cases)

    /// Notices to give by telephone, oldest first, for cases `viewer` may see, with the number to call.
    func callbacks(viewer: StaffViewer, limit: Int) async throws(StoreError) -> [CallbackItem]
    /// Marks a call-back made; false when it is not on the viewer's list.
    func completeCallback(outboxID: Int64, viewer: StaffViewer, at: Date) async throws(StoreError) -> Bool

    // MARK: Accounts, sessions, throttling, tokens

    func staffUsers() async throws(StoreError) -> [StaffUser]
    func setPassword(username: String, hash: String) async throws(StoreError)

    func createSession(_ session: StaffSession) async throws(StoreError)
    /// The live session behind a token hash and its user: not ended, not past either expiry, user
    /// not disabled.
    func session(tokenHash: String, now: Date) async throws(StoreError) -> (session: StaffSession, user: StaffUser)?
    /// Moves a session's idle expiry.
    func touchSession(tokenHash: String, idleExpiresAt: Date) async throws(StoreError)
    func endSession(tokenHash: String, at: Date) async throws(StoreError)
    /// Ends every session of a user except `keeping` (after a password change).
    func endSessions(of username: String, keeping: String?, at: Date) async throws(StoreError)

    func recordFailedSignIn(username: String, address: String?, at: Date) async throws(StoreError)
    /// Failed sign-ins since `since`, for the username and for the address.
    func failedSignIns(username: String, address: String?, since: Date) async throws(StoreError) -> (username: Int, address: Int)
    func clearFailedSignIns(username: String) async throws(StoreError)

    func apiTokens(of username: String) async throws(StoreError) -> [APITokenInfo]
    /// Revokes one of a user's tokens by its id; false when there is no such active token.
    func revokeAPIToken(id: Int64, of username: String, at: Date) async throws(StoreError) -> Bool
    /// Revokes the token with this hash; false when it is unknown or already revoked.
    func revokeAPIToken(hash: String, at: Date) async throws(StoreError) -> Bool
    /// Revokes every active token of a user; returns how many.
    func revokeAPITokens(of username: String, at: Date) async throws(StoreError) -> Int
}
