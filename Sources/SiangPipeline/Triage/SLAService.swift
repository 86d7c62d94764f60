import Foundation
import SiangCore
import SiangStore

/// The agency's business calendar and SLA policy, built once from configuration, and the SLA
/// figures of a case computed from its events.
public struct SLAService: Sendable {
    public let calendar: BusinessCalendar
    public let policy: SLAPolicy

    public init(configuration: SiangConfiguration) throws(ConfigurationError) {
        calendar = try BusinessCalendar(settings: configuration.calendar, shippedHolidays: ShippedHolidays.load())
        policy = try SLAPolicy(settings: configuration.sla, minutesPerBusinessDay: calendar.minutesPerBusinessDay,
                               knownCategories: Set(configuration.taxonomy.categories.map(\.code)))
    }

    public func due(receivedAt: Date, category: String?, priority: Priority) -> SLADue {
        policy.due(receivedAt: receivedAt, category: category, priority: priority, calendar: calendar)
    }

    /// The figures for a new case.
    public func summary(receivedAt: Date, category: String?, priority: Priority) -> SLASummary {
        let d = due(receivedAt: receivedAt, category: category, priority: priority)
        return SLASummary(firstResponseDueAt: d.firstResponseDueAt, resolutionDueAt: d.resolutionDueAt, state: SLAState.onTrack.rawValue)
    }

    /// The figures of an existing case at `now`: the resolution clock's state and due time (moved by
    /// any pause), and the first-response due time.
    public func summary(events: [CaseEvent], at now: Date) -> SLASummary? {
        guard let resolution = SLAClock.resolution(events: events, policy: policy, calendar: calendar) else { return nil }
        let first = SLAClock.firstResponse(events: events, policy: policy, calendar: calendar)
        return SLASummary(
            firstResponseDueAt: first.map { clock in clock.dueAt(at: now) ?? clock.nominalDue },
            resolutionDueAt: resolution.dueAt(at: now),
            state: resolution.state(at: now, atRiskFraction: policy.atRiskFraction).rawValue)
    }
}

extension SLAClock {
    /// The due time had the clock never paused (shown once a clock has stopped).
    var nominalDue: Date { calendar.adding(businessSeconds: allowanceSeconds, to: calendar.nextOpening(atOrAfter: startedAt)) }
}
