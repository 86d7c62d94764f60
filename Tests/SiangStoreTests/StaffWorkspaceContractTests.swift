import Foundation
import SiangCore
import SiangPipeline
@testable import SiangStore
import Testing

/// The staff workspace on both stores, on four cases whose figures are worked out by hand:
///
/// | case | queue         | assignee | category   | received  | SLA (resolution)            |
/// |------|---------------|----------|------------|-----------|-----------------------------|
/// | A    | engineering   | –        | lighting   | now − 3 d | due now + 1 h, risk now + 30 min: on track |
/// | B    | public_health | somchai  | water      | now − 2 d | due now − 1 min: breached   |
/// | C    | integrity     | –        | corruption | now − 1 d | none                        |
/// | D    | engineering   | –        | lighting   | now − 1 h | due now + 10 min, risk now − 1 min: at risk |
///
/// Urgency order (phase, due): B, D, A; C has no entry yet and sorts last.
@Suite struct StaffWorkspaceContractTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    struct Fixture {
        let store: any AgencyStore
        let a, b, c, d: TrackingID
    }

    static let somchai = StaffViewer(username: "somchai", role: .agent, memberQueues: ["engineering"], supervisedQueues: [],
                                     restrictedCategories: ["corruption"], integrityQueue: "integrity")
    static let honest = StaffViewer(username: "honest", role: .integrity, memberQueues: ["integrity"], supervisedQueues: ["integrity"],
                                    restrictedCategories: ["corruption"], integrityQueue: "integrity")
    static let admin = StaffViewer(username: "root", role: .admin, memberQueues: [], supervisedQueues: [],
                                   restrictedCategories: ["corruption"], integrityQueue: "integrity")
    static let analyst = StaffViewer(username: "numbers", role: .analyst, memberQueues: [], supervisedQueues: [],
                                     restrictedCategories: ["corruption"], integrityQueue: "integrity")

    static func entry(due: TimeInterval, risk: TimeInterval) -> SLAIndexEntry {
        SLAIndexEntry(phase: .running, resolutionDueAt: now.addingTimeInterval(due), atRiskAt: now.addingTimeInterval(risk),
                      firstResponseDueAt: nil, settledState: nil)
    }

    static func fixture(_ kind: StoreKind) async throws -> Fixture {
        let store = try await freshStore(kind)
        let pipeline = IntakePipeline(store: store, configuration: try SiangConfiguration.defaults(), clock: FixedClock(instant: now))
        var ids: [TrackingID] = []
        let intakes: [(String, String, TimeInterval)] = [
            ("ไฟถนนดับหน้าบ้านเลขที่ 12", "lighting", -3 * 86_400),
            ("น้ำประปาไม่ไหลทั้งซอย", "water", -2 * 86_400),
            ("เจ้าหน้าที่เรียกรับเงินใต้โต๊ะ", "corruption", -86_400),
            ("Streetlight_broken 100% on Soi Ruamjai", "lighting", -3600),
        ]
        for (n, (text, category, age)) in intakes.enumerated() {
            let intake = Intake(text: text, channel: .web, channelMessageKey: "idem:w\(n)", receivedAt: now.addingTimeInterval(age), category: category)
            guard case .created(let receipt) = try await pipeline.submit(intake) else { throw StoreError.notFound }
            ids.append(receipt.trackingId)
        }
        let plan: [(String, String?, SLAIndexEntry?)] = [
            ("engineering", nil, entry(due: 3600, risk: 1800)),
            ("public_health", "somchai", entry(due: -60, risk: -3600)),
            ("integrity", nil, nil),
            ("engineering", nil, entry(due: 600, risk: -60)),
        ]
        for (id, (queue, assignee, sla)) in zip(ids, plan) {
            let count = try #require(try await store.record(id)).eventCount
            var events = [CaseEvent(at: now, actor: "staff:root", change: .queueChanged(queue))]
            if let assignee { events.append(CaseEvent(at: now, actor: "staff:root", change: .assigned(assignee))) }
            try await store.applyStaffChange(events, to: id, expectedEventCount: count, outbox: [], sla: sla)
        }
        return Fixture(store: store, a: ids[0], b: ids[1], c: ids[2], d: ids[3])
    }

    static func ids(_ page: QueuePage) -> [TrackingID] { page.rows.map(\.trackingID) }

    @Test(arguments: StoreKind.allCases) func eachRoleSeesItsCasesInUrgencyOrder(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        let all = QueueQuery(scope: .all)
        #expect(Self.ids(try await f.store.queue(all, viewer: Self.somchai, now: Self.now)) == [f.b, f.d, f.a])
        #expect(Self.ids(try await f.store.queue(all, viewer: Self.admin, now: Self.now)) == [f.b, f.d, f.a], "never the restricted case")
        #expect(Self.ids(try await f.store.queue(all, viewer: Self.honest, now: Self.now)) == [f.c])
        #expect(Self.ids(try await f.store.queue(all, viewer: Self.analyst, now: Self.now)) == [])
        let rowD = try #require(try await f.store.queue(all, viewer: Self.somchai, now: Self.now).rows.dropFirst().first)
        #expect(rowD.queue == "engineering" && rowD.category == "lighting" && rowD.sla == Self.entry(due: 600, risk: -60))
        #expect(rowD.excerpt == "Streetlight_broken 100% on Soi Ruamjai" && rowD.receivedAt == Self.now.addingTimeInterval(-3600))

        #expect(try await f.store.staffRecord(f.a, viewer: Self.somchai)?.state.queue == "engineering")
        #expect(try await f.store.staffRecord(f.c, viewer: Self.somchai) == nil, "restricted")
        #expect(try await f.store.staffRecord(f.c, viewer: Self.honest)?.state.category == "corruption")
        #expect(try await f.store.staffRecord(f.a, viewer: Self.analyst) == nil)
        #expect(try await f.store.staffRecord(TrackingID.sample(seed: 1), viewer: Self.admin) == nil)
    }

    /// An agency that restricts no category: the integrity queue's case is still the integrity team's, and
    /// every other case shows as usual (an empty list of restricted categories must not hide them all).
    @Test(arguments: StoreKind.allCases) func anAgencyWithNoRestrictedCategoryStillSeesItsCases(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        func open(_ viewer: StaffViewer) -> StaffViewer {
            StaffViewer(username: viewer.username, role: viewer.role, memberQueues: viewer.memberQueues, supervisedQueues: viewer.supervisedQueues,
                        restrictedCategories: [], integrityQueue: viewer.integrityQueue)
        }
        let all = QueueQuery(scope: .all)
        #expect(Self.ids(try await f.store.queue(all, viewer: open(Self.admin), now: Self.now)) == [f.b, f.d, f.a])
        #expect(Self.ids(try await f.store.queue(all, viewer: open(Self.somchai), now: Self.now)) == [f.b, f.d, f.a])
        #expect(Self.ids(try await f.store.queue(all, viewer: open(Self.honest), now: Self.now)) == [f.c])
        #expect(try await f.store.staffRecord(f.a, viewer: open(Self.admin))?.state.queue == "engineering")
        #expect(try await f.store.staffRecord(f.c, viewer: open(Self.admin)) == nil, "the integrity queue stays closed")
    }

    @Test(arguments: StoreKind.allCases) func filtersSlaStatesAndPages(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        func ids(_ q: QueueQuery) async throws -> [TrackingID] { Self.ids(try await f.store.queue(q, viewer: Self.admin, now: Self.now)) }
        #expect(try await ids(QueueQuery(scope: .queue("engineering"))) == [f.d, f.a])
        #expect(try await ids(QueueQuery(scope: .assignedTo("somchai"))) == [f.b])
        #expect(try await ids(QueueQuery(scope: .all, assignee: "")) == [f.d, f.a], "unassigned")
        #expect(try await ids(QueueQuery(scope: .all, category: "water")) == [f.b])
        #expect(try await ids(QueueQuery(scope: .all, channel: .line)) == [])
        #expect(try await ids(QueueQuery(scope: .all, sla: .breached)) == [f.b])
        #expect(try await ids(QueueQuery(scope: .all, sla: .atRisk)) == [f.d])
        #expect(try await ids(QueueQuery(scope: .all, sla: .onTrack)) == [f.a])
        #expect(try await ids(QueueQuery(scope: .all, receivedFrom: Self.now.addingTimeInterval(-2 * 86_400))) == [f.b, f.d])
        #expect(try await ids(QueueQuery(scope: .all, receivedBefore: Self.now.addingTimeInterval(-2 * 86_400))) == [f.a])
        #expect(try await ids(QueueQuery(scope: .all, statuses: [.closed])) == [])
        let first = try await f.store.queue(QueueQuery(scope: .all, page: 1, pageSize: 2), viewer: Self.admin, now: Self.now)
        let second = try await f.store.queue(QueueQuery(scope: .all, page: 2, pageSize: 2), viewer: Self.admin, now: Self.now)
        #expect(Self.ids(first) == [f.b, f.d] && first.hasMore)
        #expect(Self.ids(second) == [f.a] && !second.hasMore)
    }

    /// The default view is the open cases; naming every status lists the closed ones too, after the
    /// open ones (a stopped clock sorts after running ones), and the open statuses named in any order
    /// are the default view.
    @Test(arguments: StoreKind.allCases) func theDefaultViewIsTheOpenCasesAndEveryStatusAddsTheClosed(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        let count = try #require(try await f.store.record(f.a)).eventCount
        let stopped = SLAIndexEntry(phase: .stopped, resolutionDueAt: Self.now.addingTimeInterval(3600), atRiskAt: nil,
                                    firstResponseDueAt: nil, settledState: .met)
        try await f.store.applyStaffChange([CaseEvent(at: Self.now, actor: "staff:root", change: .statusChanged(StatusChange(from: .received, to: .closed)))],
                                           to: f.a, expectedEventCount: count, outbox: [], sla: stopped)
        func ids(_ q: QueueQuery) async throws -> [TrackingID] { Self.ids(try await f.store.queue(q, viewer: Self.admin, now: Self.now)) }
        #expect(try await ids(QueueQuery(scope: .all)) == [f.b, f.d])
        #expect(try await ids(QueueQuery(scope: .all, statuses: [.awaitingInfo, .inProgress, .triaged, .received])) == [f.b, f.d])
        #expect(try await ids(QueueQuery(scope: .all, statuses: Status.allCases)) == [f.b, f.d, f.a])
        #expect(try await ids(QueueQuery(scope: .all, statuses: [.closed, .resolved])) == [f.a])
        #expect(try await ids(QueueQuery(scope: .all, category: "lighting")) == [f.d])
        #expect(try await ids(QueueQuery(scope: .all, text: "Streetlight_broken")) == [f.d])
        #expect(try await ids(QueueQuery(scope: .queue("engineering"))) == [f.d])
    }

    @Test(arguments: StoreKind.allCases) func searchFindsThaiSubstringsShortWordsAndLiteralWildcards(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        func found(_ text: String, _ viewer: StaffViewer = StaffWorkspaceContractTests.admin) async throws -> [TrackingID] {
            Self.ids(try await f.store.queue(QueueQuery(scope: .all, text: text), viewer: viewer, now: Self.now))
        }
        #expect(try await found("ถนนดับ") == [f.a], "a Thai substring inside a word")
        #expect(try await found("ไฟ") == [f.a], "two Thai characters")
        #expect(try await found("ประปา ซอย") == [f.b], "every word")
        #expect(try await found("ไฟ ซอย") == [])
        #expect(try await found("streetLIGHT") == [f.d], "case-insensitive")
        #expect(try await found("_broken") == [f.d])
        #expect(try await found("t_b") == [f.d], "an underscore is itself, not any character")
        #expect(try await found("0%") == [f.d], "a percent sign is itself")
        #expect(try await found("%") == [f.d])
        #expect(try await found("เรียกรับ") == [], "the restricted case stays hidden")
        #expect(try await found("เรียกรับ", Self.honest) == [f.c])
    }

    @Test(arguments: StoreKind.allCases) func staffChangesRefuseStaleCountsAndUnknownCases(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        let count = try #require(try await f.store.record(f.a)).eventCount
        let note = [CaseEvent(at: Self.now, actor: "staff:somchai", change: .internalNote("โทรแจ้งผู้ร้องแล้ว"))]
        await #expect(throws: StoreError.concurrentChange) {
            try await f.store.applyStaffChange(note, to: f.a, expectedEventCount: count - 1, outbox: [], sla: nil)
        }
        await #expect(throws: StoreError.notFound) {
            try await f.store.applyStaffChange(note, to: TrackingID.sample(seed: 2), expectedEventCount: 1, outbox: [], sla: nil)
        }
        #expect(try await f.store.record(f.a)?.eventCount == count, "nothing written")
        try await f.store.applyStaffChange(note, to: f.a, expectedEventCount: count, outbox: [], sla: Self.entry(due: 3600, risk: 1800))
        #expect(try await f.store.record(f.a)?.eventCount == count + 1)
        #expect(try await f.store.slaIndexBacklog() == 1, "only C has no current entry")
    }

    @Test(arguments: StoreKind.allCases) func theSLAIndexIsStaleUntilWrittenForTheCurrentCount(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        let stale = try await f.store.staleSLACases(limit: 10)
        let countC = try #require(try await f.store.record(f.c)).eventCount
        #expect(stale.map(\.trackingID) == [f.c] && stale.first?.eventCount == countC && stale.first?.events.count == countC)
        try await f.store.updateSLAIndex([SLAIndexUpdate(trackingID: f.c, eventCount: countC - 1, entry: nil)])
        #expect(try await f.store.slaIndexBacklog() == 1, "written for an older count: still stale")
        try await f.store.updateSLAIndex([SLAIndexUpdate(trackingID: f.c, eventCount: countC, entry: Self.entry(due: 60, risk: 30)),
                                          SLAIndexUpdate(trackingID: TrackingID.sample(seed: 3), eventCount: 1, entry: nil)])
        #expect(try await f.store.slaIndexBacklog() == 0)
        #expect(try await f.store.staleSLACases(limit: 10).isEmpty)
        #expect(Self.ids(try await f.store.queue(QueueQuery(scope: .all), viewer: Self.honest, now: Self.now)) == [f.c])
    }

    @Test(arguments: StoreKind.allCases) func dashboardFiguresOverWhatTheViewerMaySee(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        let monthStart = Self.now.addingTimeInterval(-10 * 86_400), monthEnd = Self.now.addingTimeInterval(20 * 86_400)
        let board = try await f.store.dashboard(viewer: Self.admin, now: Self.now, monthStart: monthStart, monthEnd: monthEnd, oldest: 2)
        #expect(board.openByQueue == [StaffDashboard.QueueLoad(queue: "engineering", onTrack: 1, atRisk: 1, breached: 0, paused: 0),
                                      StaffDashboard.QueueLoad(queue: "public_health", onTrack: 0, atRisk: 0, breached: 1, paused: 0)])
        #expect(board.breachesThisMonth == 1, "B fell due a minute ago")
        #expect(board.oldestOpen.map(\.trackingID) == [f.a, f.b])
        #expect(board.byChannel.map { "\($0.channel.rawValue)=\($0.count)" } == ["web=3"])
        #expect(board.byCategory.map { "\($0.category ?? "-")=\($0.count)" } == ["lighting=2", "water=1"])
        #expect(board.escalations.isEmpty)
        let analyst = try await f.store.dashboard(viewer: Self.analyst, now: Self.now, monthStart: monthStart, monthEnd: monthEnd, oldest: 2)
        #expect(analyst.openByQueue == board.openByQueue && analyst.breachesThisMonth == 1, "the same aggregates")
        #expect(analyst.oldestOpen.isEmpty, "but no case")
        let honest = try await f.store.dashboard(viewer: Self.honest, now: Self.now, monthStart: monthStart, monthEnd: monthEnd, oldest: 2)
        #expect(honest.openByQueue.isEmpty && honest.oldestOpen.map(\.trackingID) == [f.c])
        #expect(honest.byCategory.map { "\($0.category ?? "-")=\($0.count)" } == ["corruption=1"])
    }

    @Test(arguments: StoreKind.allCases) func callbacksAreListedForWhoMaySeeTheCaseAndCompletedOnce(_ kind: StoreKind) async throws {
        let f = try await Self.fixture(kind)
        let count = try #require(try await f.store.record(f.a)).eventCount
        let notice = OutboxMessage(kind: "status_notice", channel: .phone, trackingID: f.a, payload: #"{"text":"ซ่อมไฟแล้วครับ"}"#,
                                   dedupeKey: "callback:a")
        let email = OutboxMessage(kind: "status_notice", channel: .email, trackingID: f.a, payload: #"{"text":"x"}"#, dedupeKey: "email:a")
        let reply = [CaseEvent(at: Self.now, actor: "staff:somchai", change: .publicReply("ซ่อมไฟแล้วครับ"))]
        try await f.store.applyStaffChange(reply, to: f.a, expectedEventCount: count, outbox: [notice, email], sla: nil)
        let list = try await f.store.callbacks(viewer: Self.somchai, limit: 10)
        #expect(list.map(\.trackingID) == [f.a] && list.first?.text == "ซ่อมไฟแล้วครับ" && list.first?.channel == .phone)
        #expect(try await f.store.callbacks(viewer: Self.honest, limit: 10).isEmpty)
        let pending = try await f.store.dueOutbox(now: Self.now.addingTimeInterval(86_400), limit: 10).map(\.message.dedupeKey)
        #expect(pending.contains("email:a") && !pending.contains("callback:a"), "a call-back waits for a person")
        let id = try #require(list.first).outboxID
        #expect(try await f.store.completeCallback(outboxID: id, viewer: Self.honest, at: Self.now) == false)
        #expect(try await f.store.completeCallback(outboxID: id, viewer: Self.somchai, at: Self.now))
        #expect(try await f.store.completeCallback(outboxID: id, viewer: Self.somchai, at: Self.now) == false, "once")
        #expect(try await f.store.callbacks(viewer: Self.somchai, limit: 10).isEmpty)
        let notices = try await f.store.notices(of: f.a).filter { $0.kind == "status_notice" }
        #expect(notices.map(\.deliveredAt) == [Self.now, nil] && notices.map(\.attempts) == [1, 0])
    }
}
