import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore
import SiangTestSupport

/// `siang import cases` (DESIGN.md 5.8): earlier cases land as if they had been worked in Siang.
@Suite struct CaseHistoryImportTests {
    static let example = """
        {"ref": "OLD-2566-000123", "kind": "complaint", "category": "water", "channel": "hotline", "segment": "business",
         "priority": "urgent", "queue": "public_health", "subject": "ท่อแตก", "text": "ท่อประปาแตกหน้าบ้าน", "receivedAt": "2023-11-02T09:15:00+07:00",
         "contact": {"name": "สมชาย ใจดี", "phone": "0812345678", "email": "somchai@example.com"}, "consent": true,
         "history": [{"status": "triaged", "at": "2023-11-02T10:00:00+07:00"},
                     {"status": "awaiting_info", "at": "2023-11-02T11:00:00+07:00", "note": "ขอเลขที่บ้าน"},
                     {"status": "in_progress", "at": "2023-11-03T09:00:00+07:00"},
                     {"status": "resolved", "at": "2023-11-06T15:00:00+07:00", "note": "ซ่อมท่อแล้ว"},
                     {"status": "closed", "at": "2023-11-20T09:00:00+07:00"}],
         "survey": {"answeredAt": "2023-11-07T10:00:00+07:00", "overall": 4, "process": 4, "trust": 5, "recommend": 4, "reasons": [], "comment": "ขอบคุณ"}}
        """.replacingOccurrences(of: "\n", with: " ")

    @Test func everyFieldLandsWhereLiveWorkPutsIt() async throws {
        let x = try HistoryImportFixture()
        let summary = try await x.run([Self.example])
        #expect(summary == CaseHistoryImporter.Summary(imported: 1, duplicates: 0, rejected: []))
        let id = try await x.id("OLD-2566-000123")
        let record = try #require(try await x.f.store.record(id))
        let s = record.state
        #expect(s.kind == .complaint && s.category == "water" && s.channel == .hotline && s.segment == .business)
        #expect(s.priority == .urgent && s.queue == "public_health" && s.status == .closed)
        #expect(record.subject == "ท่อแตก" && record.text == "ท่อประปาแตกหน้าบ้าน" && record.externalRef == "OLD-2566-000123")
        #expect(s.receivedAt == ISO8601Instant.parse("2023-11-02T09:15:00+07:00"))
        #expect(s.firstResponseAt == ISO8601Instant.parse("2023-11-02T10:00:00+07:00"))
        #expect(s.resolvedAt == ISO8601Instant.parse("2023-11-06T15:00:00+07:00"))
        #expect(try await x.f.store.contact(of: id) == Contact(name: "สมชาย ใจดี", phone: "0812345678", email: "somchai@example.com"))
        let consent: Bool? = try await x.sql("SELECT k.consent FROM case_contacts k JOIN cases c ON c.id = k.case_id WHERE c.tracking_id = ?", [id.description])
        #expect(consent == true)

        let moves = try await x.f.store.events(of: id).compactMap { e -> (String, StatusChange)? in
            if case .statusChanged(let c) = e.change { return (e.actor, c) }
            return nil
        }
        #expect(moves.map(\.1.to) == [.triaged, .awaitingInfo, .inProgress, .resolved, .closed])
        #expect(moves.allSatisfy { $0.0 == "staff:import" })
        #expect(moves[1].1.publicNote == "ขอเลขที่บ้าน" && moves[3].1.publicNote == "ซ่อมท่อแล้ว")

        let invitation = try #require(try await x.f.store.surveyInvitations(of: id).first)
        #expect(invitation.issuedAt == s.resolvedAt && invitation.answeredAt == ISO8601Instant.parse("2023-11-07T10:00:00+07:00"))
        #expect(invitation.route == .callback && invitation.channel == .hotline && invitation.queue == "public_health")
        let answer = try #require(try await x.f.store.surveyAnswer(token: invitation.token))
        #expect(answer.answer.source == "case" && answer.answer.via == "import" && answer.answer.trackingID == id)
        #expect(answer.answer.response.ratings == ["overall": 4, "process": 4, "trust": 5, "recommend": 4])
        #expect(answer.answer.response.comment == "ขอบคุณ" && answer.completedAt != nil)
        #expect(try await x.outboxRows() == 0)
        // The queue pages' SLA index is written with the case: nothing is left to catch up.
        #expect(try await x.f.store.staleSLACases(limit: 10).isEmpty)
    }

    @Test func aMissingCategoryIsClassifiedAndAMissingQueueRouted() async throws {
        let x = try HistoryImportFixture()
        let summary = try await x.run([caseLine("R1", text: "ไฟถนนดับทั้งซอย"), caseLine("R2", text: "ท่อประปาแตก", extra: #","category":"water""#)])
        #expect(summary.imported == 2)
        let live = try await x.f.state(x.f.file("ไฟถนนดับทั้งซอย", category: nil))
        let imported = try await x.f.state(x.id("R1"))
        #expect(imported.category == live.category && imported.queue == live.queue && imported.priority == live.priority)
        let water = try await x.f.state(x.f.file("ท่อประปาแตก", category: "water"))
        #expect(try await x.f.state(x.id("R2")).queue == water.queue)
    }

    @Test func trackingIDsCarryTheBuddhistYearOfReceipt() async throws {
        let x = try HistoryImportFixture()
        _ = try await x.run([caseLine("Y66", receivedAt: "2023-12-31T23:30:00+07:00"), caseLine("Y67", receivedAt: "2023-12-31T17:30:00Z")])
        #expect(try await x.id("Y66").description.hasPrefix("CMP-66"))
        #expect(try await x.id("Y67").description.hasPrefix("CMP-67"))
    }

    @Test func staffFindTheCaseByItsRef() async throws {
        let x = try HistoryImportFixture()
        _ = try await x.run([Self.example, caseLine("OLD-2566-000124")])
        let admin = try await x.f.staff("boss", .admin)
        let page = try await x.f.store.queue(QueueQuery(scope: .all, statuses: Status.allCases, text: "OLD-2566-000123"), viewer: admin, now: x.f.clock.now())
        #expect(page.rows.map(\.trackingID) == [try await x.id("OLD-2566-000123")])
        let words = try await x.f.store.queue(QueueQuery(scope: .all, statuses: Status.allCases, text: "ท่อประปาแตก"), viewer: admin, now: x.f.clock.now())
        #expect(words.rows.count == 2)
    }

    @Test func aSecondImportIsAllDuplicatesAndChangesNothing() async throws {
        let x = try HistoryImportFixture()
        let lines = [Self.example, caseLine("R2"), caseLine("R3", extra: #","history":[{"status":"rejected","at":"2023-11-03T09:00:00+07:00","note":"นอกเขตพื้นที่"}]"#)]
        #expect(try await x.run(lines).imported == 3)
        let before = try await [x.id("OLD-2566-000123"), x.id("R2"), x.id("R3")]
        let events = try await before.asyncMap { try await x.f.store.events(of: $0) }
        let again = try await x.run(lines)
        #expect(again == CaseHistoryImporter.Summary(imported: 0, duplicates: 3, rejected: []))
        #expect(try await x.f.store.caseCount() == 3)
        #expect(try await [x.id("OLD-2566-000123"), x.id("R2"), x.id("R3")] == before)
        #expect(try await before.asyncMap { try await x.f.store.events(of: $0) } == events)
        let changed = try await x.run([caseLine("R2", text: "ข้อความอื่น")])
        #expect(changed.rejected.first?.reason.hasPrefix("ref R2 was imported before") == true && changed.imported == 0)
    }

    @Test func strictWritesNothingWhenAnyLineIsBad() async throws {
        let x = try HistoryImportFixture()
        let summary = try await x.run([caseLine("S1"), caseLine("S2", kind: "praise"), caseLine("S3")], strict: true)
        #expect(summary.imported == 0 && summary.rejected.map(\.line) == [2])
        #expect(try await x.f.store.caseCount() == 0)
        let good = try await x.run([caseLine("S1"), caseLine("S3")], strict: true)
        #expect(good.imported == 2)
    }

    @Test func badLinesAreReportedByNumberAndTheRestImported() async throws {
        let x = try HistoryImportFixture()
        let long = caseLine("LONG", text: String(repeating: "ก", count: 400_000))
        let lines = [caseLine("B1"), "", "not json", "   ", "[1,2]", caseLine("B1"), caseLine("B1", text: "อีกเรื่อง"), long,
                     caseLine("B2", extra: #","history":[{"status":"resolved","at":"2023-11-01T09:00:00+07:00"}]"#),
                     caseLine("B3", extra: #","history":[{"status":"triaged","at":"2023-11-03T09:00:00+07:00"},{"status":"closed","at":"2023-11-04T09:00:00+07:00"}]"#),
                     caseLine("B4")]
        let summary = try await x.run(lines, separator: "\r\n", prefix: "\u{FEFF}", batchSize: 3)
        #expect(summary.imported == 2 && summary.duplicates == 1)
        #expect(summary.rejected.map(\.line) == [3, 5, 7, 8, 9, 10])
        #expect(summary.rejected[0].reason == "the line is not valid JSON")
        #expect(summary.rejected[2].reason == "ref B1 is also on line 1, with other content")
        #expect(summary.rejected[3].reason == "the line is longer than 1048576 bytes")
        #expect(summary.rejected[4].reason == "history[0].at 2023-11-01T09:00:00+07:00 is before receivedAt")
        #expect(summary.rejected[5].reason == "history[1]: a case cannot move from triaged to closed")
        #expect(try await x.f.store.caseCount() == 2)
    }

    @Test func aDuplicateEntryPointsToACaseImportedBeforeIt() async throws {
        let x = try HistoryImportFixture()
        let merged = #","duplicateOf":"D1","history":[{"status":"duplicate","at":"2023-11-03T09:00:00+07:00"}]"#
        let summary = try await x.run([caseLine("D2", extra: merged), caseLine("D1"), caseLine("D3", extra: merged)], batchSize: 1)
        #expect(summary.imported == 2)
        #expect(summary.rejected == [RowProblem(line: 1, reason: "duplicateOf D1 is not a case imported before this line")])
        let survivor = try await x.id("D1")
        guard case .statusChanged(let change) = try await x.f.store.events(of: x.id("D3")).last(where: { $0.change.type == "status_changed" })?.change else {
            Issue.record("no status change"); return
        }
        #expect(change.duplicateOf == survivor && change.to == .duplicate)
        // A later file may point to a case of an earlier import.
        let later = try await x.run([caseLine("D4", extra: merged)])
        #expect(later.imported == 1)
        #expect(try await x.f.state(x.id("D4")).status == .duplicate)
    }

    @Test func anImportContactsNobodyNowOrLater() async throws {
        let x = try HistoryImportFixture()
        let open = caseLine("OPEN", extra: #","category":"water","contact":{"email":"a@example.com"},"consent":true,"history":[{"status":"in_progress","at":"2023-11-03T09:00:00+07:00"}]"#)
        let unhappy = Self.example.replacingOccurrences(of: #""overall": 4, "process": 4"#, with: #""overall": 1, "process": 2"#)
            .replacingOccurrences(of: #""reasons": []"#, with: #""reasons": ["delay"]"#).replacingOccurrences(of: "OLD-2566-000123", with: "UNHAPPY")
        let summary = try await x.run([open, unhappy, caseLine("REF", extra: #","referredTo":"การประปา","history":[{"status":"referred","at":"2023-11-03T09:00:00+07:00"}]"#)])
        #expect(summary.imported == 3)
        #expect(try await x.outboxRows() == 0)
        // The open case carries the escalations the ticker would have raised, so it raises none now.
        let raised = try await x.f.store.events(of: x.id("OPEN")).compactMap { e -> String? in
            if case .escalated(let esc) = e.change { return "\(esc.clock)/\(esc.level)" }
            return nil
        }
        #expect(Set(raised) == ["resolution/at_risk", "resolution/breached", "first_response/at_risk"])
        let later = x.f.clock.now().addingTimeInterval(86_400 * 365)
        #expect(try await x.f.store.casesDueForSLACheck(now: later, limit: 10) == [try await x.id("OPEN")])
        let ticker = EscalationTicker(store: x.f.store, sla: x.f.sla, configuration: x.f.configuration)
        #expect(try await ticker.tick(now: x.f.clock.now()).isEmpty)
        #expect(try await x.outboxRows() == 0)
        // Closed cases were never scheduled; the open one, looked at, has nothing left to raise.
        #expect(try await x.f.store.casesDueForSLACheck(now: later, limit: 10) == [])
        #expect(try await x.f.store.events(of: x.id("UNHAPPY")).contains { e in
            if case .internalNote(let n) = e.change { return n.contains("1") && e.at == ISO8601Instant.parse("2023-11-07T10:00:00+07:00") }
            return false
        })
    }

    @Test func aCaseWithoutASurveyHasNoInvitation() async throws {
        let x = try HistoryImportFixture()
        let summary = try await x.run([caseLine("N1", extra: #","history":[{"status":"in_progress","at":"2023-11-02T10:00:00+07:00"},{"status":"resolved","at":"2023-11-03T09:00:00+07:00","note":"เสร็จ"}]"#)])
        #expect(summary.imported == 1)
        #expect(try await x.f.state(x.id("N1")).status == .resolved)
        #expect(try await x.f.store.surveyInvitations(of: x.id("N1")).isEmpty)
    }
}

extension Array {
    func asyncMap<T>(_ body: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await body(e)) }
        return out
    }
}
