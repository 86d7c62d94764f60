import Foundation
import Testing
import SiangCore
import SiangPipeline
@testable import SiangStore

/// The store's write path for `siang import cases`: a case, its ref and its answered survey
/// invitation together or not at all.
@Suite struct CaseImportStoreTests {
    let at = Date(timeIntervalSince1970: 1_698_891_300)

    func imported(_ id: TrackingID, ref: String, surveyed: Bool = false) -> ImportedCase {
        let intake = Intake(kind: .complaint, text: "ท่อแตก \(ref)", channel: .hotline, receivedAt: at, externalRef: ref)
        let events = [CaseEvent(at: at, actor: CaseEvent.citizen, change: .received(ReceivedChange(kind: .complaint, channel: .hotline, category: "water",
                                                                                                  segment: nil, priority: .normal))),
                      CaseEvent(at: at + 3_600, actor: "staff:import", change: .statusChanged(StatusChange(from: .received, to: .resolved, publicNote: "ซ่อมแล้ว")))]
        let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: "water", receivedAt: at, sla: nil)
        let newCase = NewCase(trackingID: id, intake: intake, events: events, outbox: [], fingerprint: "f-\(ref)", receipt: receipt)
        guard surveyed else { return ImportedCase(newCase: newCase, ref: ref, fingerprint: "line-\(ref)") }
        let invitation = SurveyInvitation(token: "tok-\(ref)-0123456789", trackingID: id, surveyID: "case", version: 1, route: .trackingPage, channel: .hotline,
                                          category: "water", segment: nil, queue: nil, issuedAt: at + 3_600, expiresAt: at + 3_600 + 30 * 86_400)
        let answer = NewSurveyAnswer(token: invitation.token, surveyID: "case", version: 1, source: "case", via: "import", trackingID: id,
                                     channel: .hotline, category: "water", answeredAt: at + 7_200, response: SurveyResponse(ratings: ["overall": 5]),
                                     key: "import:case:\(ref)")
        return ImportedCase(newCase: newCase, ref: ref, fingerprint: "line-\(ref)", invitation: invitation, answer: answer)
    }

    @Test(arguments: StoreKind.allCases) func anImportedCaseIsWrittenWithItsRefAndItsAnsweredInvitation(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = TrackingID.sample(seed: 1)
        #expect(try await store.importCases([imported(id, ref: "R1", surveyed: true)]) == [.created(id)])
        #expect(try await store.importedCases(refs: ["R1", "R2"]) == ["R1": ImportedRef(trackingID: id, fingerprint: "line-R1")])
        let record = try #require(try await store.record(id))
        #expect(record.state.status == .resolved && record.externalRef == "R1" && record.eventCount == 2)
        let invitation = try #require(try await store.surveyInvitations(of: id).first)
        #expect(invitation.answeredAt == at + 7_200)
        #expect(try await store.surveyAnswer(token: invitation.token)?.answer.via == "import")
        #expect(try await store.pendingOutbox(limit: 10).isEmpty)
        #expect(try await store.casesDueForSLACheck(now: at + 86_400 * 400, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aRefStoredBeforeLeavesItsCaseAlone(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let first = TrackingID.sample(seed: 1)
        _ = try await store.importCases([imported(first, ref: "R1")])
        let outcomes = try await store.importCases([imported(TrackingID.sample(seed: 2), ref: "R1"), imported(TrackingID.sample(seed: 3), ref: "R2")])
        #expect(outcomes == [.existing(ImportedRef(trackingID: first, fingerprint: "line-R1")), .created(TrackingID.sample(seed: 3))])
        #expect(try await store.caseCount() == 2)
    }

    @Test(arguments: StoreKind.allCases) func aCollidingTrackingIDWritesNothingOfTheBatch(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let taken = TrackingID.sample(seed: 1)
        _ = try await store.importCases([imported(taken, ref: "R1")])
        await #expect(throws: StoreError.trackingIDTaken) {
            _ = try await store.importCases([imported(TrackingID.sample(seed: 2), ref: "R2", surveyed: true), imported(taken, ref: "R3")])
        }
        #expect(try await store.caseCount() == 1)
        #expect(try await store.surveyInvitations(of: TrackingID.sample(seed: 2)).isEmpty)
        #expect(try await store.surveyAnswer(token: "tok-R2-0123456789") == nil)
        #expect(try await store.importedCases(refs: ["R1", "R2", "R3"]) == ["R1": ImportedRef(trackingID: taken, fingerprint: "line-R1")])
        #expect(try await store.record(TrackingID.sample(seed: 2)) == nil)
    }

    /// An imported case carries its SLA index; a resolved one is never looked at by the ticker.
    @Test(arguments: StoreKind.allCases) func anImportedResolvedCaseIsNotScheduled(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = TrackingID.sample(seed: 4)
        #expect(try await store.importCases([imported(id, ref: "R4")]) == [.created(id)])
        #expect(try await store.importedCases(refs: []) == [:])
        #expect(try await store.record(id)?.state.status == .resolved)
        #expect(try await store.casesDueForSLACheck(now: at + 86_400 * 400, limit: 10).isEmpty)
    }
}
