import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

@Suite struct EscalationTickerTests {
    let monday = bangkok(2026, 11, 16, 10, 0)

    func escalations(_ store: SQLiteStore, _ id: TrackingID) async throws -> [Escalation] {
        try await store.events(of: id).compactMap { if case .escalated(let e) = $0.change { return e }; return nil }
    }

    @Test func theTickerEscalatesAtRiskAndBreachExactlyOnceEvenAfterARestart() async throws {
        let store = try temporaryStore()
        let (pipeline, sla, config) = try triageFixture(store: store, now: monday, configYAML: """
            routing:
              queues:
                - {code: triage, th: คัดกรอง, en: Screening}
                - {code: integrity, th: ทุจริต, en: Integrity}
                - {code: disaster, th: ป้องกันภัย, en: Disaster, supervisors: [chief]}
              rules:
                - {category: safety, queue: disaster, priority: urgent}
            """)
        let r = try #require(created(try await pipeline.submit(Intake(text: "สุนัขจรจัดไล่กัดเด็ก", channel: .web, receivedAt: monday, category: "safety"))))
        let clock = try #require(SLAClock.resolution(events: try await store.events(of: r.trackingId), policy: sla.policy, calendar: sla.calendar))
        let atRisk = try #require(clock.atRiskAt(fraction: 0.75, at: monday))
        let breach = try #require(clock.breachAt(at: monday))
        // Urgent: 3 business days = 1,440 minutes; 75 % = 1,080 minutes after Monday 10:00 is Wednesday 12:00.
        #expect(atRisk == bangkok(2026, 11, 18, 12, 0))
        #expect(breach == bangkok(2026, 11, 19, 10, 0))

        let ticker = EscalationTicker(store: store, sla: sla, configuration: config)
        #expect(try await ticker.tick(now: atRisk.addingTimeInterval(-60)).filter { $0.1.clock == "resolution" }.isEmpty)
        let first = try await ticker.tick(now: atRisk)
        #expect(first.map { "\($0.1.clock)/\($0.1.level)" }.contains("resolution/at_risk"))
        #expect(try await ticker.tick(now: atRisk.addingTimeInterval(600)).isEmpty)

        let restarted = EscalationTicker(store: store, sla: sla, configuration: config)
        #expect(try await restarted.tick(now: atRisk.addingTimeInterval(1200)).isEmpty)
        let second = try await restarted.tick(now: breach)
        #expect(second.map { "\($0.1.clock)/\($0.1.level)" } == ["resolution/breached"])
        #expect(try await restarted.tick(now: breach.addingTimeInterval(86_400)).isEmpty)

        let levels = try await escalations(store, r.trackingId).filter { $0.clock == "resolution" }.map(\.level)
        #expect(levels == ["at_risk", "breached"])
        let outbox = try await store.pendingOutbox(limit: 20).filter { $0.message.kind == "escalation" }
        #expect(outbox.contains { $0.message.payload.contains("\"chief\"") && $0.message.payload.contains("\"at_risk\"") })
        // The first-response clock (1 business day) escalates on its own, also once per level.
        let firstResponse = try await escalations(store, r.trackingId).filter { $0.clock == "first_response" }.map(\.level)
        #expect(firstResponse == ["at_risk", "breached"])
    }

    @Test func aPausedOrClosedCaseIsNotEscalated() async throws {
        let store = try temporaryStore()
        let (pipeline, sla, config) = try triageFixture(store: store, now: monday)
        let r = try #require(created(try await pipeline.submit(Intake(text: "ถนนเป็นหลุม", channel: .web, receivedAt: monday, category: "road"))))
        try await store.append([
            CaseEvent(at: monday.addingTimeInterval(600), actor: "staff:a", change: .statusChanged(StatusChange(from: .received, to: .inProgress))),
            CaseEvent(at: monday.addingTimeInterval(1200), actor: "staff:a", change: .statusChanged(StatusChange(from: .inProgress, to: .awaitingInfo))),
        ], to: r.trackingId, expectedEventCount: nil, outbox: [])
        let ticker = EscalationTicker(store: store, sla: sla, configuration: config)
        let later = monday.addingTimeInterval(60 * 86_400)
        #expect(try await ticker.tick(now: later).isEmpty)
        let summary = try #require(sla.summary(events: try await store.events(of: r.trackingId), at: later))
        #expect(summary.state == "paused")
    }

    @Test func awaitingInfoPausesTheClockAndResumingMovesTheDueTime() async throws {
        let store = try temporaryStore()
        let (pipeline, sla, _) = try triageFixture(store: store, now: monday)
        let r = try #require(created(try await pipeline.submit(Intake(text: "ท่อประปาแตก", channel: .web, receivedAt: monday, category: "water"))))
        let originalDue = try #require(r.sla?.resolutionDueAt)
        // Paused from Tuesday 10:00 to Thursday 10:00: two business days, 960 minutes.
        try await store.append([
            CaseEvent(at: bangkok(2026, 11, 17, 10, 0), actor: "staff:a", change: .statusChanged(StatusChange(from: .received, to: .awaitingInfo))),
        ], to: r.trackingId, expectedEventCount: nil, outbox: [])
        let whilePaused = try #require(sla.summary(events: try await store.events(of: r.trackingId), at: bangkok(2026, 11, 18, 9, 0)))
        #expect(whilePaused.state == "paused")
        try await store.append([
            CaseEvent(at: bangkok(2026, 11, 19, 10, 0), actor: CaseEvent.citizen, change: .citizenMessage("ส่งรูปเพิ่มแล้วค่ะ")),
            CaseEvent(at: bangkok(2026, 11, 19, 10, 0), actor: "staff:a", change: .statusChanged(StatusChange(from: .awaitingInfo, to: .inProgress))),
        ], to: r.trackingId, expectedEventCount: nil, outbox: [])
        let resumed = try #require(sla.summary(events: try await store.events(of: r.trackingId), at: bangkok(2026, 11, 19, 11, 0)))
        #expect(resumed.state == "on_track")
        let moved = try #require(resumed.resolutionDueAt)
        #expect(sla.calendar.businessMinutes(from: originalDue, to: moved) == 960)
    }
}

/// One case the ticker cannot read is set aside; every other case goes on (issue 11, finding 3).
@Suite struct UnreadableCaseTickerTests {
    let monday = bangkok(2026, 11, 16, 10, 0)

    @Test func aCaseWhoseEventsCannotBeReadIsSetAsideAndEveryOtherCaseIsStillEscalated() async throws {
        let store = try temporaryStore()
        let (pipeline, sla, config) = try triageFixture(store: store, now: monday)
        let broken = try #require(created(try await pipeline.submit(Intake(text: "ถนนเป็นหลุมลึก", channel: .web, receivedAt: monday, category: "road"))))
        let fine = try #require(created(try await pipeline.submit(Intake(text: "ไฟดับทั้งซอย", channel: .web, receivedAt: monday, category: "lighting"))))
        // The probe's stored event: an escalation whose due time no ISO 8601 reader takes.
        try await store.write { db in
            try db.execute(sql: """
                INSERT INTO case_events (case_id, seq, at, actor, type, data)
                SELECT id, event_count, 0, 'system', 'escalated', '{"escalated":{"_0":{"clock":"resolution","dueAt":".00/-12-15T00:00:00Z","level":"at_risk"}}}'
                FROM cases WHERE tracking_id = ?
                """, arguments: [broken.trackingId.description])
            try db.execute(sql: "UPDATE cases SET event_count = event_count + 1, sla_check_at = 0 WHERE tracking_id = ?",
                           arguments: [broken.trackingId.description])
        }
        let ticker = EscalationTicker(store: store, sla: sla, configuration: config)
        let later = monday.addingTimeInterval(30 * 86_400)
        // The tick does not fail, and the readable case is escalated.
        let raised = try await ticker.tick(now: later)
        #expect(raised.contains { $0.0 == fine.trackingId && $0.1.level == "breached" })
        #expect(!raised.contains { $0.0 == broken.trackingId })
        // The broken case is listed for an admin, once, and no longer scheduled.
        let admin = StaffViewer(username: "root", role: .admin, memberQueues: [], supervisedQueues: [], restrictedCategories: ["corruption"],
                                integrityQueue: "integrity")
        let listed = try await store.slaSetAside(viewer: admin)
        #expect(listed.map(\.trackingID) == [broken.trackingId])
        #expect(listed.first?.reason.contains("ISO8601") == true)
        #expect(try await store.slaSetAsideCount() == 1)
        #expect(try await !store.casesDueForSLACheck(now: later.addingTimeInterval(86_400), limit: 100).contains(broken.trackingId))
        // Seen again (a change rescheduled it), it is not set aside twice, so it is not logged twice.
        try await store.scheduleSLACheck(broken.trackingId, at: later)
        #expect(try await ticker.tick(now: later.addingTimeInterval(60)).isEmpty)
        #expect(try await store.setAsideFromSLA(broken.trackingId, reason: "again", at: later) == false)
        #expect(try await store.slaSetAside(viewer: admin).count == 1)
        // An agent of no queue does not see it listed.
        let nobody = StaffViewer(username: "nobody", role: .agent, memberQueues: [], supervisedQueues: [], restrictedCategories: ["corruption"],
                                 integrityQueue: "integrity")
        #expect(try await store.slaSetAside(viewer: nobody).isEmpty)
    }
}
