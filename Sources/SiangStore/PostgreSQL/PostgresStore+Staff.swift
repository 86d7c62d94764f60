import Foundation
import PostgresNIO
import SiangCore

// Being written (owner: pgstaff); each stub is replaced by the PostgreSQL implementation.
extension PostgresStore {
    public func staffRecord(_ id: TrackingID, viewer: StaffViewer) async throws(StoreError) -> CaseRecord? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func queue(_ query: QueueQuery, viewer: StaffViewer, now: Date) async throws(StoreError) -> QueuePage {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func dashboard(viewer: StaffViewer, now: Date, monthStart: Date, monthEnd: Date, oldest: Int) async throws(StoreError) -> StaffDashboard {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func notices(of id: TrackingID) async throws(StoreError) -> [NoticeRecord] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func applyStaffChange(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int, outbox: [OutboxMessage], sla: SLAIndexEntry?) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func staleSLACases(limit: Int) async throws(StoreError) -> [StaleSLACase] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func updateSLAIndex(_ entries: [SLAIndexUpdate]) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func slaIndexBacklog() async throws(StoreError) -> Int {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func callbacks(viewer: StaffViewer, limit: Int) async throws(StoreError) -> [CallbackItem] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func completeCallback(outboxID: Int64, viewer: StaffViewer, at: Date) async throws(StoreError) -> Bool {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func staffUsers() async throws(StoreError) -> [StaffUser] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func setPassword(username: String, hash: String) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func createSession(_ session: StaffSession) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func session(tokenHash: String, now: Date) async throws(StoreError) -> (session: StaffSession, user: StaffUser)? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func touchSession(tokenHash: String, idleExpiresAt: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func endSession(tokenHash: String, at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func endSessions(of username: String, keeping: String?, at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func recordFailedSignIn(username: String, address: String?, at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func failedSignIns(username: String, address: String?, since: Date) async throws(StoreError) -> (username: Int, address: Int) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func clearFailedSignIns(username: String) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func apiTokens(of username: String) async throws(StoreError) -> [APITokenInfo] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func revokeAPIToken(id: Int64, of username: String, at: Date) async throws(StoreError) -> Bool {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func revokeAPIToken(hash: String, at: Date) async throws(StoreError) -> Bool {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func revokeAPITokens(of username: String, at: Date) async throws(StoreError) -> Int {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func staffContacts(usernames: [String]) async throws(StoreError) -> [StaffContact] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func setStaffEmail(username: String, email: String?) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func setNoticePreference(username: String, preference: NoticePreference) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func issueLINELinkCode(username: String, code: String, expiresAt: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func redeemLINELinkCode(_ code: String, lineUserID: String, now: Date) async throws(StoreError) -> String? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func unlinkLINE(username: String) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func digestFigures(now: Date, since: Date) async throws(StoreError) -> [String: QueueDigestFigures] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }
}
