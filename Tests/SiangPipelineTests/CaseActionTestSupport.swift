import Foundation
import Synchronization
import Testing
import SiangCore
import SiangPipeline
import SiangStore
import SiangTestSupport

/// A store with the staff routing, the triage pipeline, a classifier and the case-actions service.
struct CaseActionFixture {
    let store: SQLiteStore
    let pipeline: IntakePipeline
    let sla: SLAService
    let configuration: SiangConfiguration
    let classifier: LearningClassifier
    let clock: MovableClock
    let actions: CaseActionService

    /// Monday 16 November 2026, 09:00 in Bangkok.
    static let monday = bangkok(2026, 11, 16, 9)

    init(now: Date = CaseActionFixture.monday) throws {
        store = try temporaryStore()
        configuration = try ConfigurationLoader.load(overrideYAML: staffConfigYAML(), environment: [:])
        sla = try SLAService(configuration: configuration)
        classifier = LearningClassifier(TextClassifier(taxonomy: configuration.taxonomy, examples: miniCorpus))
        clock = MovableClock(now)
        let engine = TriageEngine(configuration: configuration, classifier: classifier, sla: sla)
        pipeline = IntakePipeline(store: store, configuration: configuration, clock: clock, triage: engine,
                                  duplicates: DuplicateFinder(store: store, settings: configuration.duplicates))
        actions = CaseActionService(store: store, configuration: configuration, classifier: classifier, sla: sla, clock: clock)
    }

    /// Adds a staff account and returns how the store sees them.
    @discardableResult
    func staff(_ username: String, _ role: StaffRole) async throws -> StaffViewer {
        try await store.addUser(NewUser(username: username, passwordHash: "unused", role: role, createdAt: clock.now()))
        return StaffViewer(user: try #require(try await store.user(named: username)), configuration: configuration)
    }

    /// Files a case as a citizen would, at the clock's time unless told.
    func file(_ text: String, category: String?, channel: Channel = .web, contact: Contact? = nil, at: Date? = nil,
              subject: String? = nil, key: String? = nil) async throws -> TrackingID {
        let intake = Intake(kind: .complaint, subject: subject, text: text, channel: channel, channelMessageKey: key,
                            receivedAt: at ?? clock.now(), contact: contact, consent: contact != nil, category: category)
        guard case .created(let receipt) = try await pipeline.submit(intake) else { throw CocoaError(.featureUnsupported) }
        return receipt.trackingId
    }

    /// The undelivered outbox rows of a case (including those held for a call-back).
    func pending(_ id: TrackingID) async throws -> [OutboxMessage] {
        try await store.pendingOutbox(limit: 10_000).map(\.message).filter { $0.trackingID == id }
    }

    func notices(_ id: TrackingID) async throws -> [OutboxMessage] {
        try await pending(id).filter { ["status_notice", "public_reply"].contains($0.kind) }
    }

    func state(_ id: TrackingID) async throws -> CaseState {
        try #require(try await store.record(id)).state
    }

    func lastEvent(_ id: TrackingID) async throws -> CaseEvent {
        try #require(try await store.events(of: id).last)
    }
}

extension OutboxMessage {
    /// The `text` of a notice's payload.
    var noticeText: String? {
        ((try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any])?["text"] as? String
    }
}
