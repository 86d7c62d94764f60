import Foundation
import SiangCore

/// What the PMQA 7.2 reports need from persistence: the per-case facts, the agency's targets,
/// comparators and baselines, and the stored revisions of locked months.
///
/// A store of its own rather than more methods on ``CaseStore``, so a second store (PostgreSQL) can
/// take the reports on piece by piece. The facts are kept current by the case store in the
/// transaction of every event; this protocol only reads them, and rebuilds them from the events,
/// which stay the truth. Nothing here holds personal data or citizens' text.
public protocol ReportStore: Sendable {
    /// The fact of every case received before `instant`, oldest receipt first. Restricted cases
    /// (corruption) are included: reports are aggregates.
    func caseFacts(receivedBefore instant: Date) async throws(StoreError) -> [CaseFact]
    /// The same facts as ``caseFacts(receivedBefore:)``, as columns (what the reports read a million
    /// cases as). A store without its own columnar reader lays out ``caseFacts(receivedBefore:)``.
    func caseFactColumns(receivedBefore instant: Date) async throws(StoreError) -> CaseFactColumns
    /// Recomputes every case's fact from its events, `batchSize` cases a transaction, so intake waits
    /// at most one batch while it runs; `progress` hears the number of cases done after each batch.
    /// Returns how many facts were written.
    func rebuildCaseFacts(batchSize: Int, progress: (@Sendable (Int) -> Void)?) async throws(StoreError) -> Int

    /// Every stored target row, by metric id then fiscal year.
    func reportTargets() async throws(StoreError) -> [ReportTargetRow]
    /// Stores `rows` in one transaction, each replacing what was stored for its metric and fiscal year
    /// (its comparators too); refuses them all, with ``StoreError/invalid(_:)``, when one is not valid.
    func saveReportTargets(_ rows: [ReportTargetRow], at: Date) async throws(StoreError)

    /// The stored revisions of a period, revision 0 first; empty when the period is not locked.
    func reportRevisions(period: String) async throws(StoreError) -> [ReportRevision]
    /// Appends a revision. Its number must be the next one (0 for a period with none), otherwise
    /// ``StoreError/revisionExists(period:revision:)``: someone stored it first. Never replaces one.
    func addReportRevision(_ revision: ReportRevision) async throws(StoreError)
}

extension ReportStore {
    public func caseFactColumns(receivedBefore instant: Date) async throws(StoreError) -> CaseFactColumns {
        CaseFactColumns(try await caseFacts(receivedBefore: instant))
    }
}

/// One metric's agency data for one Buddhist Era fiscal year (DESIGN.md 5.7 targets file): the target,
/// the comparators, for years before the agency's data a baseline value, and the result of a `manual`
/// metric (one that does not come from cases).
public struct ReportTargetRow: Sendable, Equatable {
    /// A comparable agency's value, and why it is comparable.
    public struct Comparator: Sendable, Equatable {
        public var name: String
        public var value: Double
        public var why: String
        public init(name: String, value: Double, why: String) {
            self.name = name
            self.value = value
            self.why = why
        }
    }

    public var metricID: String
    public var fiscalYear: Int
    public var target: Double?
    public var baseline: Double?
    public var value: Double?
    public var comparators: [Comparator]

    public init(metricID: String, fiscalYear: Int, target: Double? = nil, baseline: Double? = nil, value: Double? = nil,
                comparators: [Comparator] = []) {
        self.metricID = metricID
        self.fiscalYear = fiscalYear
        self.target = target
        self.baseline = baseline
        self.value = value
        self.comparators = comparators
    }

    /// Why the row cannot be stored, or nil when it can.
    /// Refuses rows a store must not keep: a value that is not a number, a metric and year given twice.
    static func check(_ rows: [ReportTargetRow]) throws(StoreError) {
        if let problem = rows.lazy.compactMap(\.problem).first { throw .invalid(problem) }
        var seen = Set<String>()
        for row in rows where !seen.insert("\(row.metricID)/\(row.fiscalYear)").inserted {
            throw .invalid("\(row.metricID) \(row.fiscalYear) is given twice")
        }
    }

    public var problem: String? {
        if metricID.isEmpty { return "a target row has no metric id" }
        if !(2400...2800).contains(fiscalYear) { return "\(metricID): fiscal year \(fiscalYear) is not a Buddhist Era year" }
        if let target, !target.isFinite { return "\(metricID) \(fiscalYear): the target is not a number" }
        if let baseline, !baseline.isFinite { return "\(metricID) \(fiscalYear): the baseline is not a number" }
        if let value, !value.isFinite { return "\(metricID) \(fiscalYear): the value is not a number" }
        for c in comparators {
            if c.name.trimmingCharacters(in: .whitespaces).isEmpty { return "\(metricID) \(fiscalYear): a comparator has no name" }
            if !c.value.isFinite { return "\(metricID) \(fiscalYear): comparator \(c.name) has no number" }
        }
        return nil
    }
}

/// A locked month's report as it was stored: revision 0 when the month was locked, N+1 at each
/// restatement, with the reason and the changes from the revision before. Never changed once stored.
public struct ReportRevision: Sendable, Equatable {
    /// The period's id (`2025-10`).
    public var periodID: String
    public var revision: Int
    /// The `siang.report.v1` document as JSON text, exactly as it was answered.
    public var documentJSON: String
    /// Why the figures were restated; nil for revision 0.
    public var reason: String?
    /// The changes from the revision before as JSON text (`[]` for revision 0).
    public var changesJSON: String
    /// Who stored it (`cli:<user>`, `staff:<username>`).
    public var actor: String
    public var createdAt: Date

    public init(periodID: String, revision: Int, documentJSON: String, reason: String?, changesJSON: String, actor: String, createdAt: Date) {
        self.periodID = periodID
        self.revision = revision
        self.documentJSON = documentJSON
        self.reason = reason
        self.changesJSON = changesJSON
        self.actor = actor
        self.createdAt = createdAt
    }
}
