import Foundation
import SiangCore
import SiangPipeline
import SiangStore

/// Imports a call-centre log (DESIGN.md 5.4): streams the file, opens a case for each call that is a
/// complaint, suggestion, compliment or inquiry, records every call for channel statistics, skips
/// calls seen before, and reports each bad row with the line it starts on.
///
/// Rows are committed in batches, each one transaction with its cases and call records, so a
/// million-row file streams in bounded memory and an import cut short and run again neither loses nor
/// doubles a case. With `strict`, the file is read once to check every row and nothing is
/// written if any row is bad.
public struct HotlineImporter: Sendable {
    public struct Summary: Codable, Sendable, Equatable {
        public var imported = 0
        public var duplicates = 0
        /// Calls with no case (dropped, wrong number, test), kept for statistics only.
        public var skipped = 0
        public var rejected: [Rejection] = []
        public struct Rejection: Codable, Sendable, Equatable {
            public var line: Int
            public var reason: String
            public init(line: Int, reason: String) {
                self.line = line
                self.reason = reason
            }
        }
        public var rows: Int { imported + duplicates + skipped + rejected.count }
        mutating func add(_ other: Summary) {
            imported += other.imported
            duplicates += other.duplicates
            skipped += other.skipped
            rejected += other.rejected
        }
        public init() {}
    }

    public let pipeline: IntakePipeline
    public let store: any CaseStore
    /// Rows per transaction. Large batches write each touched index page once for many rows (a
    /// commit costs about as much as the inserts at 1,000 rows); a server importing beside live
    /// intake uses smaller ones, so the write lock is never held long.
    public var batchSize = 5_000

    public init(pipeline: IntakePipeline, store: any CaseStore) {
        self.pipeline = pipeline
        self.store = store
    }

    /// Imports `path`. `progress` is told how many rows were handled so far, after each batch.
    public func importFile(_ path: String, encoding: HotlineTextEncoding = .auto, mapping: HotlineMapping = .standard,
                           strict: Bool = false, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Summary {
        if strict {
            var check = Summary()
            let taxonomy = pipeline.configuration.taxonomy
            for result in try HotlineLogReader(path: path, encoding: encoding, mapping: mapping) {
                switch result {
                case .failure(let e): check.rejected.append(.init(line: e.line, reason: e.reason))
                case .success(let call):
                    // The same checks the import would make, so "all or nothing" holds for them too.
                    if let intake = HotlineIntake.intake(for: call, taxonomy: taxonomy) {
                        let problems = pipeline.problems(in: intake)
                        if !problems.isEmpty { check.rejected.append(.init(line: call.line, reason: Self.reason(.invalid(problems)))) }
                    }
                }
            }
            if !check.rejected.isEmpty { return check }
        }
        var summary = Summary()
        var seenInFile = Set<String>()
        // Reading, triage and the SQLite writes overlap: while one batch is being written, the next
        // is classified and encoded on the other core. Batches are independent (a call_id seen
        // earlier in the file never reaches a later batch), so their order of commit does not matter.
        try await withThrowingTaskGroup(of: Summary.self) { group in
            var inFlight = 0
            var batch: [HotlineCall] = []
            batch.reserveCapacity(batchSize)
            func startCommit() {
                let calls = batch
                batch.removeAll(keepingCapacity: true)
                group.addTask { try await self.commit(calls) }
                inFlight += 1
            }
            for result in try HotlineLogReader(path: path, encoding: encoding, mapping: mapping) {
                switch result {
                case .failure(let e):
                    summary.rejected.append(.init(line: e.line, reason: e.reason))
                case .success(let call):
                    if !seenInFile.insert(call.callID).inserted {
                        summary.duplicates += 1
                        continue
                    }
                    batch.append(call)
                    if batch.count >= batchSize {
                        startCommit()
                        if inFlight >= Self.batchesInFlight, let done = try await group.next() {
                            inFlight -= 1
                            summary.add(done)
                            progress?(summary.rows)
                        }
                    }
                }
            }
            if !batch.isEmpty { startCommit() }
            for try await done in group { summary.add(done) }
        }
        progress?(summary.rows)
        summary.rejected.sort { $0.line < $1.line }
        return summary
    }

    /// Batches being classified or written at once: two keep both cores busy on the machines
    /// agencies run, and bound memory to a few batches of rows.
    static let batchesInFlight = 2

    /// Stores one batch, its cases and call records in one transaction; returns what became of each
    /// row.
    func commit(_ calls: [HotlineCall]) async throws -> Summary {
        var summary = Summary()
        guard !calls.isEmpty else { return summary }
        let known = try await store.knownCallIDs(calls.map(\.callID))
        var fresh: [HotlineCall] = []
        for call in calls {
            if known.contains(call.callID) { summary.duplicates += 1 } else { fresh.append(call) }
        }
        let taxonomy = pipeline.configuration.taxonomy
        let opening = fresh.compactMap { call in HotlineIntake.intake(for: call, taxonomy: taxonomy).map { (call, $0) } }
        let openingCalls = opening.map(\.0)
        let withoutCase = fresh.filter { !$0.disposition.opensCase }
        let outcomes = try await pipeline.submitMany(opening.map(\.1)) { outcomes in
            Self.records(opening: openingCalls, outcomes: outcomes, withoutCase: withoutCase)
        }
        for (call, outcome) in zip(openingCalls, outcomes) {
            switch outcome {
            case .success(.created): summary.imported += 1
            // Stored before without its call record (an import from before cases and calls shared a transaction).
            case .success(.existing): summary.duplicates += 1
            case .failure(let error): summary.rejected.append(.init(line: call.line, reason: Self.reason(error)))
            }
        }
        summary.skipped += withoutCase.count
        return summary
    }

    /// The call records of a batch: every call with no case, and every call whose case is stored.
    static func records(opening: [HotlineCall], outcomes: [Result<CreateOutcome, IntakeError>], withoutCase: [HotlineCall]) -> [CallRecord] {
        var records = withoutCase.map { HotlineIntake.record(for: $0, trackingID: nil) }
        for (call, outcome) in zip(opening, outcomes) {
            switch outcome {
            case .success(.created(let r)), .success(.existing(let r)): records.append(HotlineIntake.record(for: call, trackingID: r.trackingId))
            case .failure: break
            }
        }
        return records
    }

    static func reason(_ error: IntakeError) -> String {
        switch error {
        case .invalid(let fields): fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .keyReused: "call_id was imported before with different content"
        case .unavailable(let why): why
        }
    }
}
