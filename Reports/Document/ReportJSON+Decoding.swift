import Foundation
import SiangCore

extension ReportJSON {
    /// Reads a stored `siang.report.v1` document back. A document of another schema, or one missing a
    /// key the writer always writes, is refused with the key's name: a stored revision that cannot be
    /// read whole is never half-used.
    public static func decode(_ text: String) throws(ReportError) -> ReportDocument {
        guard let root = JSONValue.parse(text) else { throw .document("the text is not JSON") }
        var r = Reader(path: "")
        guard try r.string(root, "schema") == ReportDocument.schema else {
            throw .document("schema is not \(ReportDocument.schema)")
        }
        let p = try r.object(root, "period")
        guard let kind = ReportPeriod.Kind(rawValue: try r.string(p, "kind")) else { throw .document("period.kind is unknown") }
        let period = ReportPeriod(kind: kind, id: try r.string(p, "id"), fiscalYear: Int(try r.number(p, "fiscalYear")),
                                  from: try r.instant(p, "from"), to: try r.instant(p, "to"), asOf: try r.instant(p, "asOf"),
                                  labelTh: try r.string(p, "labelTh"), labelEn: try r.string(p, "labelEn"))
        let agency = try r.object(root, "agency")
        var metrics: [MetricResult] = []
        for m in try r.array(root, "metrics") {
            var breakdowns: [String: [BreakdownRow]] = [:]
            for (dimension, rows) in try r.object(m, "breakdowns").objectValue ?? [:] {
                breakdowns[dimension] = try (rows.arrayValue ?? []).map { (row) throws(ReportError) in
                    BreakdownRow(key: try r.string(row, "key"), value: try r.optionalNumber(row, "value"),
                                 numerator: try r.optionalNumber(row, "numerator"), denominator: try r.optionalNumber(row, "denominator"))
                }
            }
            func periods(_ key: String) throws(ReportError) -> [PeriodComparison] {
                try r.array(m, key).map { (c) throws(ReportError) in
                    PeriodComparison(relation: try r.string(c, "relation"), periodID: try r.string(c, "periodId"),
                                     value: try r.optionalNumber(c, "value"))
                }
            }
            guard let better = BetterDirection(rawValue: try r.string(m, "better")) else { throw .document("a metric's better is unknown") }
            metrics.append(MetricResult(
                id: try r.string(m, "id"), nameTh: try r.string(m, "nameTh"), nameEn: try r.string(m, "nameEn"),
                unit: try r.string(m, "unit"), better: better, source: try r.string(m, "source"),
                pmqaItems: try r.array(m, "pmqaItems").compactMap(\.stringValue),
                definitionVersion: Int(try r.number(m, "definitionVersion")), value: try r.optionalNumber(m, "value"),
                numerator: try r.optionalNumber(m, "numerator"), denominator: try r.optionalNumber(m, "denominator"),
                breakdowns: breakdowns, comparisons: try periods("comparisons"), monthly: try periods("monthly"),
                letci: try m["letci"].flatMap { $0.isNull ? nil : $0 }.map { (l) throws(ReportError) in try letci(l, &r) }))
        }
        return ReportDocument(
            period: period, revision: Int(try r.number(root, "revision")), locked: try r.bool(root, "locked"),
            generatedAt: try r.instant(root, "generatedAt"),
            agency: ReportAgency(nameTh: try r.string(agency, "nameTh"), nameEn: try r.string(agency, "nameEn")),
            metrics: metrics,
            reasons: try r.array(root, "reasons").map { (x) throws(ReportError) in
                ReasonParetoRow(code: try r.string(x, "code"), count: Int(try r.number(x, "count")), share: try r.number(x, "share"),
                                cumulativeShare: try r.number(x, "cumulativeShare"))
            },
            frequentComplaints: try r.array(root, "frequentComplaints").map { (x) throws(ReportError) in
                ComplaintParetoRow(category: try r.string(x, "category"), count: Int(try r.number(x, "count")),
                                   share: try r.number(x, "share"), cumulativeShare: try r.number(x, "cumulativeShare"),
                                   previousCount: Int(try r.number(x, "previousCount")))
            },
            pendingChanges: try (root["pendingChanges"]?.arrayValue ?? []).map { (x) throws(ReportError) in
                PendingChange(metric: try r.string(x, "metric"), breakdown: try r.string(x, "breakdown"),
                              stored: try r.optionalNumber(x, "stored"), now: try r.optionalNumber(x, "now"))
            },
            restatementReason: root["restatementReason"]?.stringValue,
            // Revisions stored before emerging topics existed have none.
            emergingTopics: try (root["emergingTopics"]?.arrayValue ?? []).map { (x) throws(ReportError) in
                EmergingTopic(category: try r.string(x, "category"), word: try r.string(x, "word"), cases: Int(try r.number(x, "cases")),
                              share: try r.number(x, "share"), previousCases: Int(try r.number(x, "previousCases")),
                              previousShare: try r.number(x, "previousShare"))
            })
    }

    static func letci(_ l: JSONValue, _ r: inout Reader) throws(ReportError) -> LeTCI {
        guard let direction = LeTCI.Direction(rawValue: try r.string(l, "direction")) else { throw .document("letci.direction is unknown") }
        return LeTCI(
            level: try r.optionalNumber(l, "level"),
            trend: try r.array(l, "trend").map { (t) throws(ReportError) in
                LeTCI.TrendPoint(fiscalYear: Int(try r.number(t, "fiscalYear")), value: try r.optionalNumber(t, "value"),
                                 source: try r.string(t, "source"))
            },
            direction: direction,
            comparison: try r.array(l, "comparison").map { (c) throws(ReportError) in
                LeTCI.ComparatorResult(name: try r.string(c, "name"), value: try r.number(c, "value"), why: try r.string(c, "why"),
                                       outcome: c["outcome"]?.stringValue.flatMap(LeTCI.Outcome.init(rawValue:)))
            },
            target: try r.optionalNumber(l, "target"), betterThanTargetPct: try r.optionalNumber(l, "betterThanTargetPct"),
            band: l["band"]?.stringValue.flatMap(LeTCI.Band.init(rawValue:)))
    }

    /// Reads members and names the missing or mistyped one in its error.
    struct Reader {
        var path: String

        func member(_ o: JSONValue, _ key: String) throws(ReportError) -> JSONValue {
            guard let v = o[key] else { throw .document("\(key) is missing") }
            return v
        }
        func string(_ o: JSONValue, _ key: String) throws(ReportError) -> String {
            guard let s = try member(o, key).stringValue else { throw .document("\(key) must be a string") }
            return s
        }
        func number(_ o: JSONValue, _ key: String) throws(ReportError) -> Double {
            guard let n = try member(o, key).numberValue else { throw .document("\(key) must be a number") }
            return n
        }
        /// Present, and a number or null.
        func optionalNumber(_ o: JSONValue, _ key: String) throws(ReportError) -> Double? {
            let v = try member(o, key)
            if v.isNull { return nil }
            guard let n = v.numberValue else { throw .document("\(key) must be a number or null") }
            return n
        }
        func bool(_ o: JSONValue, _ key: String) throws(ReportError) -> Bool {
            guard let b = try member(o, key).boolValue else { throw .document("\(key) must be true or false") }
            return b
        }
        func object(_ o: JSONValue, _ key: String) throws(ReportError) -> JSONValue {
            let v = try member(o, key)
            guard v.objectValue != nil else { throw .document("\(key) must be an object") }
            return v
        }
        func array(_ o: JSONValue, _ key: String) throws(ReportError) -> [JSONValue] {
            guard let a = try member(o, key).arrayValue else { throw .document("\(key) must be a list") }
            return a
        }
        func instant(_ o: JSONValue, _ key: String) throws(ReportError) -> Date {
            guard let d = ISO8601DateFormatter().date(from: try string(o, key)) else {
                throw .document("\(key) must be an ISO 8601 time with its offset")
            }
            return d
        }
    }
}
