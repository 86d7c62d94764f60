import Foundation
import Testing
import SiangCore
import SiangPipeline
import SiangStore

/// Every staff action: the events it writes, the notices the complainant gets, and what is refused.
@Suite struct CaseActionTests {
    let lamp = "ไฟถนนหน้าซอยวัดใหม่ดับมาสามคืนแล้ว มืดมาก"

    @Test func anAgentTakesACaseButOnlyASupervisorGivesItToSomeoneElse() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let boss = try await f.staff("boss", .supervisor)
        try await f.staff("malee", .agent)
        let id = try await f.file(lamp, category: "lighting")

        let taken = try await f.actions.apply(.assign(to: "somchai"), to: id, by: somchai)
        #expect(taken.events.map(\.change) == [.assigned("somchai")])
        #expect(try await f.lastEvent(id).actor == "staff:somchai")
        #expect(try await f.state(id).assignee == "somchai")

        await #expect(throws: CaseActionError.self) { try await f.actions.apply(.assign(to: "malee"), to: id, by: somchai) }
        do {
            _ = try await f.actions.apply(.assign(to: "malee"), to: id, by: somchai)
        } catch {
            guard case .forbidden = error else { Issue.record("expected forbidden, got \(error)"); return }
        }
        _ = try await f.actions.apply(.assign(to: "malee"), to: id, by: boss)
        #expect(try await f.state(id).assignee == "malee")
        // Someone who is not a user cannot be given a case.
        await #expect(throws: CaseActionError.invalid([FieldError("assignee", .unknown, th: "ไม่มีผู้ใช้ชื่อ “ghost” ในระบบ", en: "No active user named \"ghost\".")])) {
            try await f.actions.apply(.assign(to: "ghost"), to: id, by: boss)
        }
        // Assignment is internal: the complainant is not told.
        #expect(try await f.notices(id).isEmpty)
    }

    @Test func reclassifyingReRoutesTheCaseAndTeachesTheClassifier() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let malee = try await f.staff("malee", .agent)
        let text = "มีคนนำขยะมากองทิ้งไว้ข้างเสาไฟฟ้าหน้าตลาดสดทุกคืน"
        let id = try await f.file(text, category: "lighting")
        #expect(try await f.state(id).queue == "engineering")

        let outcome = try await f.actions.apply(.reclassify("waste"), to: id, by: somchai)
        #expect(outcome.events.map(\.change) == [.categorized(CategoryChange(category: "waste", confidence: nil)), .queueChanged("public_health")])
        #expect(try await f.state(id).queue == "public_health")
        // The case left somchai's queue for malee's.
        #expect(try await f.store.staffRecord(id, viewer: somchai) == nil)
        #expect(try await f.store.staffRecord(id, viewer: malee) != nil)
        // The classifier learned the corrected category from the case's text.
        #expect(f.classifier.classify(subject: nil, text: text).category == "waste")
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(.reclassify("aliens"), to: id, by: malee) }
    }

    @Test func reclassifyingAsCorruptionHandsTheCaseToIntegrityAlone() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let admin = try await f.staff("root", .admin)
        let honest = try await f.staff("honest", .integrity)
        let boss = try await f.staff("boss", .supervisor)
        let id = try await f.file("ช่างที่มาซ่อมไฟถนนขอเงินค่าดำเนินการเพิ่มสองพันบาท", category: "lighting")
        // The agent may not hand it over (no supervisor would see it again); their supervisor does.
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(.reclassify("corruption"), to: id, by: somchai) }
        #expect(try await f.state(id).queue != "integrity")
        _ = try await f.actions.apply(.reclassify("corruption"), to: id, by: boss)
        #expect(try await f.state(id).queue == "integrity")
        #expect(try await f.store.staffRecord(id, viewer: somchai) == nil)
        #expect(try await f.store.staffRecord(id, viewer: admin) == nil)
        #expect(try await f.store.staffRecord(id, viewer: honest) != nil)
        await #expect(throws: CaseActionError.notFound) { try await f.actions.apply(.note("ตรวจสอบ"), to: id, by: admin) }
    }

    @Test func raisingThePriorityBringsTheDueTimeForward() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting")
        let before = try #require(f.actions.indexer.entry(events: try await f.store.events(of: id))?.resolutionDueAt)
        let outcome = try await f.actions.apply(.changePriority(.urgent), to: id, by: somchai)
        #expect(outcome.events.map(\.change) == [.priorityChanged(.urgent)])
        let page = try await f.store.queue(QueueQuery(scope: .queue("engineering")), viewer: somchai, now: f.clock.now())
        let after = try #require(page.rows.first?.sla?.resolutionDueAt)
        // Three business days instead of fifteen, from Monday 09:00.
        #expect(after < before)
        #expect(after == f.sla.calendar.adding(businessMinutes: 3 * 480, to: CaseActionFixture.monday))
    }

    @Test func aCaseMovedToAnotherQueueByHandIsRecorded() async throws {
        let f = try CaseActionFixture()
        let boss = try await f.staff("boss", .supervisor)
        let id = try await f.file(lamp, category: "lighting")
        let outcome = try await f.actions.apply(.moveQueue("disaster"), to: id, by: boss)
        #expect(outcome.events.map(\.change) == [.queueChanged("disaster")])
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(.moveQueue("nowhere"), to: try await f.file(lamp, category: "lighting"), by: boss) }
    }

    @Test func illegalStatusMovesAreRefusedWithTheReason() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting")
        // received -> resolved skips the work.
        await #expect(throws: CaseActionError.transition(.notAllowed(from: .received, to: .resolved))) {
            try await f.actions.apply(.resolve("ซ่อมแล้ว"), to: id, by: somchai)
        }
        await #expect(throws: CaseActionError.transition(.unchanged(.received))) {
            try await f.actions.apply(.move(to: .received), to: id, by: somchai)
        }
        #expect(try await f.state(id).status == .received)
        #expect(try await f.store.events(of: id).count == 2, "nothing was written")
        // Reopening a resolved case is the complainant's right.
        _ = try await f.actions.apply(.move(to: .inProgress), to: id, by: somchai)
        _ = try await f.actions.apply(.resolve("เปลี่ยนหลอดไฟแล้ว"), to: id, by: somchai)
        await #expect(throws: CaseActionError.transition(.reopenIsForComplainant)) {
            try await f.actions.apply(.move(to: .inProgress), to: id, by: somchai)
        }
        #expect(CaseActionError.transition(.notAllowed(from: .received, to: .resolved)).description == "a case cannot move from received to resolved")
        #expect(CaseActionService.offeredStatuses(from: try await f.state(id), now: f.clock.now()) == [.closed])
    }

    @Test func aPublicReplyReachesTheComplainantByEmailAndOnTheTrackingPage() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting", contact: Contact(name: "สมศรี", email: "somsri@example.org"))
        let reply = "เจ้าหน้าที่กองช่างจะเข้าตรวจสอบภายในวันพรุ่งนี้"
        let outcome = try await f.actions.apply(.reply(reply), to: id, by: somchai)
        #expect(outcome.events.map(\.change) == [.publicReply(reply)])
        let notices = try await f.notices(id)
        #expect(notices.count == 1)
        #expect(notices.first?.kind == "public_reply" && notices.first?.channel == .email)
        #expect(notices.first?.noticeText?.contains(reply) == true)
        #expect(notices.first?.noticeText?.contains("https://voice.example.go.th/track/\(id)") == true)
        let view = try #require(PublicCaseView(trackingID: id, events: try await f.store.events(of: id)))
        #expect(view.timeline.last?.note == reply)
        // The first thing the complainant sees from staff answers the first-response clock.
        #expect(try await f.state(id).firstResponseAt == f.clock.now())
    }

    @Test func anInternalNoteTellsTheComplainantNothing() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting", contact: Contact(email: "somsri@example.org"))
        let outcome = try await f.actions.apply(.note("โทรประสานการไฟฟ้าแล้ว รอคิวรถกระเช้า"), to: id, by: somchai)
        #expect(outcome.events.map(\.change) == [.internalNote("โทรประสานการไฟฟ้าแล้ว รอคิวรถกระเช้า")])
        #expect(try await f.notices(id).isEmpty)
        let view = try #require(PublicCaseView(trackingID: id, events: try await f.store.events(of: id)))
        #expect(!view.timeline.contains { $0.note?.contains("รถกระเช้า") == true })
    }

    @Test func askingForInformationPausesTheClockAndAsksTheComplainant() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting", contact: Contact(email: "somsri@example.org"))
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(CaseChangeRequest(status: .awaitingInfo), to: id, by: somchai) }
        _ = try await f.actions.apply(.move(to: .inProgress), to: id, by: somchai)
        let question = "ขอทราบเลขเสาไฟฟ้าที่ดับ"
        let outcome = try await f.actions.apply(.askForInformation(question), to: id, by: somchai)
        #expect(outcome.events.map(\.change) == [.statusChanged(StatusChange(from: .inProgress, to: .awaitingInfo, publicNote: question))])
        let page = try await f.store.queue(QueueQuery(scope: .queue("engineering")), viewer: somchai, now: f.clock.now())
        #expect(page.rows.first?.sla?.phase == .paused)
        #expect(page.rows.first?.sla?.state(at: f.clock.now().addingTimeInterval(86_400 * 60)) == .paused)
        let notices = try await f.notices(id)
        #expect(notices.map(\.kind) == ["status_notice", "status_notice"])
        #expect(notices.last?.noticeText?.contains(question) == true)
    }

    @Test func resolvingNeedsANoteAndTellsTheComplainant() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting", contact: Contact(email: "somsri@example.org"))
        _ = try await f.actions.apply(.move(to: .inProgress), to: id, by: somchai)
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(CaseChangeRequest(status: .resolved), to: id, by: somchai) }
        f.clock.advance(3600)
        let note = "เปลี่ยนหลอดไฟ LED ใหม่ 3 ดวงเรียบร้อยแล้ว"
        let outcome = try await f.actions.apply(.resolve(note), to: id, by: somchai)
        #expect(outcome.events.first?.change == .statusChanged(StatusChange(from: .inProgress, to: .resolved, publicNote: note)))
        #expect(outcome.state.status == .resolved)
        let notice = try #require(try await f.notices(id).last)
        #expect(notice.kind == "status_notice" && notice.channel == .email)
        #expect(notice.noticeText?.contains("ดำเนินการแล้วเสร็จ") == true && notice.noticeText?.contains(note) == true)
        let page = try await f.store.queue(QueueQuery(scope: .queue("engineering"), statuses: [.resolved]), viewer: somchai, now: f.clock.now())
        #expect(page.rows.first?.sla?.settledState == .met)
    }

    @Test func referringNeedsTheOtherAgencyAndItsReference() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file("ไฟฟ้าแรงสูงหน้าหมู่บ้านดับทั้งแถบ", category: "lighting", contact: Contact(email: "a@example.org"))
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(CaseChangeRequest(status: .referred), to: id, by: somchai) }
        let agency = "การไฟฟ้าส่วนภูมิภาคอำเภอเมือง (เลขที่อ้างอิง กฟภ. 123/2569)"
        let outcome = try await f.actions.apply(.refer(to: agency), to: id, by: somchai)
        guard case .statusChanged(let change)? = outcome.events.first?.change else { Issue.record("no status change"); return }
        #expect(change.to == .referred && change.referredTo == agency)
        #expect(change.publicNote?.contains(agency) == true, "the tracking page says where the case went")
        #expect(try await f.notices(id).last?.noticeText?.contains(agency) == true)
    }

    @Test func rejectingNeedsAReason() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting")
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(CaseChangeRequest(status: .rejected), to: id, by: somchai) }
        let reason = "เป็นถนนส่วนบุคคล อยู่นอกอำนาจหน้าที่ของเทศบาล"
        let outcome = try await f.actions.apply(.reject(reason: reason), to: id, by: somchai)
        #expect(outcome.events.map(\.change) == [.statusChanged(StatusChange(from: .received, to: .rejected, publicNote: reason, reason: reason))])
        #expect(PublicCaseView(trackingID: id, events: try await f.store.events(of: id))?.timeline.last?.note == reason)
    }

    @Test func mergingPointsToTheSurvivingCase() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let first = try await f.file(lamp, category: "lighting")
        let second = try await f.file(lamp + " (แจ้งซ้ำ)", category: "lighting")
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(.mergeDuplicate(of: second), to: second, by: somchai) }
        let outcome = try await f.actions.apply(.mergeDuplicate(of: first), to: second, by: somchai)
        guard case .statusChanged(let change)? = outcome.events.first?.change else { Issue.record("no status change"); return }
        #expect(change.to == .duplicate && change.duplicateOf == first)
        #expect(change.publicNote?.contains(first.description) == true)
        // A case cannot be merged into a case nobody here can see.
        let corrupt = try await f.file("เจ้าหน้าที่เรียกรับเงินใต้โต๊ะ", category: "corruption")
        let third = try await f.file(lamp, category: "lighting")
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(.mergeDuplicate(of: corrupt), to: third, by: somchai) }
    }

    @Test func aChangeOnAStaleViewIsRefused() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let boss = try await f.staff("boss", .supervisor)
        let id = try await f.file(lamp, category: "lighting")
        let seen = try #require(try await f.store.record(id)).eventCount
        _ = try await f.actions.apply(.note("ตรวจแล้ว"), to: id, by: boss, expectedEventCount: seen)
        await #expect(throws: CaseActionError.conflict) {
            try await f.actions.apply(.move(to: .inProgress), to: id, by: somchai, expectedEventCount: seen)
        }
        #expect(try await f.state(id).status == .received)
    }

    @Test func lineCasesGetANoticeRowForTheLINEDeliverer() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting", channel: .line, contact: Contact(lineUserID: "U4af4980629"))
        _ = try await f.actions.apply(.move(to: .inProgress, publicNote: "รับเรื่องไว้แล้ว กำลังประสานช่างไฟฟ้า"), to: id, by: somchai)
        _ = try await f.actions.apply(.reply("ช่างจะเข้าพื้นที่บ่ายวันนี้"), to: id, by: somchai)
        let notices = try await f.notices(id)
        #expect(notices.map(\.kind) == ["status_notice", "public_reply"])
        #expect(notices.allSatisfy { $0.channel == .line })
        let first = try #require(notices.first)
        let payload = try #require(try JSONSerialization.jsonObject(with: Data(first.payload.utf8)) as? [String: Any])
        #expect(Set(payload.keys) == ["text"])
        #expect((payload["text"] as? String)?.contains("อยู่ระหว่างดำเนินการ") == true)
        // The dispatcher sees them (unlike call-backs).
        let due = try await f.store.dueOutbox(now: f.clock.now().addingTimeInterval(60), limit: 100).map(\.message.dedupeKey)
        #expect(notices.allSatisfy { due.contains($0.dedupeKey) })
    }

    @Test func hotlineNoticesWaitOnTheCallbackList() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file(lamp, category: "lighting", channel: .hotline, contact: Contact(name: "ป้าสมใจ", phone: "0812345678"))
        _ = try await f.actions.apply(.reply("ช่างจะเข้าไปซ่อมพรุ่งนี้เช้า"), to: id, by: somchai)
        let notices = try await f.notices(id)
        #expect(notices.map(\.channel) == [.hotline])
        // Not for the dispatcher: a person calls.
        let due = try await f.store.dueOutbox(now: f.clock.now().addingTimeInterval(86_400 * 365), limit: 100).map(\.message.dedupeKey)
        #expect(!due.contains(try #require(notices.first).dedupeKey))
        let callbacks = try await f.store.callbacks(viewer: somchai, limit: 50)
        #expect(callbacks.map(\.trackingID) == [id])
        #expect(callbacks.first?.phone == "0812345678" && callbacks.first?.text.contains("ช่างจะเข้าไปซ่อมพรุ่งนี้เช้า") == true)
        let malee = try await f.staff("malee", .agent)
        #expect(try await f.store.callbacks(viewer: malee, limit: 50).isEmpty, "another queue's call-backs are not listed")
        #expect(try await f.store.completeCallback(outboxID: try #require(callbacks.first).outboxID, viewer: malee, at: f.clock.now()) == false)
        #expect(try await f.store.completeCallback(outboxID: try #require(callbacks.first).outboxID, viewer: somchai, at: f.clock.now()))
        #expect(try await f.store.callbacks(viewer: somchai, limit: 50).isEmpty)
    }

    @Test func anAnalystCannotActOnCases() async throws {
        let f = try CaseActionFixture()
        let ana = try await f.staff("ana", .analyst)
        let id = try await f.file(lamp, category: "lighting")
        await #expect(throws: CaseActionError.self) { try await f.actions.apply(.note("ดูเฉย ๆ"), to: id, by: ana) }
        #expect(try await f.store.staffRecord(id, viewer: ana) == nil)
    }
}
