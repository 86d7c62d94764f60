import Foundation
import SiangCore
import SiangStore

/// A linked metric's value in the three whole calendar months before an improvement's month and the
/// three whole calendar months after it (DESIGN.md 5.9). The month the change took effect is a
/// transition month and belongs to neither window. Each window is computed by the report engine as one
/// period over its three months (not as a mean of monthly figures), as of the window's end, from the
/// facts in the store when it is read, so a late or reclassified case changes the value the next time
/// (``ImprovementEffects``; docs/reports.md, "Improvement log").
public struct ImprovementEffect: Sendable, Equatable, Codable {
    public var metricId: String
    public var before: ImprovementWindow
    public var after: ImprovementWindow

    public init(metricId: String, before: ImprovementWindow, after: ImprovementWindow) {
        self.metricId = metricId
        self.before = before
        self.after = after
    }

    /// Both windows have a value: the "before and after" the readiness check asks for.
    public var isComplete: Bool { before.value != nil && after.value != nil }
}

/// One window of an ``ImprovementEffect``: its first and last month (`2025-12`, `2026-02`), the value
/// (nil when the denominator is empty or the window has not ended by the as-of instant) and the
/// denominator it was computed over.
public struct ImprovementWindow: Sendable, Equatable, Codable {
    public var fromMonth: String
    public var toMonth: String
    public var value: Double?
    public var denominator: Int?

    public init(fromMonth: String, toMonth: String, value: Double?, denominator: Int?) {
        self.fromMonth = fromMonth
        self.toMonth = toMonth
        self.value = value
        self.denominator = denominator
    }
}

/// An improvement with its computed effects: what the staff page, the API, the evidence pack, the
/// readiness check and the scoring-core export show.
public struct AssessedImprovement: Sendable, Equatable {
    public var improvement: Improvement
    /// One per `triggers.metricIds`, in that order.
    public var effects: [ImprovementEffect]

    public init(improvement: Improvement, effects: [ImprovementEffect]) {
        self.improvement = improvement
        self.effects = effects
    }
}
