import Foundation
import SiangCore
import SiangPipeline
import SiangStore
import SiangTestSupport
import Testing

/// `siang migrate`: a SQLite store with rows in every table, copied into a fresh PostgreSQL database.
@Suite struct StoreMigrationTests {
    let start = Date(timeIntervalSince1970: 1_773_630_000)  // 2026-03-16T10:00:00+07:00

    /// A SQLite store holding at least one row in every table, written through the store and the
    /// intake pipeline; its data directory.
    func filledStore() async throws -> String {
        let (store, dir) = try temporaryStore()
        let pipeline = try plainPipeline(store, now: start)
        let intake = Intake(kind: .complaint, text: "ท่อประปาแตกหน้าบ้าน น้ำไหลทั้งคืน", channel: .line, channelMessageKey: "line-msg-1",
                            receivedAt: start, contact: Contact(name: "สมชาย ใจดี", phone: "0812345678", lineUserID: "U0123456789"),
                            consent: true,
                            attachments: [AttachmentRef(sha256: String(repeating: "ab", count: 32), filename: "pipe.jpg",
                                                        contentType: "image/jpeg", size: 1_234)],
                            category: "water")
        guard case .created(let receipt) = try await pipeline.submit(intake) else {
            Issue.record("the case was not created")
            return dir
        }
        let id = receipt.trackingId
        try await store.append([CaseEvent(at: start + 60, actor: "staff:somchai",
                                          change: .statusChanged(StatusChange(from: .received, to: .resolved, publicNote: "ซ่อมแล้ว")))],
                               to: id, expectedEventCount: nil,
                               outbox: [OutboxMessage(kind: "status_notice", channel: .line, trackingID: id, payload: "{}", dedupeKey: "notice-1")])
        _ = try await store.enqueueInbox(source: "email", headers: ["Subject": "ร้องเรียน"], body: Data([0, 1, 2, 255]), at: start)
        try await store.recordCalls([CallRecord(callID: "C1", startedAt: start, endedAt: start + 90, queue: "Q1", agent: "op1",
                                                disposition: "complaint", trackingID: id)])
        try await store.setChannelState("line.cursor", "42")
        try await store.addUser(NewUser(username: "somchai", passwordHash: "hash", role: .agent, createdAt: start))
        try await store.addToken(hash: "token-hash", for: "somchai", at: start)
        try await store.recordAudit(AuditEntry(at: start + 5, actor: "staff:somchai", action: "case.contact.read", trackingID: id))
        #expect(try await store.checkpointAudit(at: start + 6) != nil)
        try await store.createSession(StaffSession(tokenHash: "session-hash", username: "somchai", csrfToken: "csrf", createdAt: start,
                                                   idleExpiresAt: start + 3_600, expiresAt: start + 86_400))
        try await store.recordFailedSignIn(username: "somchai", address: "192.0.2.1", at: start)
        let surveys = try SiangConfiguration.defaults().surveys
        for d in surveys.definitions { try await store.registerSurveyDefinition(d, at: start) }
        let caseSurvey = try #require(surveys.current(surveys.caseSurvey))
        let token = "tok-migrate-0123456789"
        try await store.addSurveyInvitation(SurveyInvitation(
            token: token, trackingID: id, surveyID: caseSurvey.id, version: caseSurvey.version, route: .trackingPage, channel: .line,
            category: "water", segment: nil, queue: nil, issuedAt: start + 100, expiresAt: start + 30 * 86_400))
        let answer = NewSurveyAnswer(token: token, surveyID: caseSurvey.id, version: caseSurvey.version, source: "case", via: "web",
                                     trackingID: id, channel: .line, category: "water", answeredAt: start + 200,
                                     response: SurveyResponse(ratings: [SurveyQuestion.overall: 4]), key: "web:\(token)")
        let outcome = try await store.recordSurveyAnswer(answer, events: [], outbox: [],
                                                         limit: AddressLimit(addressKey: "address-1", maxPerHour: 10, maxPerDay: 100))
        guard case .recorded = outcome else { Issue.record("the answer was not recorded: \(outcome)"); return dir }
        #expect(try await store.setAsideFromSLA(id, reason: "รอผลตรวจน้ำ", at: start + 300))
        try await store.importCases([imported(TrackingID.sample(seed: 7), ref: "R1")])
        try await store.saveReportTargets([ReportTargetRow(metricID: "satisfaction_pct", fiscalYear: 2569, target: 85, comparators: [
            .init(name: "กรมสรรพากร", value: 88.4, why: "หน่วยบริการประชาชนขนาดใกล้เคียงกัน"),
        ])], at: start)
        try await store.addReportRevision(ReportRevision(periodID: "2026-03", revision: 0, documentJSON: "{\"revision\":0}", reason: nil,
                                                         changesJSON: "[]", actor: "cli:test", createdAt: start))
        _ = try await store.addImprovement(ImprovementDraft(
            date: ImprovementDay("2026-03-15")!, title: "ลดขั้นตอนการรับเรื่องน้ำประปา",
            triggers: ImprovementTriggers(categories: ["water"], reasonCodes: ["slow"], metricIds: ["resolved_within_sla_pct"]),
            action: "ตั้งทีมตอบกลับภายในวันเดียว", owningUnit: "กองการประปา", learningLevel: .pdca), actor: "staff:analyst1", at: start)
        #expect(try await store.enqueueScheduledScoringCoreExport(
            month: "2026-02", OutboxMessage(kind: "scoring_core_export", channel: nil, trackingID: nil, payload: "{}", dedupeKey: "sc-2026-02"),
            at: start))
        try await store.countTrackingLookup(.page, at: start)
        try await store.setStaffEmail(username: "somchai", email: "somchai@example.go.th")
        try await store.issueLINELinkCode(username: "somchai", code: "123456", expiresAt: start + 600)
        _ = try await store.addOpen311Key(name: "fixmystreet", hash: "open311-key-hash", at: start)
        return dir
    }

    func imported(_ id: TrackingID, ref: String) -> ImportedCase {
        let intake = Intake(kind: .complaint, text: "ถนนชำรุด \(ref)", channel: .hotline, receivedAt: start - 86_400, externalRef: ref)
        let events = [CaseEvent(at: start - 86_400, actor: CaseEvent.citizen,
                                change: .received(ReceivedChange(kind: .complaint, channel: .hotline, category: "roads", segment: nil, priority: .normal)))]
        let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: "roads", receivedAt: start - 86_400, sla: nil)
        let newCase = NewCase(trackingID: id, intake: intake, events: events, outbox: [], fingerprint: "f-\(ref)", receipt: receipt)
        return ImportedCase(newCase: newCase, ref: ref, fingerprint: "line-\(ref)")
    }

    /// Every table's rows are the same values on both sides.
    func expectEqualRows(_ migration: StoreMigration, _ counts: [StoreMigration.TableCount]) async throws {
        for count in counts {
            let (source, target) = try await migration.rows(of: count.table)
            #expect(source == target, "\(count.table)")
        }
    }

    @Test func everyTableIsCopiedRowForRowAndASecondRunChangesNothing() async throws {
        let dir = try await filledStore()
        var migration = try StoreMigration(from: "sqlite:\(dir)", to: try TestPostgres.freshDatabaseURL(), cipher: .forTests)
        migration.connectTimeout = TestPostgres.connectTimeout
        let first = try await migration.run()
        #expect(first.verified)
        #expect(first.counts.count == 34)
        for count in first.counts {
            #expect(count.source > 0, "the fixture leaves \(count.table) empty")
            #expect(count.source == count.target, "\(count.table)")
        }
        try await expectEqualRows(migration, first.counts)
        let again = try await migration.run()
        #expect(again.verified)
        #expect(again.counts == first.counts)
        try await expectEqualRows(migration, again.counts)
    }

    @Test func aRunCutOffHalfWayIsFinishedByTheNextRun() async throws {
        let dir = try await filledStore()
        var migration = try StoreMigration(from: "sqlite:\(dir)", to: try TestPostgres.freshDatabaseURL(), cipher: .forTests)
        migration.connectTimeout = TestPostgres.connectTimeout
        migration.batchSize = 1
        migration.batchLimit = 20
        let cut = try await migration.run()
        #expect(!cut.complete && !cut.verified)
        let copied = cut.counts.reduce(0) { $0 + $1.target }
        #expect(copied == 20)
        migration.batchLimit = nil
        let finished = try await migration.run()
        #expect(finished.verified)
        try await expectEqualRows(migration, finished.counts)
    }

    @Test func identitySequencesGoOnPastTheCopiedIDs() async throws {
        let dir = try await filledStore()
        let url = try TestPostgres.freshDatabaseURL()
        var migration = try StoreMigration(from: "sqlite:\(dir)", to: url, cipher: .forTests)
        migration.connectTimeout = TestPostgres.connectTimeout
        #expect(try await migration.run().verified)
        let before = try await migration.rows(of: "audit_log").target
        let highest = try #require(before.compactMap { row -> Int64? in if case .integer(let id) = row[0] { id } else { nil } }.max())
        #expect(highest >= 2, "the fixture's audit lines are copied with their ids")
        // A row PostgreSQL numbers itself takes the next id, not one the copy used.
        try TestPostgres.psql(url, "INSERT INTO audit_log (at, actor, action) VALUES (1773630000, 'staff:test', 'test.after')")
        let after = try await migration.rows(of: "audit_log").target
        #expect(after.count == before.count + 1)
        #expect(after.last?.first == .integer(highest + 1))
    }

    @Test func aTargetHoldingOtherDataIsRefused() async throws {
        let dir = try await filledStore()
        let changedURL = try TestPostgres.freshDatabaseURL()
        var migration = try StoreMigration(from: "sqlite:\(dir)", to: changedURL, cipher: .forTests)
        migration.connectTimeout = TestPostgres.connectTimeout
        #expect(try await migration.run().verified)
        // The same key with another value: not an earlier run's copy.
        try TestPostgres.psql(changedURL, "UPDATE channel_state SET value = 'other' WHERE key = 'line.cursor'")
        await #expect(throws: StoreMigrationError.targetHoldsOtherData(
            "channel_state holds different rows under the same keys (or the same unique values under other keys)")) {
            _ = try await migration.run()
        }
        // A row the source does not have.
        let extraURL = try TestPostgres.freshDatabaseURL()
        var extra = try StoreMigration(from: "sqlite:\(dir)", to: extraURL, cipher: .forTests)
        extra.connectTimeout = TestPostgres.connectTimeout
        #expect(try await extra.run().verified)
        try TestPostgres.psql(extraURL, "INSERT INTO tracking_lookups (day, surface, count) VALUES ('2020-01-01', 'api', 3)")
        await #expect(throws: StoreMigrationError.targetHoldsOtherData("tracking_lookups holds 2 rows, the SQLite store 1")) {
            _ = try await extra.run()
        }
        #expect(try await extra.rows(of: "tracking_lookups").target.count == 2, "nothing was copied or removed")
    }

    @Test func badArgumentsAreRefused() async throws {
        let (_, dir) = try temporaryStore()
        let url = "postgres://siang@127.0.0.1:5432/siang"
        #expect(throws: StoreMigrationError.self) { try StoreMigration(from: dir, to: url, cipher: .forTests) }
        #expect(throws: StoreMigrationError.self) { try StoreMigration(from: "postgres://x@y/z", to: url, cipher: .forTests) }
        #expect(throws: StoreMigrationError.self) { try StoreMigration(from: "sqlite:", to: url, cipher: .forTests) }
        #expect(throws: StoreMigrationError.self) { try StoreMigration(from: "sqlite:\(dir)/missing.sqlite", to: url, cipher: .forTests) }
        #expect(throws: StoreMigrationError.self) { try StoreMigration(from: "sqlite:/tmp", to: url, cipher: .forTests) }
        #expect(throws: StoreMigrationError.self) { try StoreMigration(from: "sqlite:\(dir)", to: "mysql://siang@db/siang", cipher: .forTests) }
        #expect(throws: StoreMigrationError.self) { try StoreMigration(from: "sqlite:\(dir)", to: "sqlite:\(dir)", cipher: .forTests) }
        // A data directory means its siang.sqlite; the file itself is accepted as well.
        #expect(try StoreMigration(from: "sqlite:\(dir)", to: url, cipher: .forTests).sourcePath == dir + "/siang.sqlite")
        #expect(try StoreMigration(from: "sqlite:\(dir)/siang.sqlite", to: url, cipher: .forTests).sourcePath == dir + "/siang.sqlite")
    }
}
