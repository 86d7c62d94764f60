import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore
import SiangTestSupport

/// An imported case's SLA clocks are those of the same case worked live (DESIGN.md 5.8): the same
/// transitions, allowance, met or missed, and the paused time left out.
@Suite struct CaseHistorySLATests {
    struct Step {
        var status: Status
        var at: Date
        var note: String?
    }

    /// Works a case live through the pipeline and the staff actions with a moving clock, imports the
    /// same case, and returns both cases' events.
    func liveAndImported(received: Date, steps: [Step]) async throws -> (x: HistoryImportFixture, live: [CaseEvent], imported: [CaseEvent]) {
        let x = try HistoryImportFixture(now: received)
        let boss = try await x.f.staff("boss", .admin)
        let live = try await x.f.file("ท่อประปาแตกหน้าบ้าน", category: "water", at: received)
        for step in steps {
            x.f.clock.set(step.at)
            _ = try await x.f.actions.apply(.move(to: step.status, publicNote: step.note), to: live, by: boss)
        }
        let end = steps.last!.at.addingTimeInterval(3_600)
        x.f.clock.set(end)
        let history = steps.map { s in
            #"{"status":"\#(s.status.rawValue)","at":"\#(BangkokTime.iso8601(s.at))"\#(s.note.map { #","note":"\#($0)""# } ?? "")}"#
        }.joined(separator: ",")
        let summary = try await x.run([caseLine("LIVE-TWIN", receivedAt: BangkokTime.iso8601(received),
                                                extra: #","category":"water","channel":"web","history":[\#(history)]"#)])
        #expect(summary.imported == 1, "\(summary.rejected)")
        return (x, try await x.f.store.events(of: live), try await x.f.store.events(of: x.id("LIVE-TWIN")))
    }

    func expectSameClocks(_ x: HistoryImportFixture, _ live: [CaseEvent], _ imported: [CaseEvent]) throws {
        let now = x.f.clock.now()
        let policy = x.f.sla.policy, calendar = x.f.sla.calendar
        for build in [SLAClock.resolution(events:policy:calendar:), SLAClock.firstResponse(events:policy:calendar:)] {
            let a = try #require(build(live, policy, calendar))
            let b = try #require(build(imported, policy, calendar))
            #expect(a.transitions == b.transitions)
            #expect(a.allowanceSeconds == b.allowanceSeconds)
            #expect(a.usedSeconds(at: now) == b.usedSeconds(at: now))
            #expect(a.state(at: now, atRiskFraction: policy.atRiskFraction) == b.state(at: now, atRiskFraction: policy.atRiskFraction))
        }
        let liveState = try #require(CaseState.fold(live)), importedState = try #require(CaseState.fold(imported))
        #expect(liveState.status == importedState.status && liveState.firstResponseAt == importedState.firstResponseAt
                && liveState.resolvedAt == importedState.resolvedAt && liveState.priority == importedState.priority)
        #expect(x.f.actions.indexer.entry(events: live) == x.f.actions.indexer.entry(events: imported))
    }

    @Test func aCaseResolvedInTimeAfterAPauseIsMetExactlyAsLive() async throws {
        let received = bangkok(2026, 11, 2, 9)
        let steps = [Step(status: .triaged, at: bangkok(2026, 11, 2, 10)),
                     Step(status: .awaitingInfo, at: bangkok(2026, 11, 3, 10), note: "ขอเลขที่บ้าน"),
                     Step(status: .inProgress, at: bangkok(2026, 11, 10, 10)),
                     Step(status: .resolved, at: bangkok(2026, 11, 11, 15), note: "ซ่อมแล้ว")]
        let (x, live, imported) = try await liveAndImported(received: received, steps: steps)
        try expectSameClocks(x, live, imported)
        let clock = try #require(SLAClock.resolution(events: imported, policy: x.f.sla.policy, calendar: x.f.sla.calendar))
        let calendar = x.f.sla.calendar
        // The week waiting for the complainant is not counted.
        let counted = calendar.businessSeconds(from: received, to: steps[1].at) + calendar.businessSeconds(from: steps[2].at, to: steps[3].at)
        #expect(clock.usedSeconds(at: x.f.clock.now()) == counted)
        #expect(clock.state(at: x.f.clock.now(), atRiskFraction: 0.75) == .met)
    }

    @Test func aCaseResolvedLateIsMissedExactlyAsLive() async throws {
        let received = bangkok(2026, 11, 2, 9)
        let steps = [Step(status: .inProgress, at: bangkok(2026, 11, 4, 14)),
                     Step(status: .resolved, at: bangkok(2026, 12, 15, 11), note: "ซ่อมแล้ว"),
                     Step(status: .closed, at: bangkok(2026, 12, 16, 11))]
        let (x, live, imported) = try await liveAndImported(received: received, steps: steps)
        try expectSameClocks(x, live, imported)
        let clock = try #require(SLAClock.resolution(events: imported, policy: x.f.sla.policy, calendar: x.f.sla.calendar))
        #expect(clock.state(at: x.f.clock.now(), atRiskFraction: 0.75) == .missed)
        let first = try #require(SLAClock.firstResponse(events: imported, policy: x.f.sla.policy, calendar: x.f.sla.calendar))
        #expect(first.state(at: x.f.clock.now(), atRiskFraction: 0.75) == .missed)
    }
}
