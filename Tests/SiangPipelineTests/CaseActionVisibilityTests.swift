import Foundation
import Testing
import SiangCore
import SiangPipeline
import SiangStore

/// The store's queries decide what each role sees (DESIGN.md section 1), in lists, counts and search;
/// the SLA urgency index sorts and filters the queue.
@Suite struct CaseActionVisibilityTests {
    @Test func anAgentListsOnlyTheirQueuesAndTheCasesGivenToThem() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let boss = try await f.staff("boss", .supervisor)
        let admin = try await f.staff("root", .admin)
        let lamp = try await f.file("ไฟถนนดับทั้งซอย", category: "lighting")
        let waste = try await f.file("ขยะไม่มีคนมาเก็บหนึ่งสัปดาห์", category: "waste")
        let now = f.clock.now()

        let mine = try await f.store.queue(QueueQuery(scope: .all), viewer: somchai, now: now)
        #expect(mine.rows.map(\.trackingID) == [lamp])
        // Asking for another queue by name gives nothing of it.
        #expect(try await f.store.queue(QueueQuery(scope: .queue("public_health")), viewer: somchai, now: now).rows.isEmpty)
        #expect(try await f.store.staffRecord(waste, viewer: somchai) == nil)
        // Unless the case is given to them.
        _ = try await f.actions.apply(.assign(to: "somchai"), to: waste, by: admin)
        #expect(try await f.store.staffRecord(waste, viewer: somchai) != nil)
        #expect(Set(try await f.store.queue(QueueQuery(scope: .all), viewer: somchai, now: now).rows.map(\.trackingID)) == [lamp, waste])
        // The supervisor sees the queue they supervise.
        #expect(try await f.store.queue(QueueQuery(scope: .queue("engineering")), viewer: boss, now: now).rows.map(\.trackingID) == [lamp])
        #expect(Set(try await f.store.queue(QueueQuery(scope: .all), viewer: admin, now: now).rows.map(\.trackingID)) == [lamp, waste])
    }

    @Test func onlyIntegrityEverSeesACorruptionCaseInListsCountsAndSearch() async throws {
        let f = try CaseActionFixture()
        let admin = try await f.staff("root", .admin)
        let boss = try await f.staff("boss", .supervisor)
        let ana = try await f.staff("ana", .analyst)
        let honest = try await f.staff("honest", .integrity)
        let secret = "นายช่างเรียกรับเงินใต้โต๊ะสามหมื่นบาทเพื่อเซ็นตรวจรับงานถนน"
        let corrupt = try await f.file(secret, category: "corruption")
        let road = try await f.file("ถนนหน้าบ้านเป็นหลุมลึก รถล้มบ่อย", category: "road")
        let now = f.clock.now()
        let month = FiscalMonth(containing: now)

        for viewer in [admin, boss, ana] {
            #expect(try await f.store.staffRecord(corrupt, viewer: viewer) == nil)
            #expect(!(try await f.store.queue(QueueQuery(scope: .all), viewer: viewer, now: now).rows.map(\.trackingID).contains(corrupt)))
            #expect(try await f.store.queue(QueueQuery(scope: .all, text: "ใต้โต๊ะ"), viewer: viewer, now: now).rows.isEmpty)
            let d = try await f.store.dashboard(viewer: viewer, now: now, monthStart: month.start, monthEnd: month.end, oldest: 10)
            #expect(!d.openByQueue.contains { $0.queue == "integrity" }, "\(viewer.role) counts the integrity queue")
            #expect(!d.byCategory.contains { $0.category == "corruption" }, "\(viewer.role) counts corruption cases")
            #expect(!d.oldestOpen.map(\.trackingID).contains(corrupt))
        }
        // The admin and the analyst count the road case; the analyst gets no case list at all.
        let adminView = try await f.store.dashboard(viewer: admin, now: now, monthStart: month.start, monthEnd: month.end, oldest: 10)
        let analystView = try await f.store.dashboard(viewer: ana, now: now, monthStart: month.start, monthEnd: month.end, oldest: 10)
        #expect(adminView.byChannel.map(\.count) == [1] && analystView.byChannel.map(\.count) == [1])
        #expect(adminView.oldestOpen.map(\.trackingID) == [road])
        #expect(analystView.oldestOpen.isEmpty && analystView.escalations.isEmpty)
        #expect(try await f.store.queue(QueueQuery(scope: .all), viewer: ana, now: now).rows.isEmpty)

        // Integrity sees it everywhere.
        #expect(try await f.store.staffRecord(corrupt, viewer: honest) != nil)
        #expect(try await f.store.queue(QueueQuery(scope: .all, text: "ใต้โต๊ะ"), viewer: honest, now: now).rows.map(\.trackingID) == [corrupt])
        let integrityView = try await f.store.dashboard(viewer: honest, now: now, monthStart: month.start, monthEnd: month.end, oldest: 10)
        #expect(integrityView.byCategory.map(\.category) == ["corruption"])
    }

    /// The supervisors' dashboard finds escalations by time through an index of escalation events
    /// only; the other events of a case are not in it.
    @Test func theDashboardListsTheLastThirtyDaysOfEscalations() async throws {
        let f = try CaseActionFixture()
        let admin = try await f.staff("root", .admin)
        let lamp = try await f.file("ไฟถนนดับทั้งซอย", category: "lighting")
        let road = try await f.file("ถนนหน้าบ้านเป็นหลุมลึก", category: "road")
        let now = f.clock.now()
        func escalate(_ id: TrackingID, at: Date, level: String) async throws {
            try await f.store.append([CaseEvent(at: at, actor: CaseEvent.system, change: .escalated(Escalation(
                clock: "resolution", level: level, dueAt: at, queue: "engineering")))], to: id, expectedEventCount: nil, outbox: [])
        }
        try await escalate(lamp, at: now.addingTimeInterval(-3_600), level: "breached")
        try await escalate(road, at: now.addingTimeInterval(-40 * 86_400), level: "at_risk")
        let month = FiscalMonth(containing: now)
        let d = try await f.store.dashboard(viewer: admin, now: now, monthStart: month.start, monthEnd: month.end, oldest: 10)
        #expect(d.escalations.map(\.trackingID) == [lamp])
        #expect(d.escalations.first?.level == "breached")
    }

    @Test func searchFindsAThaiSubstring() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let drain = try await f.file("ท่อระบายน้ำหน้าโรงเรียนอนุบาลอุดตัน ฝนตกทีไรน้ำท่วมขัง", category: "water")
        _ = try await f.file("ไฟส่องสว่างในสวนสาธารณะดับหลายดวง", category: "lighting")
        let now = f.clock.now()
        func search(_ q: String) async throws -> [TrackingID] {
            try await f.store.queue(QueueQuery(scope: .all, text: q), viewer: somchai, now: now).rows.map(\.trackingID)
        }
        // A piece from the middle of a Thai word run: no spaces, no word boundary.
        #expect(try await search("ระบายน้ำหน้าโรง") == [drain])
        #expect(try await search("อนุบาล") == [drain])
        // Two words, both must be there; a short Thai word (two characters) still matches.
        #expect(try await search("ฝนตก ท่วม") == [drain])
        #expect(try await search("สวน ไฟ").count == 1)
        #expect(try await search("ไฟ").count == 1)
        #expect(try await search("ถนนพัง").isEmpty)
        // Quotes and operators are text, not query syntax.
        #expect(try await search("\"OR*").isEmpty)
    }

    @Test func aCommonWordIsSearchedAlongTheQueueAndARareOneThroughTheIndex() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let many = (0..<2_100).map { i in
            Intake(kind: .complaint, text: "น้ำประปาไม่ไหล หมู่ \(i)", channel: .web, receivedAt: f.clock.now(), category: "water")
        }
        _ = try await f.pipeline.submitMany(many)
        let special = try await f.file("น้ำประปาไม่ไหลที่ซอยพิเศษหลังวัด", category: "water")
        try await f.actions.indexer.refresh(limit: 5_000)
        let common = try await f.store.queue(QueueQuery(scope: .queue("engineering"), text: "ประปาไม่ไหล"), viewer: somchai, now: f.clock.now())
        #expect(common.rows.count == 50 && common.hasMore)
        #expect(common.rows.allSatisfy { $0.excerpt.contains("ประปาไม่ไหล") })
        let both = try await f.store.queue(QueueQuery(scope: .queue("engineering"), text: "ประปาไม่ไหล ซอยพิเศษ"), viewer: somchai, now: f.clock.now())
        #expect(both.rows.map(\.trackingID) == [special])
    }

    @Test func theQueueIsSortedBySLAUrgencyAndFiltersBySLAState() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let now = CaseActionFixture.monday
        // Normal priority has 15 business days: received four weeks ago (breached), 13 business days ago
        // (at risk), yesterday (on track), and one waiting for the complainant (paused).
        let old = try await f.file("ไฟดับหน้าวัด", category: "lighting", at: now.addingTimeInterval(-28 * 86_400))
        let middle = try await f.file("ไฟดับหน้าตลาด", category: "lighting", at: now.addingTimeInterval(-19 * 86_400))
        let fresh = try await f.file("ไฟดับหน้าโรงพยาบาล", category: "lighting", at: now.addingTimeInterval(-86_400))
        let paused = try await f.file("ไฟดับหน้าสถานีตำรวจ", category: "lighting", at: now.addingTimeInterval(-3 * 86_400))
        _ = try await f.actions.apply(.move(to: .inProgress), to: paused, by: somchai)
        _ = try await f.actions.apply(.askForInformation("ขอทราบตำแหน่งเสา"), to: paused, by: somchai)
        try await f.actions.indexer.refresh()

        let page = try await f.store.queue(QueueQuery(scope: .queue("engineering")), viewer: somchai, now: now)
        #expect(page.rows.map(\.trackingID) == [old, middle, fresh, paused])
        #expect(page.rows.map { $0.sla?.state(at: now) } == [.breached, .atRisk, .onTrack, .paused])
        for (state, expected) in [(SLAState.breached, old), (.atRisk, middle), (.onTrack, fresh), (.paused, paused)] {
            let filtered = try await f.store.queue(QueueQuery(scope: .queue("engineering"), sla: state), viewer: somchai, now: now)
            #expect(filtered.rows.map(\.trackingID) == [expected], "sla=\(state.rawValue)")
        }
        // Paging.
        let first = try await f.store.queue(QueueQuery(scope: .queue("engineering"), pageSize: 3), viewer: somchai, now: now)
        let second = try await f.store.queue(QueueQuery(scope: .queue("engineering"), page: 2, pageSize: 3), viewer: somchai, now: now)
        #expect(first.hasMore && !second.hasMore)
        #expect(second.rows.map(\.trackingID) == [paused])
    }

    @Test func newCasesAreIndexedOnTheNextRefresh() async throws {
        let f = try CaseActionFixture()
        let somchai = try await f.staff("somchai", .agent)
        let id = try await f.file("ไฟดับ", category: "lighting")
        #expect(try await f.store.slaIndexBacklog() == 1)
        #expect(try await f.store.queue(QueueQuery(scope: .all), viewer: somchai, now: f.clock.now()).rows.first?.sla == nil)
        #expect(try await f.actions.indexer.refresh() == 1)
        #expect(try await f.store.slaIndexBacklog() == 0)
        let entry = try #require(try await f.store.queue(QueueQuery(scope: .all), viewer: somchai, now: f.clock.now()).rows.first?.sla)
        #expect(entry.phase == .running)
        #expect(entry.resolutionDueAt == f.sla.due(receivedAt: CaseActionFixture.monday, category: "lighting", priority: .normal).resolutionDueAt)
        // A staff action keeps it current in the same transaction.
        _ = try await f.actions.apply(.note("รับทราบ"), to: id, by: somchai)
        #expect(try await f.store.slaIndexBacklog() == 0)
    }
}
