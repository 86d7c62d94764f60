import Foundation
import PostgresNIO
import SiangCore

// Being written (owner: pgcase); each stub is replaced by the PostgreSQL implementation.
extension PostgresStore {
    public func create(_ newCase: NewCase) async throws(StoreError) -> CreateOutcome {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func createMany(_ newCases: [NewCase], recordingCalls calls: @escaping @Sendable ([CreateOutcome]) -> [CallRecord]) async throws(StoreError) -> [CreateOutcome] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func record(_ id: TrackingID) async throws(StoreError) -> CaseRecord? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func events(of id: TrackingID) async throws(StoreError) -> [CaseEvent] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func contact(of id: TrackingID) async throws(StoreError) -> Contact? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func attachments(of id: TrackingID) async throws(StoreError) -> [AttachmentRef] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func append(_ events: [CaseEvent], to id: TrackingID, expectedEventCount: Int?, outbox: [OutboxMessage]) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func appendMessage(_ events: [CaseEvent], to id: TrackingID, attachments: [AttachmentRef], channel: SiangCore.Channel, key: String?, outbox: [OutboxMessage]) async throws(StoreError) -> Bool {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func caseID(channel: SiangCore.Channel, key: String) async throws(StoreError) -> TrackingID? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func recentOpenCases(category: String, since: Date, limit: Int) async throws(StoreError) -> [(id: TrackingID, text: String)] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func casesDueForSLACheck(now: Date, limit: Int) async throws(StoreError) -> [TrackingID] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func scheduleSLACheck(_ id: TrackingID, at: Date?) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func setAsideFromSLA(_ id: TrackingID, reason: String, at: Date) async throws(StoreError) -> Bool {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func slaSetAside(viewer: StaffViewer) async throws(StoreError) -> [SLASetAside] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func slaSetAsideCount() async throws(StoreError) -> Int {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func importedCases(refs: [String]) async throws(StoreError) -> [String: ImportedRef] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func importCases(_ cases: [ImportedCase]) async throws(StoreError) -> [ImportedCaseOutcome] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func caseFacts(receivedBefore instant: Date) async throws(StoreError) -> [CaseFact] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func rebuildCaseFacts(batchSize: Int, progress: (@Sendable (Int) -> Void)?) async throws(StoreError) -> Int {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }
}
