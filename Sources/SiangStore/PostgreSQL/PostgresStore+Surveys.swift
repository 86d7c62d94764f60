import Foundation
import PostgresNIO
import SiangCore

// Being written (owner: pgsurvey); each stub is replaced by the PostgreSQL implementation.
extension PostgresStore {
    public func registerSurveyDefinition(_ definition: SurveyDefinition, at: Date) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyDefinition(id: String, version: Int) async throws(StoreError) -> SurveyDefinition? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func addSurveyInvitation(_ invitation: SurveyInvitation) async throws(StoreError) {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyInvitation(token: String) async throws(StoreError) -> SurveyInvitation? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyInvitations(of id: TrackingID) async throws(StoreError) -> [SurveyInvitation] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyCallBacks(now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyCallBacks(for viewer: StaffViewer, now: Date, limit: Int) async throws(StoreError) -> [SurveyInvitation] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func recordSurveyAnswer(_ answer: NewSurveyAnswer, events: [CaseEvent], outbox: [OutboxMessage], limit: AddressLimit?) async throws(StoreError) -> SurveyRecordOutcome {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func completeSurveyAnswer(token: String, with response: SurveyResponse, via: String, at: Date, events: [CaseEvent], outbox: [OutboxMessage]) async throws(StoreError) -> SurveyRecordOutcome {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func recordSurveyAnswers(_ answers: [NewSurveyAnswer]) async throws(StoreError) -> [SurveyRecordOutcome] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyAnswer(token: String) async throws(StoreError) -> StoredSurveyAnswer? {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyFact] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }

    public func surveyInvitationFacts(from: Date, to: Date) async throws(StoreError) -> [SurveyInvitationFact] {
        throw .unavailable("\(#function) is not yet on PostgreSQL")
    }
}
