import Foundation
import SiangTestSupport
import SiangCore
import SiangPipeline
import Testing
@testable import SiangStore

/// PDPA retention and data-subject requests (``PersonalDataStore``, docs/pdpa.md) on SQLite and
/// PostgreSQL: a person found however their phone was written, the right cases erased and nothing
/// else, attachment rows kept while their files go, each erasure audited, a second run doing nothing.
@Suite struct PersonalDataStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    func days(_ n: Double) -> Date { now.addingTimeInterval(-n * 86_400) }

    /// A case received `receivedDaysAgo` days before `now` by email (so it has an acknowledgement),
    /// with one attachment stored in `files`, moved through `statuses` a day apart from `changedDaysAgo`.
    func seed(_ store: any AgencyStore, files: AttachmentStore, text: String, contact: Contact, receivedDaysAgo: Double,
              statuses: [Status] = [], changedDaysAgo: Double = 0, photo: String = "photo-a") async throws -> TrackingID {
        let received = days(receivedDaysAgo)
        let ref = try files.store(Data("\u{FF}\u{D8}\u{FF}\(photo)".utf8), filename: "บัตร ประชาชน.jpg", type: .jpeg)
        let intake = Intake(text: text, channel: .email, receivedAt: received, contact: contact, consent: true, attachments: [ref])
        guard case .created(let receipt) = try await plainPipeline(store, now: received).submit(intake) else { throw Failure("not created") }
        let id = receipt.trackingId
        for message in try await store.dueOutbox(now: received.addingTimeInterval(60), limit: 10) where message.message.trackingID == id {
            try await store.markDelivered(outboxID: message.id, at: received.addingTimeInterval(60))
        }
        var from = Status.received
        for (n, status) in statuses.enumerated() {
            let at = days(changedDaysAgo).addingTimeInterval(Double(n))
            try await store.append([CaseEvent(at: at, actor: CaseEvent.staff("alice"), change: .statusChanged(StatusChange(from: from, to: status)))],
                                   to: id, expectedEventCount: nil, outbox: [])
            from = status
        }
        return id
    }

    func temporaryFiles() -> AttachmentStore {
        AttachmentStore(dataDirectory: NSTemporaryDirectory() + "pdpa-\(UUID().uuidString)", cipher: .forTests)
    }

    @Test(arguments: StoreKind.allCases)
    func aPersonIsFoundByPhoneWrittenAnyWayByEmailInAnyCaseAndByLINEUser(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind), files = temporaryFiles()
        let a = try await seed(store, files: files, text: "หนึ่ง", contact: Contact(phone: "081-234-5678", email: "Somchai@Example.go.th"),
                               receivedDaysAgo: 3)
        let b = try await seed(store, files: files, text: "สอง", contact: Contact(phone: "+66 81 234 5678"), receivedDaysAgo: 2)
        let c = try await seed(store, files: files, text: "สาม", contact: Contact(phone: "(081) 2345679", lineUserID: "U4af4980629a0f8f3b9e6f0e1a2b3c4d5"),
                               receivedDaysAgo: 1)
        let phone = try DataSubject(phone: "0812345678", email: nil, lineUser: nil)
        #expect(try await Set(store.cases(of: phone)) == [a, b], "two writings of one number; 0812345679 is another person")
        #expect(try await store.cases(of: DataSubject(phone: nil, email: "somchai@example.GO.TH", lineUser: nil)) == [a])
        #expect(try await store.cases(of: DataSubject(phone: nil, email: nil, lineUser: "U4af4980629a0f8f3b9e6f0e1a2b3c4d5")) == [c])
        #expect(try await store.cases(of: DataSubject(phone: "0999999999", email: nil, lineUser: nil)).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func retentionErasesClosedCasesPastTheCutoffOnceAndKeepsTheRest(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind), files = temporaryFiles()
        let person = Contact(name: "สมชาย ใจดี", phone: "0812345678", email: "s@example.go.th")
        // Closed 400 days ago, resolved with no change for 400 days, closed 10 days ago, open for 500 days.
        let old = try await seed(store, files: files, text: "เก่า", contact: person, receivedDaysAgo: 500, statuses: [.inProgress, .resolved, .closed],
                                 changedDaysAgo: 400, photo: "shared")
        let resolved = try await seed(store, files: files, text: "แก้แล้ว", contact: person, receivedDaysAgo: 450, statuses: [.inProgress, .resolved],
                                      changedDaysAgo: 400, photo: "own")
        let recent = try await seed(store, files: files, text: "ใหม่", contact: person, receivedDaysAgo: 30, statuses: [.rejected],
                                    changedDaysAgo: 10, photo: "shared")
        let open = try await seed(store, files: files, text: "ค้าง", contact: person, receivedDaysAgo: 500, photo: "open")
        let shared = try #require(try await store.attachments(of: old).first), own = try #require(try await store.attachments(of: resolved).first)
        let sweep = RetentionSweep(store: store, attachments: files, contactDays: 365, clock: FixedClock(instant: now), batchSize: 1)

        let dry = try await sweep.run(dryRun: true)
        #expect(dry.cases == 2 && dry.contacts == 0, "a dry run counts only")
        #expect(try await store.contact(of: old)?.name == "สมชาย ใจดี")

        let outcome = try await sweep.run()
        #expect(outcome.cases == 2 && outcome.contacts == 2 && outcome.attachments == 2 && outcome.messages == 2)
        #expect(outcome.filesDeleted == 1, "the shared photo is still the recent case's")
        for id in [old, resolved] {
            let contact = try await store.contact(of: id)
            #expect(contact == nil || contact == Contact(), "\(contact.map { "\($0)" } ?? "nil")")
            let kept = try await store.attachments(of: id)
            let before = id == old ? shared : own
            #expect(kept == [AttachmentRef(sha256: before.sha256, filename: "", contentType: before.contentType, size: before.size)],
                    "the row stays with its hash, type and size; the name goes")
            #expect(try await store.auditLog(of: id).map(\.action) == ["pdpa.retention.erase"])
            #expect(try await store.auditLog(of: id).map(\.actor) == ["system:retention"])
            #expect(try await store.record(id)?.text.isEmpty == false, "the case stays")
            #expect(try await store.events(of: id).count == (id == old ? 4 : 3), "and its events")
        }
        #expect(!FileManager.default.fileExists(atPath: files.path(for: own.sha256)))
        #expect(FileManager.default.fileExists(atPath: files.path(for: shared.sha256)))
        for id in [recent, open] {
            #expect(try await store.contact(of: id) == person)
            #expect(try await store.auditLog(of: id).isEmpty)
        }
        #expect(try await sweep.run() == RetentionSweep.Outcome(), "nothing left to erase: idempotent")
        #expect(try await store.auditLog(of: old).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aRequestErasesEveryCaseOfThePersonAndClearsTheirSurveyWords(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind), files = temporaryFiles()
        let open = try await seed(store, files: files, text: "ค้าง", contact: Contact(name: "มาลี", phone: "089-111-2222"), receivedDaysAgo: 2)
        let other = try await seed(store, files: files, text: "อื่น", contact: Contact(name: "ชูใจ", phone: "089-111-3333"), receivedDaysAgo: 2,
                                   photo: "other")
        let words = SurveyResponse(ratings: [SurveyQuestion.overall: 2], reasons: ["slow"], reasonText: "ช้ามาก โทร 0891112222", comment: "มาลี")
        _ = try await store.recordSurveyAnswer(
            NewSurveyAnswer(token: nil, surveyID: "case", version: 1, source: "case", via: "web", trackingID: open, channel: .email,
                            category: nil, segment: nil, queue: nil, answeredAt: days(1), response: words, complete: true, key: nil),
            events: [], outbox: [], limit: nil)
        let requests = DataSubjectRequests(store: store, attachments: files, clock: FixedClock(instant: now))
        let subject = try DataSubject(phone: "+66891112222", email: nil, lineUser: nil)

        let export = try await requests.export(subject, actor: "cli:dpo")
        #expect(export.cases.map(\.trackingId) == [open.description])
        let held = try #require(export.cases.first)
        #expect(held.contact?.name == "มาลี" && held.text == "ค้าง" && held.attachments.map(\.filename) == ["บัตร ประชาชน.jpg"])
        #expect(held.timeline.map(\.type) == ["received"] && held.surveyAnswers.map(\.comment) == ["มาลี"])
        #expect(try await store.auditLog(of: open).map(\.action) == ["pdpa.export"])

        let erasure = try await requests.erase(subject, actor: "staff:admin")
        #expect(erasure.cases.map(\.trackingID) == [open] && erasure.filesDeleted == 1)
        #expect(erasure.cases[0].erased.surveyAnswersCleared == 1 && erasure.cases[0].erased.messagesErased == 0,
                "the acknowledgement went to no email: none to erase")
        let answer = try #require(try await store.surveyAnswers(of: open).first)
        #expect(answer.response == SurveyResponse(ratings: [SurveyQuestion.overall: 2], reasons: ["slow"]), "ratings and codes stay for the figures")
        #expect(try await store.auditLog(of: open).map(\.action) == ["pdpa.export", "pdpa.erase"])
        #expect(try await store.cases(of: subject).isEmpty, "the phone is gone")
        #expect(try await store.contact(of: other)?.name == "ชูใจ", "another person is untouched")
        #expect(try await store.record(open)?.state.status == .received, "the case stays open and as it was")

        let again = try await requests.export(subject, actor: "cli:dpo")
        #expect(again.cases.isEmpty)
        #expect(try await store.auditChainRows(after: 0, limit: 100).filter { $0.trackingID == nil }.map(\.action) == ["pdpa.export"],
                "a request that finds nothing is audited without a case")
        let log = try await store.auditChainRows(after: 0, limit: 100)
        #expect(!log.contains { $0.actor.contains("0891112222") || $0.action.contains("089") }, "the audit log never carries the phone")
    }

    @Test(arguments: StoreKind.allCases)
    func retentionRemovesWebhookBodiesProcessedBeforeTheCutoffAndKeepsTheRest(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let body = Data("{\"events\":[{\"source\":{\"userId\":\"U4af4980629a0f8f3b9e6f0e1a2b3c4d5\"}}]}".utf8)
        let old = try await store.enqueueInbox(source: "line", headers: [:], body: body, at: days(500))
        let recent = try await store.enqueueInbox(source: "line", headers: [:], body: body, at: days(10))
        _ = try await store.enqueueInbox(source: "line", headers: [:], body: body, at: days(600))  // never processed: kept
        try await store.markInboxProcessed(id: old, at: days(499), error: nil)
        try await store.markInboxProcessed(id: recent, at: days(9), error: nil)

        let sweep = RetentionSweep(store: store, attachments: temporaryFiles(), contactDays: 365, clock: FixedClock(instant: now))
        #expect(try await sweep.run(dryRun: true).inboxItems == 1)
        #expect(try await store.processedInbox(before: sweep.cutoff, eraseWith: nil) == 1, "a dry run removes nothing")
        #expect(try await sweep.run().inboxItems == 1)
        #expect(try await sweep.run().inboxItems == 0, "a second sweep finds nothing")
        #expect(try await store.pendingInbox(source: "line", limit: 10).count == 1, "the unprocessed item waits, whatever its age")
        #expect(try await store.processedInbox(before: now, eraseWith: nil) == 1, "the recent one stays")
        let audited = try await store.auditChainRows(after: 0, limit: 100).filter { $0.action == RetentionSweep.inboxAction }
        #expect(audited.map(\.actor) == [RetentionSweep.actor], "audited once, by the sweep that removed something")
    }

    @Test func identifiersAreReadOrRefusedInPlainWords() throws {
        #expect(ThaiPhoneNumber("081-234-5678")?.national == "0812345678")
        #expect(ThaiPhoneNumber("+66 81 234 5678")?.national == "0812345678")
        #expect(ThaiPhoneNumber("0066812345678")?.national == "0812345678")
        #expect(ThaiPhoneNumber("02-123-4567")?.national == "021234567")
        #expect(ThaiPhoneNumber("+66 2 123 4567")?.national == "021234567")
        #expect(ThaiPhoneNumber("12345") == nil && ThaiPhoneNumber("081-234-5678x") == nil && ThaiPhoneNumber("08+1234567") == nil)
        #expect(throws: DataSubject.Problem.invalidEmail) { try DataSubject(phone: nil, email: "somchai@", lineUser: nil) }
        #expect(throws: DataSubject.Problem.invalidLINEUser) { try DataSubject(phone: nil, email: nil, lineUser: "alice") }
        #expect(throws: DataSubject.Problem.needsOneIdentifier) { try DataSubject(phone: "0812345678", email: "a@b.co", lineUser: nil) }
        #expect(throws: DataSubject.Problem.needsOneIdentifier) { try DataSubject(phone: nil, email: nil, lineUser: nil) }
        #expect(try DataSubject(phone: nil, email: " A@B.Co ", lineUser: nil) == .email("a@b.co"))
    }
}
