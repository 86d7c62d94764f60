import Foundation
import Testing
import SiangCore
import SiangTestSupport
@testable import SiangReports
@testable import SiangStore

/// PDPA erasure never touches a figure (issue 15's acceptance): the fiscal-year 7.2 report computed
/// from the store is the same document before and after every case's personal data is erased, on
/// SQLite and on PostgreSQL, though the survey metrics join answers to their cases by tracking ID.
@Suite struct PersonalDataErasureReportTests {
    let start = ReportFixture.bkk(2025, 11, 3, 9)
    func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * 3600) }

    /// Twelve cases with contacts and an attachment, half of them closed, and an answer with words
    /// linked to each of the first eight.
    func seeded(_ store: any AgencyStore) async throws -> [TrackingID] {
        let kinds: [Kind] = [.complaint, .inquiry, .complaint, .suggestion]
        let channels: [Channel] = [.web, .hotline, .line, .email]
        var ids: [TrackingID] = []
        for n in 0..<12 {
            let id = ReportFixture.id(n), received = at(Double(n) * 30)
            let change = ReceivedChange(kind: kinds[n % 4], channel: channels[n % 4], category: ["road", "water", nil][n % 3],
                                        segment: n % 2 == 0 ? .citizen : nil, priority: .normal)
            let intake = Intake(kind: change.kind, text: "เรื่องที่ \(n)", channel: change.channel, receivedAt: received,
                                contact: Contact(name: "ผู้ร้อง \(n)", phone: "08\(n)-111-2222", email: "p\(n)@example.go.th"), consent: true,
                                attachments: [AttachmentRef(sha256: String(repeating: "a", count: 63) + "\(n % 10)", filename: "รูป \(n).jpg",
                                                            contentType: "image/jpeg", size: 1_000 + n)])
            let receipt = CaseReceipt(trackingId: id, status: .received, kind: change.kind, category: change.category, receivedAt: received, sla: nil)
            _ = try await store.create(NewCase(trackingID: id, intake: intake,
                                               events: [CaseEvent(at: received, actor: CaseEvent.citizen, change: .received(change))],
                                               outbox: [], fingerprint: "f-\(n)", receipt: receipt))
            let staff = { (hours: Double, change: CaseChange) in
                CaseEvent(at: received.addingTimeInterval(hours * 3600), actor: CaseEvent.staff("somchai"), change: change)
            }
            if n % 2 == 0 {
                try await store.append([staff(1, .publicReply("รับเรื่องแล้ว")),
                                        staff(2, .statusChanged(StatusChange(from: .received, to: .inProgress))),
                                        staff(20 + Double(n), .statusChanged(StatusChange(from: .inProgress, to: .resolved))),
                                        staff(400, .statusChanged(StatusChange(from: .resolved, to: .closed)))],
                                       to: id, expectedEventCount: nil, outbox: [])
            }
            ids.append(id)
        }
        let answers = (0..<8).map { n in
            NewSurveyAnswer(token: nil, surveyID: "case", version: 1, source: "case", via: "web", trackingID: ids[n], channel: .web,
                            category: "road", segment: .citizen, queue: "roads", answeredAt: at(Double(n) * 30 + 500),
                            response: SurveyResponse(ratings: [SurveyQuestion.overall: 1 + n % 5], reasons: n % 3 == 0 ? ["delay"] : [],
                                                     reasonText: "ช้า โทร 08\(n)1112222", comment: "ผู้ร้อง \(n)"))
        }
        for outcome in try await store.recordSurveyAnswers(answers) {
            guard case .recorded = outcome else { Issue.record("not recorded: \(outcome)"); continue }
        }
        return ids
    }

    func yearReport(_ store: any AgencyStore) async throws -> ReportDocument {
        let end = ReportFixture.bkk(2026, 10, 1)
        let inputs = ReportInputs(caseColumns: try await store.caseFactColumns(receivedBefore: end),
                                  answerColumns: try await store.surveyFactColumns(from: .distantPast, to: end),
                                  invitations: try await store.surveyInvitationFacts(from: .distantPast, to: end), targets: .empty,
                                  catalog: try MetricCatalog.load(), calendar: ReportFixture.calendar, policy: .standard,
                                  agency: ReportFixture.agency)
        return try ReportFixture.report(.fiscalYear, "2569", inputs)
    }

    @Test(arguments: [false, true])
    func theYearReportIsTheSameBeforeAndAfterEveryCaseIsErased(_ postgres: Bool) async throws {
        let store: any AgencyStore = postgres
            ? try await PostgresStore(url: try TestPostgres.freshDatabaseURL(), cipher: .forTests, maxConnections: 4)
            : try SQLiteStore(dataDirectory: NSTemporaryDirectory() + "siang-pdpa-report-\(UUID().uuidString)", cipher: .forTests)
        let ids = try await seeded(store)
        let before = try await yearReport(store)
        // The figures the join gives: 12 complaints and others received, the answers about complaints scored.
        #expect(before.value("complaints_received") == 6)
        #expect(before.value("complaint_handling_satisfaction_pct") != nil, "answers are joined to their complaints")
        for (n, id) in ids.enumerated() {
            let erased = try await store.erasePersonalData(of: id, scope: n % 2 == 0 ? .retention : .request,
                                                           audit: AuditEntry(at: at(9_000), actor: "cli:dpo", action: "pdpa.erase", trackingID: id))
            #expect(erased.contactErased && erased.attachmentsErased == 1)
        }
        #expect(try await store.contact(of: ids[0])?.name == nil)
        let after = try await yearReport(store)
        #expect(ReportJSON.encode(after) == ReportJSON.encode(before))
    }
}
