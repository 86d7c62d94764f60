import Foundation
import SiangCore

/// The `siang.scoring-core.v1` document (DESIGN.md 5.9, docs/scoring-core.md,
/// `Resources/scoring-core.v1.schema.json`): what the agency's PMQA scoring core reads each month. One
/// period's 7.2 metrics with LeTCI and bands, taken from the report engine's document, and the category 3
/// parts (evidence pack, improvement log, readiness check) as the API answers them.
///
/// Written once, with sorted keys and numbers rounded as the report writes them, so the same content
/// always gives the same bytes; ``bytes`` are what is written to a file or POSTed, and the idempotency key
/// of a push is the SHA-256 of exactly these bytes. `generatedAt` is part of the content: a document made
/// again later is a new document. Aggregates only: a part that carries a key naming personal data is
/// refused before anything is written.
public struct ScoringCoreDocument: Sendable, Equatable {
    public static let schema = "siang.scoring-core.v1"

    /// The document as a value, as written (rounded figures): for tests and readers in the process.
    public let json: JSONValue
    /// The compact UTF-8 JSON text, keys sorted: what is written and sent.
    public let bytes: Data

    /// Builds the document of `report`'s period. `report` must be of the fiscal year `fiscalYear` (for a
    /// month or quarter: lie in it); its metrics carry LeTCI only when it is a fiscal-year report.
    public static func build(report: ReportDocument, agency: ScoringCoreAgency, parts: ScoringCoreParts,
                             generatedAt: Date) throws(ReportError) -> ScoringCoreDocument {
        let evidence = try ScoringCorePart.encode(parts.evidence, as: "evidence", outline: .object(["fiscalYear", "asOf", "approaches"]))
        let improvements = try ScoringCorePart.encode(parts.improvements, as: "improvements", outline: .array)
        let readiness = try ScoringCorePart.encode(parts.readiness, as: "readiness", outline: .object(["fiscalYear", "asOf", "lines"]))
        let period = report.period
        let json = JSONValue.object([
            "schema": .string(schema),
            "agency": .object(["nameTh": .string(agency.nameTh), "nameEn": .string(agency.nameEn),
                               "code": agency.code.map(JSONValue.string) ?? .null]),
            "fiscalYear": .integer(period.fiscalYear),
            "period": .object([
                "kind": .string(period.kind.rawValue), "id": .string(period.id), "from": ReportJSON.instant(period.from),
                "to": ReportJSON.instant(period.to), "asOf": ReportJSON.instant(period.asOf),
                "labelTh": .string(period.labelTh), "labelEn": .string(period.labelEn),
            ]),
            "generatedAt": ReportJSON.instant(generatedAt),
            "metrics": .array(report.metrics.map(metric)),
            "evidence": evidence,
            "improvements": improvements,
            "readiness": readiness,
        ])
        let text = json.serialized(rounding: true)
        // `json` is read back from the text, so it holds the rounded figures exactly as they are sent.
        return ScoringCoreDocument(json: JSONValue.parse(text) ?? json, bytes: Data(text.utf8))
    }

    /// A metric as the report JSON writes it, without the breakdowns, the period comparisons and the
    /// monthly series: the scoring core scores the level, trend, comparison and target of each metric.
    static func metric(_ m: MetricResult) -> JSONValue {
        guard case .object(var members) = ReportJSON.metric(m) else { return ReportJSON.metric(m) }
        for key in ["breakdowns", "comparisons", "monthly"] { members[key] = nil }
        return .object(members)
    }

    /// The document's text (UTF-8), as written to a file.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
