import Foundation
import SiangCore
import Yams

extension TargetBook {
    static let entryKeys = ["target", "baseline", "value", "comparators"]

    /// Reads the targets YAML of DESIGN.md 5.7 (`targets:` -> metric id -> BE fiscal year -> entry).
    /// Every mistake is named by its place (`targets.satisfaction_pct.2569.target`) and what was
    /// expected; one mistake refuses the whole file, so a half-read book never replaces a good one.
    public init(yaml: String, catalog: MetricCatalog) throws(ReportError) {
        let reader = YAMLReading(make: ReportError.targets)
        guard let root = try reader.compose(yaml) else { throw .targets("the file is empty; it needs a targets: mapping") }
        guard let targets = try reader.mapping(root, at: "the file").first(where: { $0.key == "targets" })?.value else {
            throw .targets("the file needs a top-level targets: mapping (metric id -> fiscal year -> target, comparators, baseline)")
        }
        var book = TargetBook()
        for (metric, years) in try reader.mapping(targets, at: "targets") {
            guard let definition = catalog.definition(metric) else {
                throw .targets("targets.\(metric): unknown metric id; known ids are \(catalog.ids.joined(separator: ", "))")
            }
            for (yearText, entryNode) in try reader.mapping(years, at: "targets.\(metric)") {
                let path = "targets.\(metric).\(yearText)"
                guard let year = Int(yearText), yearText.count == 4 else {
                    throw .targets("\(path): \"\(yearText)\" is not a fiscal year; write the Buddhist Era year, e.g. 2569")
                }
                guard PeriodKey.beYears.contains(year) else {
                    throw .targets("\(path): \(year) is not a Buddhist Era fiscal year (\(PeriodKey.beYears.lowerBound)-\(PeriodKey.beYears.upperBound))"
                                   + ((1900...2200).contains(year) ? "; did you mean \(year + 543)?" : ""))
                }
                let entry = try Self.entry(entryNode, at: path, reader: reader)
                if entry.value != nil, definition.source != .manual {
                    throw .targets("\(path).value: \(metric) is computed from \(definition.source.rawValue) data; enter a baseline for years before the data instead")
                }
                book.set(entry, metric: metric, fiscalYear: year)
            }
        }
        self = book
    }

    /// The JSON form (same shape as the YAML) the store and the API keep.
    public init(json: String, catalog: MetricCatalog) throws(ReportError) {
        try self.init(yaml: json, catalog: catalog)
    }

    static func entry(_ node: Node, at path: String, reader: YAMLReading) throws(ReportError) -> Entry {
        let fields = try reader.mapping(node, at: path)
        try reader.refuseUnknown(fields.map(\.key), allowed: entryKeys, at: path)
        guard !fields.isEmpty else { throw .targets("\(path) is empty; give a target, a baseline, a value or comparators") }
        var entry = Entry()
        for (key, value) in fields {
            switch key {
            case "target": entry.target = try reader.number(value, at: "\(path).target")
            case "baseline": entry.baseline = try reader.number(value, at: "\(path).baseline")
            case "value": entry.value = try reader.number(value, at: "\(path).value")
            case "comparators":
                for (index, item) in try reader.sequence(value, at: "\(path).comparators").enumerated() {
                    let at = "\(path).comparators[\(index)]"
                    let parts = try reader.mapping(item, at: at)
                    try reader.refuseUnknown(parts.map(\.key), allowed: ["name", "value", "why"], at: at)
                    guard let name = parts.first(where: { $0.key == "name" })?.value else {
                        throw .targets("\(at) has no name; say which agency the figure is from")
                    }
                    guard let number = parts.first(where: { $0.key == "value" })?.value else {
                        throw .targets("\(at) has no value")
                    }
                    let why = try parts.first(where: { $0.key == "why" }).map { (p) throws(ReportError) in
                        try reader.string(p.value, at: "\(at).why")
                    }
                    entry.comparators.append(Comparator(name: try reader.string(name, at: "\(at).name"),
                                                        value: try reader.number(number, at: "\(at).value"), why: why ?? ""))
                }
            default: break
            }
        }
        if entry.target == 0 {
            throw .targets("\(path).target is 0; a result cannot be placed against a zero target (the PMQA band divides by it)")
        }
        return entry
    }

    /// The book as JSON, keys sorted, numbers in their shortest form: the form the store keeps and
    /// `siang targets list --json` prints. ``init(json:catalog:)`` reads it back.
    public func json() -> String {
        var w = JSONValue.Object()
        var metrics = JSONValue.Object()
        for (metric, years) in entries {
            var byYear = JSONValue.Object()
            for (year, e) in years {
                var o = JSONValue.Object()
                if let t = e.target { o["target"] = .number(t) }
                if let b = e.baseline { o["baseline"] = .number(b) }
                if let v = e.value { o["value"] = .number(v) }
                if !e.comparators.isEmpty {
                    o["comparators"] = .array(e.comparators.map {
                        .object(["name": .string($0.name), "value": .number($0.value), "why": .string($0.why)])
                    })
                }
                byYear[String(year)] = .object(o)
            }
            metrics[metric] = .object(byYear)
        }
        w["targets"] = .object(metrics)
        return JSONValue.object(w).serialized(rounding: false)
    }
}
