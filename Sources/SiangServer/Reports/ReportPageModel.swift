import Foundation
import SiangCore
import SiangReports

/// Turns a ``ReportDocument`` into what the reports page template shows: the 7.2 table with its
/// comparisons and LeTCI, the breakdowns, the two Paretos and the pending changes, every figure
/// written as the exports write it (2 decimals, half away from zero) and linked to the cases behind it.
/// It reads the document only; no figure is computed here.
struct ReportPageModel {
    let document: ReportDocument
    let period: ReportPeriodRef
    let asOfQuery: String?
    let language: Language
    let labels: (_ dimension: String, _ key: String) -> String
    /// The renderer's charts for this document (``ReportHTML/charts(_:labels:language:)``).
    var charts: String = ""
    var t: [String: String] { ReportPageText.strings(language) }

    /// Written as the printed report and the exports write it (``ReportNumber``): rounded once, no
    /// trailing zeros, thousands grouped, so the page and the downloaded files show the same figure.
    static func number(_ value: Double?, language: Language) -> String {
        guard value != nil else { return ReportPageText.strings(language)["noValue"]! }
        return ReportNumber.display(value)
    }

    static func count(_ value: Double?) -> String { ReportNumber.display(value) }

    func number(_ value: Double?) -> String { Self.number(value, language: language) }

    /// `/staff/reports/cases?...`: the cases behind one figure.
    func drillHref(metric: String, dimension: String? = nil, key: String? = nil) -> String {
        var items = [("kind", period.segment), ("id", period.id), ("metric", metric)]
        if let dimension, let key { items += [("dimension", dimension), ("key", key)] }
        if let asOfQuery { items.append(("asOf", asOfQuery)) }
        if language == .en { items.append(("lang", "en")) }
        return "/staff/reports/cases?" + items.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlUnreserved) ?? ""
    }

    var values: [String: Any] {
        var values: [String: Any] = [:]
        values["isFiscalYear"] = document.period.kind == .fiscalYear
        values["metrics"] = document.metrics.map(metricRow)
        values["reasons"] = document.reasons.map { r -> [String: Any] in
            ["label": labels("reason", r.code), "count": r.count, "share": number(r.share), "cumulative": number(r.cumulativeShare)]
                .merging(ImprovementLinks.paretoRow(reason: r.code, label: labels("reason", r.code), asOf: document.period.asOf, language: language)) { $1 }
        }
        values["hasReasons"] = !document.reasons.isEmpty
        values["frequent"] = document.frequentComplaints.map { r -> [String: Any] in
            ["label": labels("category", r.category), "count": r.count, "share": number(r.share), "cumulative": number(r.cumulativeShare),
             "previousCount": r.previousCount]
                .merging(ImprovementLinks.paretoRow(category: r.category, label: labels("category", r.category), asOf: document.period.asOf,
                                                    language: language)) { $1 }
        }
        values["improveColumn"] = ImprovementLinks.label(language)
        values["hasFrequent"] = !document.frequentComplaints.isEmpty
        values["isMonth"] = document.period.kind == .month
        values["emerging"] = document.emergingTopics.map { topic -> [String: Any] in
            ["label": labels("category", topic.category), "word": topic.word, "cases": topic.cases, "share": number(topic.share),
             "previousCases": topic.previousCases, "previousShare": number(topic.previousShare)]
        }
        values["hasEmerging"] = !document.emergingTopics.isEmpty
        // The printed report's charts (month by month, three fiscal years, both Paretos, SLA by queue):
        // one chart code for the print and the screen; the tables on the page hold the same numbers.
        values["charts"] = charts
        values["pendingChanges"] = document.pendingChanges.map { c -> [String: Any] in
            ["metric": metricName(c.metric), "breakdown": breakdownLabel(c.breakdown), "stored": number(c.stored), "now": number(c.now)]
        }
        values["hasPending"] = !document.pendingChanges.isEmpty
        return values
    }

    func metricName(_ id: String) -> String {
        guard let m = document.metric(id) else { return id }
        return language == .th ? m.nameTh : m.nameEn
    }

    /// `overall` or `dimension:key` as a reader names it.
    func breakdownLabel(_ raw: String) -> String {
        guard raw != "overall" else { return t["overall"]! }
        let parts = raw.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return raw }
        return "\(dimensionName(parts[0])): \(labels(parts[0], parts[1]))"
    }

    func dimensionName(_ dimension: String) -> String {
        let th = ["channel": "ช่องทาง", "category": "หมวดเรื่อง", "segment": "กลุ่มผู้รับบริการ", "queue": "คิวงาน", "kind": "ประเภทเรื่อง",
                  "servicePoint": "จุดให้บริการ", "source": "แหล่งข้อมูลแบบสำรวจ"]
        let en = ["channel": "Channel", "category": "Category", "segment": "Segment", "queue": "Queue", "kind": "Kind",
                  "servicePoint": "Service point", "source": "Survey source"]
        return (language == .th ? th : en)[dimension] ?? dimension
    }

    func unitLabel(_ unit: String) -> String {
        switch (unit, language) {
        case ("percent", _): "%"
        case ("days", .th): "วัน"
        case ("days", .en): "days"
        case ("count", .th): "เรื่อง"
        default: ""
        }
    }

    func metricRow(_ m: MetricResult) -> [String: Any] {
        var row: [String: Any] = [
            "id": m.id, "name": language == .th ? m.nameTh : m.nameEn, "unit": unitLabel(m.unit),
            "value": m.unit == "count" ? Self.count(m.value) : number(m.value), "href": drillHref(metric: m.id),
            "pmqa": m.pmqaItems.joined(separator: ", "),
        ]
        if m.denominator != nil { row["numDen"] = "\(Self.count(m.numerator)) / \(Self.count(m.denominator))" }
        let byRelation = Dictionary(m.comparisons.map { ($0.relation, $0) }, uniquingKeysWith: { a, _ in a })
        for (relation, key) in [("previous_period", "previous"), ("same_period_fy_minus_1", "fyMinus1"), ("same_period_fy_minus_2", "fyMinus2")] {
            if let c = byRelation[relation] { row[key] = number(c.value); row[key + "Period"] = c.periodID }
        }
        if let letci = m.letci { row["letci"] = letciValues(letci) }
        row["dimensions"] = m.breakdowns.keys.sorted().map { dimension -> [String: Any] in
            ["dimension": dimensionName(dimension),
             "rows": (m.breakdowns[dimension] ?? []).map { r -> [String: Any] in
                var cells: [String: Any] = ["key": labels(dimension, r.key), "value": m.unit == "count" ? Self.count(r.value) : number(r.value),
                                            "href": drillHref(metric: m.id, dimension: dimension, key: r.key)]
                if r.denominator != nil { cells["numDen"] = "\(Self.count(r.numerator)) / \(Self.count(r.denominator))" }
                return cells
             }]
        }
        row["hasBreakdowns"] = !m.breakdowns.isEmpty
        return row
    }

    func letciValues(_ l: LeTCI) -> [String: Any] {
        let directions: [LeTCI.Direction: (String, String)] = [
            .improving: ("ดีขึ้นต่อเนื่อง", "improving"), .declining: ("ลดลงต่อเนื่อง", "declining"),
            .fluctuating: ("ขึ้นลง", "fluctuating"), .insufficient: ("ข้อมูลไม่ถึง 3 ปี", "fewer than 3 years"),
        ]
        let bands: [LeTCI.Band: (String, String)] = [
            .belowTarget: ("ต่ำกว่าเป้าหมาย", "below target"), .basic: ("Basic", "Basic"),
            .advance: ("Advance", "Advance"), .significance: ("Significance", "Significance"),
        ]
        let outcomes: [LeTCI.Outcome: (String, String)] = [.better: ("ดีกว่า", "better"), .equal: ("เท่ากัน", "equal"), .worse: ("ต่ำกว่า", "worse")]
        func pick(_ pair: (String, String)?) -> String { pair.map { language == .th ? $0.0 : $0.1 } ?? "–" }
        return [
            "trend": l.trend.map { p -> [String: Any] in
                ["year": p.fiscalYear, "value": number(p.value), "manual": p.source == "manual"]
            },
            "direction": pick(directions[l.direction]),
            "comparators": l.comparison.map { c -> [String: Any] in
                ["name": c.name, "value": number(c.value), "outcome": pick(c.outcome.flatMap { outcomes[$0] }), "why": c.why]
            },
            "target": l.target.map { number($0) } ?? "–",
            "betterThanTarget": l.betterThanTargetPct.map { number($0) } ?? "–",
            "band": pick(l.band.flatMap { bands[$0] }),
            "bandKey": l.band?.rawValue ?? "none",
        ]
    }
}
