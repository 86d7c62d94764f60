import Foundation
import SiangCore
import SiangReports
import SiangStore

/// The reports' facts, targets and locked months from the store (``ReportStore``).
extension ReportService {
    var reportStore: any ReportStore {
        get throws(ReportFailure) {
            guard let store = services.store as? any ReportStore else { throw .notReady }
            return store
        }
    }

    static func stored<T>(_ work: () async throws(StoreError) -> T) async throws(ReportFailure) -> T {
        do { return try await work() } catch {
            if case .revisionExists = error { throw .alreadyLocked }
            throw .storeFailed
        }
    }

    /// Everything the engine computes from, up to `instant` (inclusive).
    func inputs(upTo instant: Date) async throws(ReportFailure) -> ReportInputs {
        let rs = try reportStore, store = services.store
        // The store's bounds are exclusive; the engine's are inclusive.
        let end = instant.addingTimeInterval(0.001)
        // The answers and invitations are read on other connections while the case facts are, as
        // `siang report` reads them.
        async let answerFacts = Self.stored { () async throws(StoreError) in try await store.surveyFactColumns(from: .distantPast, to: end) }
        async let invitationFacts = Self.stored { () async throws(StoreError) in
            try await store.surveyInvitationFacts(from: .distantPast, to: end)
        }
        let cases = try await Self.stored { () async throws(StoreError) in try await rs.caseFactColumns(receivedBefore: end) }
        let answers: SurveyFactColumns, invitations: [SurveyInvitationFact]
        do { (answers, invitations) = (try await answerFacts, try await invitationFacts) } catch let failure as ReportFailure {
            throw failure
        } catch {
            throw .storeFailed
        }
        let agency = services.configuration.agency
        return ReportInputs(caseColumns: cases, answerColumns: answers, invitations: invitations, targets: try await targets(),
                            catalog: try catalog(), calendar: services.sla.calendar, policy: services.sla.policy,
                            agency: ReportAgency(nameTh: agency.nameTh, nameEn: agency.nameEn))
    }

    func computed(_ request: ReportRequest) async throws(ReportFailure) -> (document: ReportDocument, inputs: ReportInputs) {
        let now = services.clock.now()
        do {
            let inputs = try await inputs(upTo: try ReportEngine.factsNeeded(for: request, now: now))
            var document = try ReportEngine.report(request, inputs: inputs, now: now)
            if let texts = services.store as? any CaseTextStore {
                let categories = services.configuration.taxonomy.categories.map(\.code)
                document.emergingTopics = try await EmergingTopics.find(for: request.period, asOf: document.period.asOf, categories: categories) { from, to in
                    try await Self.stored { () async throws(StoreError) in try await texts.caseTexts(receivedFrom: from, to: to) }
                        .map { ($0.category, $0.receivedAt, $0.subject, $0.text) }
                }
            }
            return (document, inputs)
        } catch let error as ReportError {
            throw .engine(error)
        } catch let failure as ReportFailure {
            throw failure
        } catch {
            throw .storeFailed
        }
    }
}
