import Foundation
import SiangCore
import SiangReports
import SiangStore
import WebForm

/// The one place the server reaches the report engine, the report store and the renderer
/// (`Reports/`): the pages and the API ask it for a period's document, a rendering, the targets, the
/// lock and restatement of a month and the cases behind a figure, and never compute a figure
/// themselves. Keeping every call here makes the server's side of the reports one small file to
/// align when the engine's API moves.
struct ReportService: Sendable {
    let services: SiangServices

    /// The metrics a target can be set for, in catalog order.
    struct MetricInfo: Sendable, Equatable {
        var id: String
        var nameTh: String
        var nameEn: String
        var unit: String
        func name(_ language: Language) -> String { language == .th ? nameTh : nameEn }
    }

    /// One stored revision of a locked month.
    struct Revision: Sendable, Equatable {
        var revision: Int
        var at: Date
        var by: String
        var reason: String?
        var changes: Int
    }

    /// The cases counted in a figure's numerator and denominator (all of them, before reach).
    struct CasesBehind: Sendable, Equatable {
        var numerator: [TrackingID]
        var denominator: [TrackingID]
    }

    // MARK: Reading

    /// The period's document at `asOf` (nil: `min(to, now)`); a locked month comes from its latest
    /// stored revision with the pending changes.
    func document(_ period: ReportPeriodRef, asOf: Date?) async throws(ReportFailure) -> ReportDocument {
        throw .notReady
    }

    func render(_ document: ReportDocument, as format: ReportFormat, language: Language) throws(ReportFailure) -> Data {
        throw .notReady
    }

    func catalog() throws(ReportFailure) -> [MetricInfo] {
        throw .notReady
    }

    func revisions(month: ReportPeriodRef) async throws(ReportFailure) -> [Revision] {
        throw .notReady
    }

    func casesBehind(_ period: ReportPeriodRef, asOf: Date?, metric: String, dimension: String?, key: String?) async throws(ReportFailure) -> CasesBehind {
        throw .notReady
    }

    // MARK: Changing

    func lock(month: ReportPeriodRef, by actor: String) async throws(ReportFailure) -> ReportDocument {
        throw .notReady
    }

    func restate(month: ReportPeriodRef, reason: String, by actor: String) async throws(ReportFailure) -> ReportDocument {
        throw .notReady
    }

    // MARK: Checks shared by the pages and the API

    /// The `asOf` of a request: absent is nil; anything else must be an ISO 8601 instant at or after
    /// the period's start.
    static func asOf(_ raw: String?, period: ReportPeriodRef) throws(ReportFailure) -> Date? {
        guard let raw, !raw.isEmpty else { return nil }
        guard raw.count < 64, let date = ISO8601.parse(raw), date >= period.start else { throw .badAsOf }
        return date
    }

    /// A restatement's reason: required, at most 1,000 characters.
    static func reason(_ raw: String?) throws(ReportFailure) -> String {
        let reason = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw .reasonRequired }
        guard reason.count <= 1_000 else { throw .reasonTooLong }
        return reason
    }
}

extension ReportService {
    /// The name a reader knows a breakdown key by (a category's, channel's, queue's name), from the
    /// agency's configuration; the key itself when nothing names it.
    func label(dimension: String, key: String, language: Language) -> String {
        let config = services.configuration
        let label: LocalizedLabel? = switch dimension {
        case "channel": Channel(rawValue: key)?.label
        case "category": config.taxonomy.category(key)?.label
        case "segment": Segment(rawValue: key)?.label
        case "queue": config.routing.queue(key)?.label
        case "kind": Kind(rawValue: key)?.label
        case "servicePoint": config.surveys.servicePoint(key).map { LocalizedLabel(th: $0.th, en: $0.en) }
        case "reason": config.surveys.reasonCode(key).map { LocalizedLabel(th: $0.th, en: $0.en) }
        default: nil
        }
        guard let label else { return key }
        return language == .th ? label.th : label.en
    }
}

extension ReportService {
    /// A comparator agency's value for a metric and fiscal year, and why it is comparable.
    struct Comparator: Sendable, Equatable {
        var name: String
        var value: Double
        var why: String
    }

    /// What an agency enters for one metric and fiscal year (DESIGN.md 5.7, `targets:` in the YAML).
    struct TargetEntry: Sendable, Equatable {
        var target: Double?
        var baseline: Double?
        var comparators: [Comparator]
    }

    /// Metric id to fiscal year (BE) to its entry.
    typealias Targets = [String: [Int: TargetEntry]]

    func targets() async throws(ReportFailure) -> Targets {
        throw .notReady
    }

    /// Replaces the whole book after the same checks as `siang targets import`.
    func replaceTargets(_ targets: Targets, by actor: String) async throws(ReportFailure) {
        throw .notReady
    }

    /// Sets one metric's entry for one fiscal year, keeping the rest of the book.
    func setTarget(metric: String, fiscalYear: Int, entry: TargetEntry, by actor: String) async throws(ReportFailure) {
        var book = try await targets()
        book[metric, default: [:]][fiscalYear] = entry
        try await replaceTargets(book, by: actor)
    }
}
