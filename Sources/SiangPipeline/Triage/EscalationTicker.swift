import Foundation
import Logging
import SiangCore
import SiangStore

/// Raises escalations when an SLA clock passes its at-risk point (75 % of the allowance by default)
/// and its due time: an `escalated` event on the case and an outbox message for the queue's
/// supervisors. The events are the memory: a level already raised for a clock is never raised again,
/// also across restarts. One ticker runs per deployment.
///
/// Each case carries the time its clocks must next be looked at (`sla_check_at`), so a tick reads
/// only the cases whose moment has come, not every open case. A case whose events cannot be read
/// is set aside, never allowed to fail the tick for the others.
public struct EscalationTicker: Sendable {
    let store: any CaseStore
    let sla: SLAService
    let configuration: SiangConfiguration
    let logger: Logger
    static let batch = 500

    public init(store: any CaseStore, sla: SLAService, configuration: SiangConfiguration, logger: Logger = Logger(label: "siang.sla")) {
        self.store = store
        self.sla = sla
        self.configuration = configuration
        self.logger = logger
    }

    /// Looks at every case due for a check at `now`; returns the escalations raised.
    @discardableResult
    public func tick(now: Date) async throws(StoreError) -> [(TrackingID, Escalation)] {
        var raised: [(TrackingID, Escalation)] = []
        while true {
            let due = try await store.casesDueForSLACheck(now: now, limit: Self.batch)
            for id in due {
                do {
                    raised += try await check(id, now: now)
                } catch .concurrentChange {
                    continue  // changed while we looked; the change scheduled a fresh check
                } catch .unreadable(let why) {
                    try await setAside(id, why: why, now: now)
                }
            }
            if due.count < Self.batch { return raised }
        }
    }

    func check(_ id: TrackingID, now: Date) async throws(StoreError) -> [(TrackingID, Escalation)] {
        let events = try await store.events(of: id)
        guard let state = CaseState.fold(events), state.status.isOpen else {
            try await store.scheduleSLACheck(id, at: nil)
            return []
        }
        var already = Set<String>()
        for e in events { if case .escalated(let x) = e.change { already.insert("\(x.clock)/\(x.level)") } }
        let clocks = [("resolution", SLAClock.resolution(events: events, policy: sla.policy, calendar: sla.calendar)),
                      ("first_response", SLAClock.firstResponse(events: events, policy: sla.policy, calendar: sla.calendar))]
        var new: [Escalation] = []
        var next: Date?
        for (name, clock) in clocks {
            guard let clock, clock.phase(at: now) == .running else { continue }
            let levels: [(String, Date?)] = [(SLAState.atRisk.rawValue, clock.atRiskAt(fraction: sla.policy.atRiskFraction, at: now)),
                                             (SLAState.breached.rawValue, clock.breachAt(at: now))]
            for (level, at) in levels where !already.contains("\(name)/\(level)") {
                guard let at else { continue }
                if at <= now {
                    new.append(Escalation(clock: name, level: level, dueAt: clock.dueAt(at: now), queue: state.queue))
                } else {
                    next = min(next ?? at, at)
                }
            }
        }
        if !new.isEmpty {
            let supervisors = configuration.routing.queue(state.queue ?? "")?.supervisors ?? []
            let outbox = new.map { e in
                OutboxMessage(kind: "escalation", channel: nil, trackingID: id,
                              payload: Self.payload(e, supervisors: supervisors), dedupeKey: "esc:\(id):\(e.clock):\(e.level)")
            }
            try await store.append(new.map { CaseEvent(at: now, actor: CaseEvent.system, change: .escalated($0)) },
                                   to: id, expectedEventCount: events.count, outbox: outbox)
            logger.notice("SLA escalation", metadata: ["trackingId": "\(id)", "levels": "\(new.map { "\($0.clock)/\($0.level)" })"])
        }
        // Appending scheduled an immediate re-check; set the real next moment (nil when none is left).
        try await store.scheduleSLACheck(id, at: next)
        return new.map { (id, $0) }
    }

    /// One case whose events cannot be read must not stop the clocks of every other: it is taken off
    /// the schedule and listed for an admin (`GET /api/v1/staff/sla/unreadable`, the dashboard,
    /// `siang_sla_unreadable_cases` in `/metrics`), and logged the first time only. The log names the
    /// case and the field that failed, never what the case says or who filed it.
    func setAside(_ id: TrackingID, why: String, now: Date) async throws(StoreError) {
        if try await store.setAsideFromSLA(id, reason: why, at: now) {
            logger.error("SLA: case set aside, its events cannot be read", metadata: ["trackingId": "\(id)", "reason": "\(why)"])
        }
    }

    static func payload(_ e: Escalation, supervisors: [String]) -> String {
        let object: [String: Any] = ["clock": e.clock, "level": e.level, "queue": e.queue ?? "", "supervisors": supervisors]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Ticks every `interval` until the task is cancelled.
    public func run(every interval: Duration = .seconds(30), clock: any SiangClock = SystemClock()) async {
        while !Task.isCancelled {
            do { try await tick(now: clock.now()) } catch {
                logger.error("SLA tick failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
