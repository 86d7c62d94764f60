import Crypto
import Foundation
import SiangCore
import SiangStore

/// Imports an agency's earlier cases with their histories (`siang import cases`, DESIGN.md 5.8), so
/// its reports have their years before Siang on the first day.
///
/// Each line is checked whole (``HistoricalCaseReader``), classified and routed where the file left
/// that open, and written as the events live work would have written: the same receipt, the staff
/// moves at their times, the survey invitation at the resolution, the escalations the ticker would
/// have raised. Nobody is contacted: no acknowledgement, notice, survey invitation or escalation
/// is queued in the outbox, and the ticker finds nothing left to raise for a closed case.
///
/// Lines are written in batches, each one transaction; while a batch is written the next is read
/// and classified. An import cut short can be run again: refs already in are duplicates. With
/// `strict`, the whole file is checked first and nothing is written if any line is bad.
public struct CaseHistoryImporter: Sendable {
    /// The `--json` summary.
    public struct Summary: Codable, Sendable, Equatable {
        public var imported = 0
        public var duplicates = 0
        public var rejected: [RowProblem] = []
        public init(imported: Int = 0, duplicates: Int = 0, rejected: [RowProblem] = []) {
            self.imported = imported
            self.duplicates = duplicates
            self.rejected = rejected
        }
    }

    public let pipeline: IntakePipeline
    let sla: SLAService
    /// Lines per transaction.
    public var batchSize = 2_000

    public init(pipeline: IntakePipeline, sla: SLAService) {
        self.pipeline = pipeline
        self.sla = sla
    }

    /// Imports `path`; `progress` is told how many lines were handled after each batch.
    public func importFile(_ path: String, strict: Bool = false, progress: (@Sendable (Int) -> Void)? = nil) async throws(HistoryImportError) -> Summary {
        let now = pipeline.clock.now()
        if strict {
            let check = try await run(path, now: now, write: false, progress: nil)
            if !check.rejected.isEmpty { return Summary(imported: 0, duplicates: 0, rejected: check.rejected) }
        }
        // Answers are read against the questions they were asked with: keep the case survey's version.
        let surveys = pipeline.configuration.surveys
        if let definition = surveys.current(surveys.caseSurvey) {
            do { try await pipeline.store.registerSurveyDefinition(definition, at: now) } catch { throw .unavailable(error.description) }
        }
        return try await run(path, now: now, write: true, progress: progress)
    }

    /// One pass over the file; without `write`, it only finds what would be rejected.
    func run(_ path: String, now: Date, write: Bool, progress: (@Sendable (Int) -> Void)?) async throws(HistoryImportError) -> Summary {
        let reader = HistoricalCaseReader(configuration: pipeline.configuration, now: now)
        let decoder = JSONDecoder()
        var plan = ImportPlan()
        var summary = Summary()
        var batch: [HistoricalCase] = []
        var fingerprints: [String] = []
        var writing: Task<WrittenBatch, any Error>?
        var handled = 0

        func flush() async throws(HistoryImportError) {
            let lookup: [String: ImportedRef]
            do {
                lookup = try await pipeline.store.importedCases(refs: Array(Set(batch.map(\.ref) + batch.compactMap(\.duplicateOf))))
            } catch { throw .unavailable(error.description) }
            let accepted = plan.admit(batch, fingerprints: fingerprints, stored: lookup, summary: &summary)
            handled += batch.count
            batch.removeAll(keepingCapacity: true)
            fingerprints.removeAll(keepingCapacity: true)
            guard write, !accepted.isEmpty else { return }
            let triaged = accepted.map { item in TriagedCase(item: item, decision: decide(item.historical)) }
            if let previous = writing { try await collect(previous) }
            let known = plan.trackingIDs
            writing = Task { try await self.write(triaged, known: known, now: now) }
            progress?(handled)
        }
        func collect(_ task: Task<WrittenBatch, any Error>) async throws(HistoryImportError) {
            do {
                let written = try await task.value
                summary.imported += written.imported
                summary.duplicates += written.duplicates
                plan.trackingIDs.merge(written.trackingIDs) { _, new in new }
            } catch let e as HistoryImportError {
                throw e
            } catch {
                throw .unavailable("\(error)")
            }
        }

        for line in try JSONLinesReader(path: path) {
            switch line {
            case .tooLong(let number):
                summary.rejected.append(RowProblem(line: number, reason: "the line is longer than \(JSONLinesReader.maxLineBytes) bytes"))
            case .content(let number, let bytes):
                switch reader.read(bytes, line: number, decoder: decoder) {
                case .failure(let problem): summary.rejected.append(problem)
                case .success(let c):
                    batch.append(c)
                    fingerprints.append(Self.fingerprint(bytes))
                    if batch.count >= batchSize { try await flush() }
                }
            }
        }
        if !batch.isEmpty { try await flush() }
        if let last = writing { try await collect(last) }
        progress?(handled)
        summary.rejected.sort { $0.line < $1.line }
        return summary
    }

    /// Classification and routing where the line left them open; the line's own queue and priority win.
    func decide(_ c: HistoricalCase) -> TriageDecision {
        var decision = pipeline.triage?.triage(c.intake) ?? TriageDecision(kind: c.intake.kind ?? .complaint, category: c.intake.category,
                                                                            classifierConfidence: nil, priority: .normal, queue: nil, sla: nil)
        decision.kind = c.intake.kind ?? decision.kind
        if let queue = c.queue { decision.queue = queue }
        if let priority = c.priority {
            decision.priority = priority
            decision.sla = sla.summary(receivedAt: c.intake.receivedAt, category: decision.category, priority: priority)
        }
        return decision
    }

    struct TriagedCase: Sendable {
        var item: ImportPlan.Admitted
        var decision: TriageDecision
    }

    struct WrittenBatch: Sendable {
        var imported = 0
        var duplicates = 0
        var trackingIDs: [String: TrackingID] = [:]
    }

    /// Draws tracking IDs, builds the cases and writes them in one transaction; a colliding ID
    /// draws the batch again.
    func write(_ cases: [TriagedCase], known: [String: TrackingID], now: Date) async throws(HistoryImportError) -> WrittenBatch {
        let prefix = pipeline.configuration.trackingPrefix
        for _ in 0..<IntakePipeline.idAttempts {
            var ids = known
            var built: [ImportedCase] = []
            for t in cases {
                let c = t.item.historical
                let id: TrackingID
                do { id = try pipeline.ids.next(prefix: prefix, beYear: BangkokTime.beYear(of: c.intake.receivedAt)) } catch {
                    throw .unavailable("cannot make a tracking ID: \(error)")
                }
                ids[c.ref] = id
                built.append(HistoricalCaseBuilder(pipeline: pipeline, sla: sla, now: now)
                    .build(c, id: id, decision: t.decision, fingerprint: t.item.fingerprint, survivor: c.duplicateOf.flatMap { ids[$0] }))
            }
            do {
                let outcomes = try await pipeline.store.importCases(built)
                var written = WrittenBatch()
                for (c, outcome) in zip(built, outcomes) {
                    switch outcome {
                    case .created(let id):
                        written.imported += 1
                        written.trackingIDs[c.ref] = id
                    case .existing(let stored):
                        written.duplicates += 1
                        written.trackingIDs[c.ref] = stored.trackingID
                    }
                }
                return written
            } catch .trackingIDTaken {
                continue
            } catch {
                throw .unavailable(error.description)
            }
        }
        throw .unavailable("could not find free tracking IDs")
    }

    /// A digest of the line as given, to tell a repeated line from a changed one under the same ref.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
