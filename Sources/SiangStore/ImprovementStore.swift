import Foundation
import SiangCore

/// The improvement log of DESIGN.md 5.9: what the agency changed because of what its complainants and
/// survey respondents said. Staff write it; the report engine computes each linked metric's value before
/// and after (``Improvement/date``), so no figure in it is ever typed.
///
/// Entries are staff text (title, action, unit), never citizen text, so they may appear in the evidence
/// pack and the scoring-core export. Every add and change is audited (`audit_log`, action
/// `improvement.add` / `improvement.update`, with the entry's id).
public struct Improvement: Sendable, Equatable, Codable {
    /// Assigned by the store, 1, 2, 3… in the order entries were recorded.
    public var id: Int64
    /// The day the change took effect, Bangkok calendar, `YYYY-MM-DD` on the wire.
    public var date: ImprovementDay
    public var title: String
    public var triggers: ImprovementTriggers
    /// What was changed (a process step, a form, a rule, a staff briefing).
    public var action: String
    /// The unit that owns the change (a division's name as the agency writes it).
    public var owningUnit: String
    public var learningLevel: LearningLevel
    public var recordedAt: Date
    public var updatedAt: Date

    public init(id: Int64, date: ImprovementDay, title: String, triggers: ImprovementTriggers, action: String,
                owningUnit: String, learningLevel: LearningLevel, recordedAt: Date, updatedAt: Date) {
        self.id = id
        self.date = date
        self.title = title
        self.triggers = triggers
        self.action = action
        self.owningUnit = owningUnit
        self.learningLevel = learningLevel
        self.recordedAt = recordedAt
        self.updatedAt = updatedAt
    }
}

/// What led to an improvement: any of complaint categories, dissatisfaction reason codes, metric ids of
/// the catalog and one service point. At least one trigger is required.
public struct ImprovementTriggers: Sendable, Equatable, Codable {
    public var categories: [String]
    public var reasonCodes: [String]
    public var metricIds: [String]
    public var servicePoint: String?

    public init(categories: [String] = [], reasonCodes: [String] = [], metricIds: [String] = [], servicePoint: String? = nil) {
        self.categories = categories
        self.reasonCodes = reasonCodes
        self.metricIds = metricIds
        self.servicePoint = servicePoint
    }

    public var isEmpty: Bool { categories.isEmpty && reasonCodes.isEmpty && metricIds.isEmpty && servicePoint == nil }
}

/// PMQA's learning levels for an approach's L item: a PDCA cycle, an innovation, or sharing the lesson
/// with other units.
public enum LearningLevel: String, Sendable, Equatable, Codable, CaseIterable {
    case pdca
    case innovation
    case sharing
}

/// A Bangkok calendar day without a time (`2026-03-15`): an improvement takes effect on a day.
public struct ImprovementDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Nil unless `text` is exactly `YYYY-MM-DD` and a real date between years 2000 and 2999.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (2000...2999).contains(y), (1...12).contains(m), (1...CivilDate.daysIn(m, y)).contains(d) else { return nil }
        (year, month, day) = (y, m, d)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// What staff type for a new entry; the store assigns the id and the times.
public struct ImprovementDraft: Sendable, Equatable {
    public var date: ImprovementDay
    public var title: String
    public var triggers: ImprovementTriggers
    public var action: String
    public var owningUnit: String
    public var learningLevel: LearningLevel

    public init(date: ImprovementDay, title: String, triggers: ImprovementTriggers, action: String, owningUnit: String,
                learningLevel: LearningLevel) {
        self.date = date
        self.title = title
        self.triggers = triggers
        self.action = action
        self.owningUnit = owningUnit
        self.learningLevel = learningLevel
    }
}

/// Persistence of the improvement log. Implemented by the SQLite store (and later PostgreSQL).
///
/// The store refuses a draft whose ``ImprovementDraft/problem`` is not nil (``StoreError/invalid(_:)``),
/// so no caller can keep an entry without a trigger or with an empty title; whether the ids exist in
/// the configuration and the metric catalog is checked above it, where those are known.
public protocol ImprovementStore: Sendable {
    /// Stores a new entry and its audit line in one transaction.
    func addImprovement(_ draft: ImprovementDraft, actor: String, at: Date) async throws(StoreError) -> Improvement
    /// Replaces an entry's fields (PATCH semantics are the caller's) and audits the change, in one
    /// transaction; `.notFound` when there is no such id, `.concurrentChange` when `expectedUpdatedAt`
    /// is given and the entry was changed since (compared to the millisecond, as ``Improvement/version``).
    func updateImprovement(id: Int64, to draft: ImprovementDraft, expectedUpdatedAt: Date?, actor: String, at: Date)
        async throws(StoreError) -> Improvement
    func improvement(id: Int64) async throws(StoreError) -> Improvement?
    /// Entries whose `date` lies in `[from, to]` (either end open when nil), by date then id.
    func improvements(from: ImprovementDay?, to: ImprovementDay?) async throws(StoreError) -> [Improvement]
    /// The audit lines of one entry, oldest first (who added and changed it, and when).
    func improvementAudit(id: Int64) async throws(StoreError) -> [AuditEntry]
}

extension ImprovementStore {
    /// Replaces an entry's fields whatever was stored before (last writer wins).
    public func updateImprovement(id: Int64, to draft: ImprovementDraft, actor: String, at: Date) async throws(StoreError) -> Improvement {
        try await updateImprovement(id: id, to: draft, expectedUpdatedAt: nil, actor: actor, at: at)
    }
}

extension Improvement {
    /// The entry's version for optimistic concurrency (an HTTP ETag, a form's hidden field): its
    /// `updatedAt` in whole milliseconds since 1970.
    public var version: Int64 { Self.version(of: updatedAt) }

    public static func version(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

extension ImprovementDraft {
    /// How long the staff texts and the trigger lists may be: an entry is a line in a report, not a document.
    public enum Limits {
        public static let title = 200
        public static let action = 2000
        public static let owningUnit = 200
        public static let id = 64
        public static let idsPerTrigger = 20
    }

    /// The draft with its texts and ids trimmed of surrounding white space and empty or repeated ids
    /// dropped, as it is stored.
    public var normalised: ImprovementDraft {
        func trim(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }
        func ids(_ list: [String]) -> [String] {
            var seen = Set<String>()
            return list.map(trim).filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        var d = self
        d.title = trim(title)
        d.action = trim(action)
        d.owningUnit = trim(owningUnit)
        d.triggers = ImprovementTriggers(categories: ids(triggers.categories), reasonCodes: ids(triggers.reasonCodes),
                                         metricIds: ids(triggers.metricIds),
                                         servicePoint: triggers.servicePoint.map(trim).flatMap { $0.isEmpty ? nil : $0 })
        return d
    }

    /// Why the (normalised) draft cannot be stored, in words staff can act on; nil when it can.
    public var problem: String? {
        let d = normalised
        for (text, name, limit) in [(d.title, "title", Limits.title), (d.action, "action", Limits.action),
                                    (d.owningUnit, "owning unit", Limits.owningUnit)] {
            if text.isEmpty { return "the \(name) is empty" }
            if text.count > limit { return "the \(name) is longer than \(limit) characters" }
        }
        if d.triggers.isEmpty { return "an improvement needs at least one trigger: a category, a reason code, a metric or a service point" }
        for (list, name) in [(d.triggers.categories, "categories"), (d.triggers.reasonCodes, "reason codes"), (d.triggers.metricIds, "metric ids")] {
            if list.count > Limits.idsPerTrigger { return "more than \(Limits.idsPerTrigger) \(name)" }
        }
        if let id = (d.triggers.categories + d.triggers.reasonCodes + d.triggers.metricIds + [d.triggers.servicePoint ?? ""])
            .first(where: { $0.count > Limits.id }) {
            return "the id \"\(id.prefix(Limits.id))…\" is longer than \(Limits.id) characters"
        }
        return nil
    }
}
