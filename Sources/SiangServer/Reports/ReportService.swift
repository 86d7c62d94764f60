import Foundation
import SiangCore
import SiangReports
import SiangStore

/// The one place the server reaches the report engine, the report store and the renderer
/// (`Reports/`): the pages and the API ask it for a period's document, a rendering, the targets, the
/// lock and restatement of a month and the cases behind a figure, and never compute a figure
/// themselves. Keeping every call here makes the server's side of the reports one small file to
/// align when the engine's API moves.
struct ReportService: Sendable {
    let services: SiangServices

    /// One stored revision of a locked month.
    struct Revision: Sendable, Equatable {
        var revision: Int
        var at: Date
        var by: String
        var reason: String?
        var changes: Int
    }

    /// The shipped metric catalog, read once.
    static let shippedCatalog: Result<MetricCatalog, ReportError> = Result { () throws(ReportError) in try MetricCatalog.load() }

    func catalog() throws(ReportFailure) -> MetricCatalog {
        do { return try Self.shippedCatalog.get() } catch { throw ReportFailure.engine(error) }
    }

    // MARK: Reading

    /// The period's document at `asOf` (nil: `min(to, now)`); a locked month comes from its latest
    /// stored revision with the pending changes.
    func document(_ period: ReportPeriodRef, asOf: Date?) async throws(ReportFailure) -> ReportDocument {
        let fresh = try await computed(ReportRequest(period: period.key, asOf: asOf)).document
        guard period.kind == .monthly, asOf == nil else { return fresh }
        let rs = try reportStore
        let revisions = try await Self.stored { () async throws(StoreError) in try await rs.reportRevisions(period: period.id) }
        guard let latest = revisions.last else { return fresh }
        do { return try LockedMonths.answer(latest: latest.documentJSON, recomputed: fresh) } catch { throw .engine(error) }
    }

    /// The document in `format` through the one rendering entry point (the printable HTML with its
    /// stylesheet embedded, so the saved file prints the same anywhere).
    func render(_ document: ReportDocument, as format: ReportFormat, language: Language) throws(ReportFailure) -> Data {
        do {
            return try ReportRendering.render(document, as: format, labels: labels, language: language)
        } catch {
            throw ReportFailure(status: .internalServerError, code: "internal", th: "สร้างไฟล์รายงานไม่สำเร็จ: \(error.description)",
                                en: "The report file could not be made: \(error.description)")
        }
    }

    /// The agency's names for the codes a report is keyed by.
    var labels: ReportLabels { ReportLabels(configuration: services.configuration) }

    func revisions(month: ReportPeriodRef) async throws(ReportFailure) -> [Revision] {
        let rs = try reportStore
        return try await Self.stored { () async throws(StoreError) in try await rs.reportRevisions(period: month.id) }.map { r in
            Revision(revision: r.revision, at: r.createdAt, by: r.actor.hasPrefix("staff:") ? String(r.actor.dropFirst(6)) : r.actor,
                     reason: r.reason, changes: JSONValue.parse(r.changesJSON)?.arrayValue?.count ?? 0)
        }
    }

    /// The cases counted in a case metric's figure (all of them: the caller keeps to its viewer's reach).
    func casesBehind(_ period: ReportPeriodRef, asOf: Date?, metric: String, dimension: String?, key: String?) async throws(ReportFailure) -> DrillDown.Cases {
        guard DrillDown.isCaseMetric(metric) else { throw .notACaseMetric }
        let request = ReportRequest(period: period.key, asOf: asOf)
        let inputs = try await computed(request).inputs
        do { return try DrillDown.cases(request, inputs: inputs, metric: metric, dimension: dimension, key: key, now: services.clock.now()) }
        catch { throw .engine(error) }
    }

    // MARK: Changing

    func lock(month: ReportPeriodRef, by actor: String) async throws(ReportFailure) -> ReportDocument {
        let now = services.clock.now()
        guard LockedMonths.mayLock(month.key, now: now) else { throw .monthNotOver }
        let rs = try reportStore
        guard try await Self.stored({ () async throws(StoreError) in try await rs.reportRevisions(period: month.id) }).isEmpty else {
            throw .alreadyLocked
        }
        let document = LockedMonths.revision(try await computed(ReportRequest(period: month.key)).document, number: 0, reason: nil)
        let revision = ReportRevision(periodID: month.id, revision: 0, documentJSON: ReportJSON.encode(document), reason: nil,
                                      changesJSON: "[]", actor: actor, createdAt: now)
        try await Self.stored { () async throws(StoreError) in try await rs.addReportRevision(revision) }
        return document
    }

    func restate(month: ReportPeriodRef, reason: String, by actor: String) async throws(ReportFailure) -> ReportDocument {
        // Refused, as `siang report restate` refuses it, when nothing would change.
        let rs = try reportStore
        guard let latest = try await Self.stored({ () async throws(StoreError) in try await rs.reportRevisions(period: month.id) }).last else {
            throw .notLocked
        }
        let fresh = try await computed(ReportRequest(period: month.key)).document
        let changes: [PendingChange]
        do { changes = try LockedMonths.answer(latest: latest.documentJSON, recomputed: fresh).pendingChanges } catch { throw .engine(error) }
        guard !changes.isEmpty else { throw .nothingToRestate }
        let document = LockedMonths.revision(fresh, number: latest.revision + 1, reason: reason)
        let revision = ReportRevision(periodID: month.id, revision: document.revision, documentJSON: ReportJSON.encode(document),
                                      reason: reason, changesJSON: LockedMonths.changesJSON(changes), actor: actor,
                                      createdAt: services.clock.now())
        try await Self.stored { () async throws(StoreError) in try await rs.addReportRevision(revision) }
        return document
    }

    // MARK: Targets

    func targets() async throws(ReportFailure) -> TargetBook {
        let rs = try reportStore
        return TargetBook(rows: try await Self.stored { () async throws(StoreError) in try await rs.reportTargets() })
    }

    /// Stores every entry of `book`, each replacing what was stored for its metric and fiscal year, as
    /// `siang targets import` does; entries not in `book` stay.
    func saveTargets(_ book: TargetBook, by actor: String) async throws(ReportFailure) {
        let rs = try reportStore
        let rows = book.rows, now = services.clock.now()
        try await Self.stored { () async throws(StoreError) in try await rs.saveReportTargets(rows, at: now) }
    }

    /// Sets one metric's entry for one fiscal year, checked by the rules of `siang targets import`
    /// before it is stored.
    func setTarget(metric: String, fiscalYear: Int, entry: TargetBook.Entry, by actor: String) async throws(ReportFailure) {
        var book = TargetBook()
        book.set(entry, metric: metric, fiscalYear: fiscalYear)
        try await saveTargets(try checked(book.json()), by: actor)
    }

    /// A book from its JSON (the YAML's structure), by the rules of `siang targets import`.
    func checked(_ json: String) throws(ReportFailure) -> TargetBook {
        let catalog = try catalog()
        do { return try TargetBook(json: json, catalog: catalog) } catch { throw ReportFailure.engine(error) }
    }

    // MARK: Checks shared by the pages and the API

    /// The `asOf` of a request: absent is nil; anything else is read as the CLI's `--as-of` is and must
    /// be at or after the period's start.
    static func asOf(_ raw: String?, period: ReportPeriodRef) throws(ReportFailure) -> Date? {
        guard let raw, !raw.isEmpty else { return nil }
        guard raw.count < 64, let date = try? ReportRequest.instant(raw), date >= period.start else { throw .badAsOf }
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
        labels.name(dimension, key, language)
    }
}
