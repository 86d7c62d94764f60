import Foundation
import SiangCore
import SiangStore

/// The improvement's JSON (docs/reports.md "Improvement log", openapi.yaml `Improvement`), written by
/// hand as the report document is: the API's answers, the evidence pack's L2 entries and the
/// scoring-core export's `improvements[]` all use it. `servicePoint`, `value` and `denominator` are
/// always present (`null` when empty); values are rounded to 2 decimals; times are Bangkok ISO 8601.
/// The staff member who recorded an entry is never in it (that is the audit log's).
public enum ImprovementJSON {
    public static func value(_ a: AssessedImprovement) -> JSONValue {
        let i = a.improvement
        return .object([
            "id": .number(Double(i.id)),
            "date": .string(i.date.description),
            "title": .string(i.title),
            "triggers": .object([
                "categories": .array(i.triggers.categories.map(JSONValue.string)),
                "reasonCodes": .array(i.triggers.reasonCodes.map(JSONValue.string)),
                "metricIds": .array(i.triggers.metricIds.map(JSONValue.string)),
                "servicePoint": i.triggers.servicePoint.map(JSONValue.string) ?? .null,
            ]),
            "action": .string(i.action),
            "owningUnit": .string(i.owningUnit),
            "learningLevel": .string(i.learningLevel.rawValue),
            "recordedAt": .string(BangkokTime.iso8601(i.recordedAt)),
            "updatedAt": .string(BangkokTime.iso8601(i.updatedAt)),
            "effects": .array(a.effects.map { e in
                .object(["metricId": .string(e.metricId), "before": window(e.before), "after": window(e.after)])
            }),
        ])
    }

    static func window(_ w: ImprovementWindow) -> JSONValue {
        .object(["fromMonth": .string(w.fromMonth), "toMonth": .string(w.toMonth), "value": .number(w.value.map(ReportRounding.round2)),
                 "denominator": w.denominator.map { .integer($0) } ?? .null])
    }

    /// One entry, as `GET /api/v1/improvements/{id}` answers it.
    public static func encode(_ a: AssessedImprovement) -> String { value(a).serialized(rounding: true) }

    /// A list, as `GET /api/v1/improvements` and `siang improvements list --json` answer it:
    /// `{"fiscalYear": 2569 or null, "asOf": "…", "improvements": […]}`.
    public static func encode(_ list: [AssessedImprovement], fiscalYear: Int?, asOf: Date) -> String {
        JSONValue.object([
            "fiscalYear": fiscalYear.map { .integer($0) } ?? .null,
            "asOf": .string(BangkokTime.iso8601(asOf)),
            "improvements": .array(list.map(value)),
        ]).serialized(rounding: true)
    }
}
