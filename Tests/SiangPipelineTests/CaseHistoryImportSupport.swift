import Foundation
import GRDB
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore
import SiangTestSupport

/// A case-action fixture with the history importer over its store and pipeline.
struct HistoryImportFixture {
    let f: CaseActionFixture
    var importer: CaseHistoryImporter { CaseHistoryImporter(pipeline: f.pipeline, sla: f.sla) }

    init(now: Date = CaseActionFixture.monday) throws {
        f = try CaseActionFixture(now: now)
    }

    /// Writes `lines` (joined with `separator`) to a temporary file and imports it.
    func run(_ lines: [String], separator: String = "\n", prefix: String = "", strict: Bool = false, batchSize: Int = 2_000) async throws -> CaseHistoryImporter.Summary {
        let path = NSTemporaryDirectory() + "siang-cases-\(UUID().uuidString).jsonl"
        try Data((prefix + lines.joined(separator: separator)).utf8).write(to: URL(fileURLWithPath: path))
        var importer = self.importer
        importer.batchSize = batchSize
        return try await importer.importFile(path, strict: strict)
    }

    /// The tracking ID of the case imported under `ref`.
    func id(_ ref: String) async throws -> TrackingID {
        try #require(try await f.store.importedCases(refs: [ref])[ref]).trackingID
    }

    func sql<T: DatabaseValueConvertible & Sendable>(_ query: String, _ arguments: [String] = []) async throws -> T? {
        try await f.store.pool.read { db in try T.fetchOne(db, sql: query, arguments: StatementArguments(arguments)) }
    }

    func outboxRows() async throws -> Int {
        try await sql("SELECT count(*) FROM outbox") ?? -1
    }
}

/// A line of a case-history file.
func caseLine(_ ref: String, kind: String = "complaint", text: String = "ท่อประปาแตกหน้าบ้าน น้ำไหลนองถนน", receivedAt: String = "2023-11-02T09:15:00+07:00",
              extra: String = "") -> String {
    #"{"ref":"\#(ref)","kind":"\#(kind)","text":"\#(text)","receivedAt":"\#(receivedAt)"\#(extra)}"#
}
