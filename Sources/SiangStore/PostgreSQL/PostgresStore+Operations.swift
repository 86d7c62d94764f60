import Foundation
import PostgresNIO
import SiangCore

// Being written (owner: pgops); each stub is replaced by the PostgreSQL implementation.
extension PostgresStore {
    public func channelState(_ key: String) async throws(StoreError) -> String? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func setChannelState(_ key: String, _ value: String) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func knownCallIDs(_ ids: [String]) async throws(StoreError) -> Set<String> {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func recordCalls(_ calls: [CallRecord]) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func callStatistics(from: Date, to: Date) async throws(StoreError) -> [CallCount] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func addUser(_ user: NewUser) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func user(named username: String) async throws(StoreError) -> StaffUser? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func user(forTokenHash hash: String) async throws(StoreError) -> StaffUser? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func addToken(hash: String, for username: String, at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func recordAudit(_ entry: AuditEntry) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func auditLog(of id: TrackingID) async throws(StoreError) -> [AuditEntry] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func enqueueInbox(source: String, headers: [String: String], body: Data, at: Date) async throws(StoreError) -> Int64 {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func pendingOutbox(limit: Int) async throws(StoreError) -> [StoredOutboxMessage] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func dueOutbox(now: Date, limit: Int) async throws(StoreError) -> [StoredOutboxMessage] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func markDelivered(outboxID: Int64, at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func postponeOutbox(outboxID: Int64, until: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func markFailed(outboxID: Int64, error: String, nextAttemptAt: Date?) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func pendingInbox(source: String, limit: Int) async throws(StoreError) -> [InboxItem] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func markInboxProcessed(id: Int64, at: Date, error: String?) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func recentLINECase(userID: String, since: Date, until: Date) async throws(StoreError) -> TrackingID? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func setLINEFollowing(userID: String, following: Bool) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func lineRecipient(of id: TrackingID) async throws(StoreError) -> String? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func enqueueOutbox(_ messages: [OutboxMessage], at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func finishInbox(_ rows: [(id: Int64, error: String?)], outbox: [OutboxMessage], at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func enqueueScoringCoreExport(_ message: OutboxMessage, at: Date) async throws(StoreError) -> QueuedScoringCoreExport {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func scheduledScoringCoreExport(month: String) async throws(StoreError) -> Date? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func enqueueScheduledScoringCoreExport(month: String, _ message: OutboxMessage, at: Date) async throws(StoreError) -> Bool {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func evidenceFacts(from: Date, to: Date) async throws(StoreError) -> EvidenceFacts {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func countTrackingLookup(_ surface: TrackingLookupSurface, at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func addImprovement(_ draft: ImprovementDraft, actor: String, at: Date) async throws(StoreError) -> Improvement {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func updateImprovement(id: Int64, to draft: ImprovementDraft, expectedUpdatedAt: Date?, actor: String, at: Date) async throws(StoreError) -> Improvement {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func improvement(id: Int64) async throws(StoreError) -> Improvement? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func improvements(from: ImprovementDay?, to: ImprovementDay?) async throws(StoreError) -> [Improvement] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func improvementAudit(id: Int64) async throws(StoreError) -> [AuditEntry] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func reportTargets() async throws(StoreError) -> [ReportTargetRow] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func saveReportTargets(_ rows: [ReportTargetRow], at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func reportRevisions(period: String) async throws(StoreError) -> [ReportRevision] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func addReportRevision(_ revision: ReportRevision) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }
}
