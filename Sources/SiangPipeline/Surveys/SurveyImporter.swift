import Crypto
import Foundation
import SiangCore
import SiangStore

/// Imports answers from other survey tools (`siang import survey FILE.csv [--mapping FILE]`), so
/// results from every source are counted together and can still be told apart: each row is stored
/// with the source `import:<mapping source>`.
///
/// A bad row is reported with its line and the reason and the rest is imported. A row imported
/// before (the same cells under the same source) is a duplicate and skipped, so importing the same
/// export twice, or a later export that repeats the earlier rows, counts each answer once.
public struct SurveyImporter: Sendable {
    let store: any CaseStore
    let configuration: SiangConfiguration

    public init(store: any CaseStore, configuration: SiangConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// What an import did (the CLI's `--json` summary).
    public struct Summary: Sendable, Equatable, Encodable {
        public var source: String
        public var imported = 0
        public var duplicates = 0
        public var rejected: [RowProblem] = []
        public var warnings: [String] = []
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case file(SurveyCSV.Failure)
        case columns(SurveyImportPlan.Failure)
        case store(StoreError)

        public var description: String {
            switch self {
            case .file(let f): f.description
            case .columns(let f): f.description
            case .store(let e): e.description
            }
        }
    }

    /// Imports the CSV bytes; `now` dates rows without a timestamp.
    public func importCSV(_ data: Data, mapping: SurveyImportMapping, at now: Date) async throws(Failure) -> Summary {
        let records: [SurveyCSV.Record]
        do { records = try SurveyCSV.records(data) } catch { throw .file(error) }
        let plan: SurveyImportPlan
        do { plan = try SurveyImportPlan(header: records[0].fields, mapping: mapping, settings: configuration.surveys) } catch {
            throw .columns(error)
        }
        var summary = Summary(source: "import:\(mapping.source)", warnings: plan.warnings)
        var answers: [NewSurveyAnswer] = []
        for record in records.dropFirst() {
            switch plan.read(record) {
            case .failure(let problem):
                summary.rejected.append(problem)
            case .success(let row):
                do {
                    answers.append(try await answer(for: row, plan: plan, mapping: mapping, now: now))
                } catch {
                    throw .store(error)
                }
            }
        }
        do {
            try await store.registerSurveyDefinition(plan.definition, at: now)
            for batch in stride(from: 0, to: answers.count, by: 500).map({ Array(answers[$0..<min($0 + 500, answers.count)]) }) {
                for outcome in try await store.recordSurveyAnswers(batch) {
                    if case .recorded = outcome { summary.imported += 1 } else { summary.duplicates += 1 }
                }
            }
        } catch {
            throw .store(error)
        }
        return summary
    }

    func answer(for row: SurveyImportPlan.Row, plan: SurveyImportPlan, mapping: SurveyImportMapping, now: Date) async throws(StoreError) -> NewSurveyAnswer {
        var answer = NewSurveyAnswer(
            token: nil, surveyID: plan.definition.id, version: plan.definition.version, source: "import:\(mapping.source)", via: "import",
            channel: row.channel, segment: row.segment, servicePoint: row.servicePoint, answeredAt: row.answeredAt ?? now,
            response: row.response, key: "import:\(mapping.source):" + Self.digest(row.raw))
        answer.queue = row.servicePoint.flatMap { configuration.surveys.servicePoint($0)?.queue }
        // A row that names one of our cases counts in that case's groups.
        if let raw = row.trackingID, let id = try? TrackingID.parse(raw, expectedPrefix: configuration.trackingPrefix),
           let record = try await store.record(id) {
            answer.trackingID = id
            answer.channel = answer.channel ?? record.state.channel
            answer.category = record.state.category
            answer.segment = answer.segment ?? record.state.segment
            answer.queue = record.state.queue
        }
        return answer
    }

    static func digest(_ raw: String) -> String {
        SHA256.hash(data: Data(raw.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}
