import Foundation
import GRDB
import SiangCore

extension SQLiteStore: ReportStore {
    /// Every case fact received before `instant`, in receipt order.
    public func caseFacts(receivedBefore instant: Date) async throws(StoreError) -> [CaseFact] {
        try await caseFactColumns(receivedBefore: instant).facts
    }

    /// Every case fact received before `instant`, in receipt order, as columns.
    ///
    /// A fiscal-year report reads a million of them, a CPU-bound second of stepping rows and laying them
    /// out, so the range is cut by receipt time into one part per core, each read on its own pooled connection at once, and
    /// the parts joined in order. Each part is its own read transaction: a case is in exactly one part
    /// (its receipt time never changes), and an event committed meanwhile shows in the figures as it
    /// would have a moment later.
    public func caseFactColumns(receivedBefore instant: Date) async throws(StoreError) -> CaseFactColumns {
        try await caseFactColumns(receivedBefore: instant, inParts: Self.reportReadParts)
    }

    /// The facts received before `instant`, read in (at most) `parts` parts at once.
    func caseFactColumns(receivedBefore instant: Date, inParts requested: Int) async throws(StoreError) -> CaseFactColumns {
        let end = instant.storedValue
        guard let span = try await read({ db in try CaseFactReader.span(receivedBefore: end, db: db) }) else { return CaseFactColumns() }
        let parts = span.first < span.last ? max(1, requested) : 1
        let cuts = (0...parts).map { n in
            n == 0 ? span.first : n == parts ? end : span.first + (span.last - span.first) * Double(n) / Double(parts)
        }
        // Every part has room for all the facts: untouched room is never backed by memory, and the
        // first part takes the others in without growing.
        let room = span.most
        if parts == 1 { return try await read { db in try CaseFactReader.columns(from: cuts[0], to: cuts[1], capacity: room, db: db) } }
        do {
            return try await withThrowingTaskGroup(of: (Int, CaseFactColumns).self) { group in
                for n in 0..<parts {
                    group.addTask {
                        (n, try await self.read { db in try CaseFactReader.columns(from: cuts[n], to: cuts[n + 1], capacity: room, db: db) })
                    }
                }
                var pieces = [CaseFactColumns](repeating: CaseFactColumns(), count: parts)
                for try await (n, columns) in group { pieces[n] = columns }
                var columns = pieces[0]
                pieces[0] = CaseFactColumns()
                for piece in pieces.dropFirst() { columns.append(contentsOf: piece) }
                return columns
            }
        } catch {
            throw Self.map(error)
        }
    }

    /// How many parts a report's case facts are read in: one per core, at most four (the pool's readers
    /// are shared with everything else the server answers).
    static var reportReadParts: Int { max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)) }

    public func rebuildCaseFacts(batchSize: Int, progress: (@Sendable (Int) -> Void)?) async throws(StoreError) -> Int {
        try await CaseFactRebuild.run(batchSize: batchSize, progress: progress) { (start, size) throws(StoreError) in
            try await write { db in try CaseFactRows.rebuild(db: db, afterCaseID: start, limit: size) }
        }
    }
}
