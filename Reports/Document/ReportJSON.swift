import Foundation
import SiangCore

/// The `siang.report.v1` JSON of DESIGN.md 5.7, written and read by hand (docs/reports.md lists every
/// key). Keys are sorted; `value`, `numerator` and `denominator` are always present (`null` when
/// empty, never left out and never 0 in its place); numbers are written rounded to 2 decimals, half
/// away from zero; instants are ISO 8601 in Bangkok time with `+07:00`.
///
/// Locked months are stored in this form and read back with ``decode(_:)``; what the reader gets back
/// is what a person saw, rounded, which is what ``PendingChanges`` compares.
public enum ReportJSON {
    public static func encode(_ d: ReportDocument) -> String {
        value(d).serialized(rounding: true)
    }

    public static func value(_ d: ReportDocument) -> JSONValue {
        .object([
            "schema": .string(ReportDocument.schema),
            "period": .object([
                "kind": .string(d.period.kind.rawValue), "id": .string(d.period.id),
                "fiscalYear": .integer(d.period.fiscalYear), "from": instant(d.period.from), "to": instant(d.period.to),
                "asOf": instant(d.period.asOf), "labelTh": .string(d.period.labelTh), "labelEn": .string(d.period.labelEn),
            ]),
            "revision": .integer(d.revision),
            "locked": .bool(d.locked),
            "generatedAt": instant(d.generatedAt),
            "agency": .object(["nameTh": .string(d.agency.nameTh), "nameEn": .string(d.agency.nameEn)]),
            "restatementReason": d.restatementReason.map(JSONValue.string) ?? .null,
            "metrics": .array(d.metrics.map(metric)),
            "reasons": .array(d.reasons.map {
                .object(["code": .string($0.code), "count": .integer($0.count), "share": .number($0.share),
                         "cumulativeShare": .number($0.cumulativeShare)])
            }),
            "frequentComplaints": .array(d.frequentComplaints.map {
                .object(["category": .string($0.category), "count": .integer($0.count), "share": .number($0.share),
                         "cumulativeShare": .number($0.cumulativeShare), "previousCount": .integer($0.previousCount)])
            }),
            "emergingTopics": .array(d.emergingTopics.map {
                .object(["category": .string($0.category), "word": .string($0.word), "cases": .integer($0.cases),
                         "share": .number($0.share), "previousCases": .integer($0.previousCases),
                         "previousShare": .number($0.previousShare), "rise": .number($0.rise)])
            }),
            "pendingChanges": .array(d.pendingChanges.map {
                .object(["metric": .string($0.metric), "breakdown": .string($0.breakdown), "stored": .number($0.stored),
                         "now": .number($0.now)])
            }),
        ])
    }

    static func instant(_ date: Date) -> JSONValue { .string(BangkokTime.iso8601(date)) }

    static func metric(_ m: MetricResult) -> JSONValue {
        var breakdowns = JSONValue.Object()
        for (dimension, rows) in m.breakdowns {
            breakdowns[dimension] = .array(rows.map {
                .object(["key": .string($0.key), "value": .number($0.value), "numerator": .number($0.numerator),
                         "denominator": .number($0.denominator)])
            })
        }
        func periods(_ list: [PeriodComparison]) -> JSONValue {
            .array(list.map { .object(["relation": .string($0.relation), "periodId": .string($0.periodID), "value": .number($0.value)]) })
        }
        return .object([
            "id": .string(m.id), "nameTh": .string(m.nameTh), "nameEn": .string(m.nameEn), "unit": .string(m.unit),
            "better": .string(m.better.rawValue), "source": .string(m.source), "pmqaItems": .array(m.pmqaItems.map(JSONValue.string)),
            "definitionVersion": .integer(m.definitionVersion),
            "value": .number(m.value), "numerator": .number(m.numerator), "denominator": .number(m.denominator),
            "breakdowns": .object(breakdowns), "comparisons": periods(m.comparisons), "monthly": periods(m.monthly),
            "letci": m.letci.map(letci) ?? .null,
        ])
    }

    static func letci(_ l: LeTCI) -> JSONValue {
        .object([
            "level": .number(l.level),
            "trend": .array(l.trend.map {
                .object(["fiscalYear": .integer($0.fiscalYear), "value": .number($0.value), "source": .string($0.source)])
            }),
            "direction": .string(l.direction.rawValue),
            "comparison": .array(l.comparison.map {
                .object(["name": .string($0.name), "value": .number($0.value), "why": .string($0.why),
                         "outcome": $0.outcome.map { .string($0.rawValue) } ?? .null])
            }),
            "target": .number(l.target), "betterThanTargetPct": .number(l.betterThanTargetPct),
            "band": l.band.map { .string($0.rawValue) } ?? .null,
        ])
    }
}
