import Foundation
import SiangCore
import SiangPipeline
import SiangStore

/// Imports a call-centre log (DESIGN.md 5.4): streams the file, opens a case for each call that is a
/// complaint, suggestion, compliment or inquiry, records every call for channel statistics, skips
/// calls seen before, and reports each bad row with the line it starts on.
///
/// Rows are committed in batches (one transaction each), so a million-row file streams in bounded
/// memory; cases are stored before their call records, so an import cut short and run again neither
/// loses nor doubles a case. With `strict`, the file is read once to check every row and nothing is
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
        public init() {}
    }

    public let pipeline: IntakePipeline
    public let store: any CaseStore
    public var batchSize = 1_000

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
        var batch: [HotlineCall] = []
        var seenInFile = Set<String>()
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
                    try await commit(batch, into: &summary)
                    batch.removeAll(keepingCapacity: true)
                    progress?(summary.rows)
                }
            }
        }
        try await commit(batch, into: &summary)
        progress?(summary.rows)
        summary.rejected.sort { $0.line < $1.line }
        return summary
    }

    func commit(_ calls: [HotlineCall], into summary: inout Summary) async throws {
        guard !calls.isEmpty else { return }
        let known = try await store.knownCallIDs(calls.map(\.callID))
        var fresh: [HotlineCall] = []
        for call in calls {
            if known.contains(call.callID) { summary.duplicates += 1 } else { fresh.append(call) }
        }
        let taxonomy = pipeline.configuration.taxonomy
        let opening = fresh.compactMap { call in HotlineIntake.intake(for: call, taxonomy: taxonomy).map { (call, $0) } }
        let outcomes = try await pipeline.submitMany(opening.map(\.1))
        var records: [CallRecord] = []
        var idByCall: [String: TrackingID] = [:]
        for ((call, _), outcome) in zip(opening, outcomes) {
            switch outcome {
            case .success(.created(let r)):
                summary.imported += 1
                idByCall[call.callID] = r.trackingId
            case .success(.existing(let r)):
                // Stored by an earlier run that stopped before recording its calls.
                summary.duplicates += 1
                idByCall[call.callID] = r.trackingId
            case .failure(let error):
                summary.rejected.append(.init(line: call.line, reason: Self.reason(error)))
            }
        }
        for call in fresh where !call.disposition.opensCase {
            summary.skipped += 1
            records.append(HotlineIntake.record(for: call, trackingID: nil))
        }
        for (call, _) in opening where idByCall[call.callID] != nil {
            records.append(HotlineIntake.record(for: call, trackingID: idByCall[call.callID]))
        }
        try await store.recordCalls(records)
    }

    static func reason(_ error: IntakeError) -> String {
        switch error {
        case .invalid(let fields): fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ")
        case .keyReused: "call_id was imported before with different content"
        case .unavailable(let why): why
        }
    }
}
