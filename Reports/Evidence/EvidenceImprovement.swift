import Foundation
import SiangCore
import SiangStore

/// An improvement log entry as the agreed improvement JSON writes it (DESIGN.md 5.9: the improvements
/// API, evidence item L2, the scoring-core export): the entry's fields and its before/after effects,
/// `null` where a value or service point is absent, instants with `+07:00`. Who recorded it is never in it.
public struct EvidenceImprovement: Sendable, Equatable, Codable {
    public var improvement: Improvement
    public var effects: [ImprovementEffect]

    public init(_ assessed: AssessedImprovement) {
        improvement = assessed.improvement
        effects = assessed.effects
    }

    enum Keys: String, CodingKey {
        case id, date, title, triggers, action, owningUnit, learningLevel, recordedAt, updatedAt, effects
        case categories, reasonCodes, metricIds, servicePoint
        case metricId, before, after, fromMonth, toMonth, value, denominator
    }

    /// Written by ``ImprovementJSON``, the one writer of the agreed shape.
    public func encode(to encoder: any Encoder) throws {
        try ImprovementJSON.value(AssessedImprovement(improvement: improvement, effects: effects)).encode(to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let t = try c.nestedContainer(keyedBy: Keys.self, forKey: .triggers)
        let triggers = ImprovementTriggers(categories: try t.decode([String].self, forKey: .categories),
                                           reasonCodes: try t.decode([String].self, forKey: .reasonCodes),
                                           metricIds: try t.decode([String].self, forKey: .metricIds),
                                           servicePoint: try t.decodeIfPresent(String.self, forKey: .servicePoint))
        guard let level = LearningLevel(rawValue: try c.decode(String.self, forKey: .learningLevel)) else {
            throw DecodingError.dataCorruptedError(forKey: .learningLevel, in: c, debugDescription: "not a learning level")
        }
        improvement = Improvement(id: try c.decode(Int64.self, forKey: .id), date: try c.decode(ImprovementDay.self, forKey: .date),
                                  title: try c.decode(String.self, forKey: .title), triggers: triggers,
                                  action: try c.decode(String.self, forKey: .action), owningUnit: try c.decode(String.self, forKey: .owningUnit),
                                  learningLevel: level, recordedAt: try EvidenceJSON.instant(c, .recordedAt),
                                  updatedAt: try EvidenceJSON.instant(c, .updatedAt))
        var list = try c.nestedUnkeyedContainer(forKey: .effects)
        var effects: [ImprovementEffect] = []
        while !list.isAtEnd {
            let item = try list.nestedContainer(keyedBy: Keys.self)
            func window(_ key: Keys) throws -> ImprovementWindow {
                let w = try item.nestedContainer(keyedBy: Keys.self, forKey: key)
                return ImprovementWindow(fromMonth: try w.decode(String.self, forKey: .fromMonth), toMonth: try w.decode(String.self, forKey: .toMonth),
                                         value: try w.decodeIfPresent(Double.self, forKey: .value),
                                         denominator: try w.decodeIfPresent(Int.self, forKey: .denominator))
            }
            effects.append(ImprovementEffect(metricId: try item.decode(String.self, forKey: .metricId), before: try window(.before), after: try window(.after)))
        }
        self.effects = effects
    }
}
