import Foundation
import SiangCore

/// The report as one CSV table (DESIGN 5.7 "CSV is one row per metric × breakdown"), for a spreadsheet
/// or a script: UTF-8 with a byte-order mark (so Excel shows Thai), CRLF line ends, RFC 4180 quoting,
/// figures rounded with ``ReportRounding``, an empty cell where there is no figure (never 0).
///
/// Every row has the same columns (``columns``); the `part` column says what a row is, so one header
/// serves the whole file and a filter on `part` gives each table back (docs/reports.md, "Formats"):
/// `metric` (the overall row first, dimension `overall`, then one row per breakdown key), `comparison`,
/// `monthly`, `trend` and `comparator` rows of the same metric, then the two Paretos, `reason` and
/// `frequent_complaint`, in the document's order.
public enum ReportCSV {
    public static let columns = [
        "part", "metric_id", "metric_th", "metric_en", "unit", "dimension", "key", "key_th", "key_en",
        "value", "numerator", "denominator", "count", "share", "cumulative_share", "previous_count",
        "source", "target", "better_than_target_pct", "band", "trend_direction", "outcome",
    ]

    /// The UTF-8 byte-order mark Excel needs to read the file as UTF-8.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public static func render(_ doc: ReportDocument, labels: ReportLabels) -> Data {
        var lines = [columns.joined(separator: ",")]
        for metric in doc.metrics { lines += rows(for: metric, labels: labels) }
        for r in doc.reasons {
            lines.append(line(part: "reason", dimension: "reason", key: r.code, labels: labels,
                              fields: ["count": CSVField.count(r.count), "share": CSVField.number(r.share),
                                       "cumulative_share": CSVField.number(r.cumulativeShare)]))
        }
        for c in doc.frequentComplaints {
            lines.append(line(part: "frequent_complaint", dimension: "category", key: c.category, labels: labels,
                              fields: ["count": CSVField.count(c.count), "share": CSVField.number(c.share),
                                       "cumulative_share": CSVField.number(c.cumulativeShare),
                                       "previous_count": CSVField.count(c.previousCount)]))
        }
        var data = Data(byteOrderMark)
        data.append(Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
        return data
    }

    static func rows(for m: MetricResult, labels: ReportLabels) -> [String] {
        var out: [String] = []
        var overall: [String: String] = [
            "value": CSVField.number(m.value), "numerator": CSVField.number(m.numerator),
            "denominator": CSVField.number(m.denominator), "source": CSVField.text(m.source),
        ]
        if let l = m.letci {
            overall["target"] = CSVField.number(l.target)
            overall["better_than_target_pct"] = CSVField.number(l.betterThanTargetPct)
            overall["band"] = l.band.map { CSVField.text($0.rawValue) } ?? ""
            overall["trend_direction"] = CSVField.text(l.direction.rawValue)
        }
        out.append(line(part: "metric", metric: m, dimension: "overall", key: "", labels: labels, fields: overall))
        for dimension in ReportDimensions.ordered(m.breakdowns.keys) {
            for row in m.breakdowns[dimension] ?? [] {
                out.append(line(part: "metric", metric: m, dimension: dimension, key: row.key, labels: labels, fields: [
                    "value": CSVField.number(row.value), "numerator": CSVField.number(row.numerator),
                    "denominator": CSVField.number(row.denominator),
                ]))
            }
        }
        for c in m.comparisons {
            out.append(periodLine(part: "comparison", metric: m, dimension: c.relation, point: c, labels: labels))
        }
        for c in m.monthly {
            out.append(periodLine(part: "monthly", metric: m, dimension: "month", point: c, labels: labels))
        }
        guard let letci = m.letci else { return out }
        for p in letci.trend {
            out.append(line(part: "trend", metric: m, dimension: "fiscal_year", key: String(p.fiscalYear),
                            names: (ReportVocabulary.fiscalYear(p.fiscalYear, .th), ReportVocabulary.fiscalYear(p.fiscalYear, .en)),
                            labels: labels, fields: ["value": CSVField.number(p.value), "source": CSVField.text(p.source)]))
        }
        for c in letci.comparison {
            out.append(line(part: "comparator", metric: m, dimension: "comparator", key: c.name, names: (c.name, c.name),
                            labels: labels, fields: ["value": CSVField.number(c.value),
                                                     "outcome": c.outcome.map { CSVField.text($0.rawValue) } ?? ""]))
        }
        return out
    }

    static func periodLine(part: String, metric: MetricResult, dimension: String, point: PeriodComparison, labels: ReportLabels) -> String {
        line(part: part, metric: metric, dimension: dimension, key: point.periodID,
             names: (ReportPeriodNames.long(point.periodID, .th), ReportPeriodNames.long(point.periodID, .en)),
             labels: labels, fields: ["value": CSVField.number(point.value)])
    }

    /// One row; `names` overrides the label lookup for keys that are not codes (periods, comparator names).
    static func line(part: String, metric: MetricResult? = nil, dimension: String, key: String, names: (th: String, en: String)? = nil,
                     labels: ReportLabels, fields: [String: String]) -> String {
        var cells = fields
        cells["part"] = part
        if let metric {
            cells["metric_id"] = CSVField.text(metric.id)
            cells["metric_th"] = CSVField.text(metric.nameTh)
            cells["metric_en"] = CSVField.text(metric.nameEn)
            cells["unit"] = CSVField.text(metric.unit)
        }
        cells["dimension"] = CSVField.text(dimension)
        cells["key"] = CSVField.text(key)
        if !key.isEmpty {
            cells["key_th"] = CSVField.text(names?.th ?? labels.name(dimension, key, .th))
            cells["key_en"] = CSVField.text(names?.en ?? labels.name(dimension, key, .en))
        }
        return columns.map { cells[$0] ?? "" }.joined(separator: ",")
    }
}
