import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The `siang.scoring-core.v1` document: the designed top-level keys, the report's metrics with LeTCI
/// and bands as the report JSON writes them, the category 3 parts as handed in, the same bytes for the
/// same content, no key naming personal data, and validity against the shipped JSON Schema.
@Suite struct ScoringCoreDocumentTests {
    typealias F = ReportFixture
    typealias P = ScoringCorePartsFixture
    let agency = ScoringCoreAgency(nameTh: "เทศบาลตัวอย่าง", nameEn: "Example Municipality", code: "MUN-0042")
    let generatedAt = F.bkk(2026, 11, 2, 2, 5)

    func fy2569() throws -> ReportDocument {
        try F.report(.fiscalYear, "2569", F.inputs(answers: LeTCITests.answers,
                                                   targets: TargetBook(yaml: LeTCITests.targetsYAML, catalog: MetricCatalog.load())))
    }

    func build(_ report: ReportDocument, parts: ScoringCoreParts = P.parts) throws -> ScoringCoreDocument {
        try ScoringCoreDocument.build(report: report, agency: agency, parts: parts, generatedAt: generatedAt)
    }

    @Test func documentHasTheDesignedTopLevelAndPeriod() throws {
        let doc = try build(try fy2569())
        let root = doc.json
        #expect(Set(try #require(root.objectValue).keys) == ["schema", "agency", "fiscalYear", "period", "generatedAt", "metrics",
                                                            "evidence", "improvements", "readiness"])
        #expect(root["schema"] == .string("siang.scoring-core.v1"))
        #expect(root["agency"] == .object(["nameTh": .string("เทศบาลตัวอย่าง"), "nameEn": .string("Example Municipality"),
                                           "code": .string("MUN-0042")]))
        #expect(root["fiscalYear"] == .number(2569))
        #expect(root["generatedAt"] == .string("2026-11-02T02:05:00+07:00"))
        let period = try #require(root["period"])
        #expect(period["kind"] == .string("fiscal_year"))
        #expect(period["id"] == .string("2569"))
        #expect(period["from"] == .string("2025-10-01T00:00:00+07:00"))
        #expect(period["to"] == .string("2026-10-01T00:00:00+07:00"))
        #expect(period["asOf"] == .string("2026-10-01T00:00:00+07:00"))
        #expect(!doc.text.contains("_0"))
        #expect(doc.text.hasPrefix("{\"agency\":{\"code\":\"MUN-0042\""), "keys are sorted")
    }

    @Test func anAgencyWithoutACodeIsWrittenNull() throws {
        let doc = try ScoringCoreDocument.build(report: try fy2569(), agency: ScoringCoreAgency(nameTh: "ก", nameEn: "A", code: ""),
                                                parts: P.parts, generatedAt: generatedAt)
        #expect(doc.json["agency"]?["code"] == .null)
    }

    @Test func metricsAreTheReportsWithLeTCIAndBandButWithoutBreakdowns() throws {
        let report = try fy2569()
        let metrics = try #require(try build(report).json["metrics"]?.arrayValue)
        #expect(metrics.map { $0["id"]?.stringValue } == report.metrics.map(\.id))
        let satisfaction = try #require(metrics.first { $0["id"] == .string("satisfaction_pct") })
        #expect(Set(try #require(satisfaction.objectValue).keys) == ["id", "nameTh", "nameEn", "unit", "better", "source", "pmqaItems",
                                                                      "definitionVersion", "value", "numerator", "denominator", "letci"])
        // Worked out in LeTCITests: 90 % against a target of 85 is 5.88 % better, band advance.
        #expect(satisfaction["value"] == .number(90))
        #expect(satisfaction["letci"]?["target"] == .number(85))
        #expect(satisfaction["letci"]?["betterThanTargetPct"] == .number(5.88))
        #expect(satisfaction["letci"]?["band"] == .string("advance"))
        #expect(satisfaction["letci"]?["direction"] == .string("improving"))
        #expect(satisfaction["letci"]?["comparison"]?.arrayValue?.first?["outcome"] == .string("better"))
        #expect(satisfaction["letci"] == JSONValue.parse(ReportJSON.encode(report))?["metrics"]?.arrayValue?
            .first { $0["id"] == .string("satisfaction_pct") }?["letci"])
    }

    @Test func aQuartersMetricsCarryNoLeTCI() throws {
        let quarter = try F.report(.quarter, "2569-Q2", F.inputs(answers: LeTCITests.answers))
        let doc = try build(quarter)
        #expect(doc.json["period"]?["id"] == .string("2569-Q2"))
        #expect(doc.json["period"]?["kind"] == .string("quarter"))
        #expect(doc.json["metrics"]?.arrayValue?.allSatisfy { $0["letci"] == .null } == true)
    }

    @Test func partsAreWrittenAsHandedInWithDatesInBangkokTime() throws {
        let doc = try build(try fy2569())
        let improvement = try #require(doc.json["improvements"]?.arrayValue?.first)
        #expect(improvement["recordedAt"] == .string("2026-03-16T10:00:00+07:00"))
        #expect(improvement["triggers"]?["servicePoint"] == .null)
        #expect(improvement["effects"]?.arrayValue?.first?["after"]?["value"] == .null)
        #expect(improvement["effects"]?.arrayValue?.first?["before"]?["value"] == .number(71.43))
        let items = try #require(doc.json["evidence"]?["approaches"]?.arrayValue?.first?["items"]?.arrayValue)
        #expect(items.map { $0["key"]?.stringValue } == P.itemKeys)
        // Counts of 1 and 0 stay numbers (not read back as true and false).
        #expect(doc.text.contains("{\"code\":\"line\",\"count\":1,\"firstUsedOn\":\"2023-10-02\""))
        #expect(doc.text.contains("{\"code\":\"letter\",\"count\":0,"))
        #expect(doc.json["readiness"]?["lines"]?.arrayValue?.map { $0["id"]?.stringValue } == P.lineIDs)
    }

    @Test func theSameContentGivesTheSameBytesAndANewGenerationTimeANewDocument() throws {
        let report = try fy2569()
        let first = try build(report)
        let again = try build(report)
        #expect(first.bytes == again.bytes)
        let later = try ScoringCoreDocument.build(report: report, agency: agency, parts: P.parts, generatedAt: generatedAt.addingTimeInterval(1))
        #expect(later.bytes != first.bytes)
    }

    @Test func aPartThatNamesPersonalDataIsRefused() throws {
        struct Leaky: Encodable, Sendable {
            struct Who: Encodable, Sendable { var phone: String }
            var id = 1
            var contact = Who(phone: "0812345678")
        }
        #expect(throws: ReportError.document("the improvements part carries improvements[0].contact, which names personal data; an export holds aggregates only")) {
            try build(try fy2569(), parts: ScoringCoreParts(evidence: P.evidence(), improvements: [Leaky()], readiness: P.readiness()))
        }
        struct RecordedBy: Encodable, Sendable { var fiscalYear = 2569; var asOf = "x"; var lines: [String] = []; var username = "somchai" }
        #expect(throws: ReportError.self) {
            try build(try fy2569(), parts: ScoringCoreParts(evidence: P.evidence(), improvements: P.improvements, readiness: RecordedBy()))
        }
    }

    @Test func aWellFormedDocumentHasNoPersonalKeyAnywhere() throws {
        let doc = try build(try fy2569())
        #expect(ScoringCorePart.firstPersonalKey(in: doc.json, path: "") == nil)
    }

    @Test func aPartOfTheWrongOutlineIsRefused() throws {
        #expect(throws: ReportError.document("the evidence part must be a JSON object")) {
            try build(try fy2569(), parts: ScoringCoreParts(evidence: [1, 2], improvements: P.improvements, readiness: P.readiness()))
        }
        struct NoLines: Encodable, Sendable { var fiscalYear = 2569; var asOf = "2026-10-01T00:00:00+07:00" }
        #expect(throws: ReportError.document("the readiness part lacks lines")) {
            try build(try fy2569(), parts: ScoringCoreParts(evidence: P.evidence(), improvements: P.improvements, readiness: NoLines()))
        }
        #expect(throws: ReportError.document("the improvements part must be a JSON array")) {
            try build(try fy2569(), parts: ScoringCoreParts(evidence: P.evidence(), improvements: "none", readiness: P.readiness()))
        }
    }

    @Test func theDocumentIsValidAgainstTheShippedSchemaAndABrokenOneIsNot() throws {
        let schema = try #require(ScoringCoreSchema.url)
        let doc = try build(try fy2569())
        #expect(try SchemaCheck.errors(doc.bytes, schema: schema) == "")
        // The checker is not a rubber stamp: an evidence item out of order and an unknown key are caught.
        var broken = doc.text.replacingOccurrences(of: "\"key\":\"A2\"", with: "\"key\":\"A9\"")
        broken = broken.replacingOccurrences(of: "\"schema\":\"siang.scoring-core.v1\"", with: "\"schema\":\"siang.scoring-core.v1\",\"extra\":1")
        let errors = try SchemaCheck.errors(Data(broken.utf8), schema: schema)
        #expect(errors.contains("A2"))
        #expect(errors.contains("extra"))
    }
}

/// Runs the document through Python's `jsonschema` (installed by scripts/install-deps.sh test), the
/// validator a scoring core is likely to use; answers the error messages, empty when valid.
enum SchemaCheck {
    static func errors(_ document: Data, schema: URL) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scoring-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("document.json")
        try document.write(to: file)
        let process = Process()
        // The python3 on PATH, the one scripts/install-deps.sh installs jsonschema for.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            v = jsonschema.Draft202012Validator(schema)
            for e in v.iter_errors(json.load(open(sys.argv[2]))):
                print(e.message, list(e.absolute_path))
            """, schema.path, file.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
