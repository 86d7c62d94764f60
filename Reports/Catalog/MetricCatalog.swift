import Foundation
import Yams

/// The metrics a report holds, in the order it shows them: the shipped `metrics.yaml` with the
/// agency's override merged in by id.
///
/// An override may rename a metric, change its unit, direction, PMQA items or version, and add
/// `manual` metrics (measures of 7.2 that do not come from cases, whose per-year values are entered
/// in the targets file). It cannot invent a computed metric: the engine would have nothing to compute
/// it from, so an unknown id with source `case` or `survey` is refused rather than reported empty.
public struct MetricCatalog: Sendable, Equatable {
    public private(set) var metrics: [MetricDefinition]

    public init(metrics: [MetricDefinition]) { self.metrics = metrics }

    public func definition(_ id: String) -> MetricDefinition? { metrics.first { $0.id == id } }

    public var ids: [String] { metrics.map(\.id) }

    /// The shipped catalog merged with `override`: either a whole `--config` YAML carrying a
    /// `reportCatalog:` key, or a YAML text with a `metrics:` list of the same shape as the shipped file.
    public static func load(override: String? = nil) throws(ReportError) -> MetricCatalog {
        guard let url = Bundle.module.url(forResource: "metrics", withExtension: "yaml", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "metrics", withExtension: "yaml") else {
            throw .catalog("the shipped metrics.yaml is missing from this build")
        }
        let shipped: String
        do { shipped = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .catalog("the shipped metrics.yaml cannot be read")
        }
        var catalog = try parse(shipped, requireComplete: true)
        if let override { try catalog.merge(overrideText: override) }
        return catalog
    }

    /// Merges an override text into this catalog (see ``load(override:)``).
    public mutating func merge(overrideText: String) throws(ReportError) {
        let reader = YAMLReading(make: ReportError.catalog)
        guard let root = try reader.compose(overrideText) else { return }
        let entries = try reader.mapping(root, at: "the override")
        let node: Node
        let path: String
        if let catalogNode = entries.first(where: { $0.key == "reportCatalog" })?.value {
            if catalogNode.sequence != nil {
                node = catalogNode
            } else {
                guard let list = try reader.mapping(catalogNode, at: "reportCatalog").first(where: { $0.key == "metrics" })?.value else {
                    throw .catalog("reportCatalog must have a metrics: list")
                }
                node = list
            }
            path = "reportCatalog.metrics"
        } else if let list = entries.first(where: { $0.key == "metrics" })?.value {
            node = list
            path = "metrics"
        } else {
            return  // a --config file without a reportCatalog key changes nothing here
        }
        try merge(entries: try Self.entries(node, at: path, reader: reader), path: path)
    }

    // MARK: Parsing

    /// The fields one entry gave; nil where it left a field out (an override changes only what it names).
    struct Entry {
        var id: String
        var path: String
        var nameTh, nameEn: String?
        var unit: MetricDefinition.Unit?
        var better: BetterDirection?
        var source: MetricDefinition.Source?
        var pmqaItems: [String]?
        var version: Int?
    }

    static let keys = ["id", "th", "en", "unit", "better", "source", "pmqa", "version"]

    static func parse(_ text: String, requireComplete: Bool) throws(ReportError) -> MetricCatalog {
        let reader = YAMLReading(make: ReportError.catalog)
        guard let root = try reader.compose(text),
              let list = try reader.mapping(root, at: "the catalog").first(where: { $0.key == "metrics" })?.value else {
            throw .catalog("the catalog must have a metrics: list")
        }
        var catalog = MetricCatalog(metrics: [])
        try catalog.merge(entries: try entries(list, at: "metrics", reader: reader), path: "metrics")
        return catalog
    }

    static func entries(_ node: Node, at path: String, reader: YAMLReading) throws(ReportError) -> [Entry] {
        var out: [Entry] = []
        var seen = Set<String>()
        for (index, item) in try reader.sequence(node, at: path).enumerated() {
            let itemPath = "\(path)[\(index)]"
            let fields = try reader.mapping(item, at: itemPath)
            try reader.refuseUnknown(fields.map(\.key), allowed: keys, at: itemPath)
            guard let idNode = fields.first(where: { $0.key == "id" })?.value else { throw .catalog("\(itemPath) has no id") }
            let id = try reader.string(idNode, at: "\(itemPath).id")
            guard id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }), id.first?.isLetter == true else {
                throw .catalog("\(itemPath).id \"\(id)\" must be lower-case letters, digits and _ (e.g. satisfaction_pct)")
            }
            guard seen.insert(id).inserted else { throw .catalog("metric \"\(id)\" is listed twice in \(path)") }
            var entry = Entry(id: id, path: "\(path) \(id)")
            for (key, value) in fields {
                let at = "\(path) \(id).\(key)"
                switch key {
                case "th": entry.nameTh = try reader.string(value, at: at)
                case "en": entry.nameEn = try reader.string(value, at: at)
                case "unit": entry.unit = try reader.choice(value, at: at, what: "unit", MetricDefinition.Unit.allCases)
                case "better": entry.better = try reader.choice(value, at: at, what: "direction", BetterDirection.allCases)
                case "source": entry.source = try reader.choice(value, at: at, what: "source", MetricDefinition.Source.allCases)
                case "pmqa":
                    var items: [String] = []
                    for (i, itemNode) in try reader.sequence(value, at: at).enumerated() {
                        let item = try reader.string(itemNode, at: "\(at)[\(i)]")
                        guard item.split(separator: ".").count == 2, item.split(separator: ".").allSatisfy({ Int($0) != nil }) else {
                            throw .catalog("\(at)[\(i)] \"\(item)\" is not a PMQA item such as 7.2 or 3.3")
                        }
                        items.append(item)
                    }
                    entry.pmqaItems = items
                case "version":
                    let version = try reader.integer(value, at: at)
                    guard version >= 1 else { throw .catalog("\(at) must be 1 or more") }
                    entry.version = version
                default: break
                }
            }
            out.append(entry)
        }
        return out
    }

    /// Applies entries in order: a known id changes the fields the entry names; a new id must be a
    /// complete `manual` metric (or anything at all while the shipped file itself is read).
    mutating func merge(entries: [Entry], path: String) throws(ReportError) {
        let shippedReading = metrics.isEmpty
        for entry in entries {
            if let index = metrics.firstIndex(where: { $0.id == entry.id }) {
                var m = metrics[index]
                if let source = entry.source, source != m.source {
                    throw .catalog("\(entry.path).source: \"\(entry.id)\" is computed from \(m.source.rawValue) data; its source cannot change")
                }
                if let v = entry.nameTh { m.nameTh = v }
                if let v = entry.nameEn { m.nameEn = v }
                if let v = entry.unit { m.unit = v }
                if let v = entry.better { m.better = v }
                if let v = entry.pmqaItems { m.pmqaItems = v }
                if let v = entry.version { m.definitionVersion = v }
                metrics[index] = m
                continue
            }
            guard let nameTh = entry.nameTh, let nameEn = entry.nameEn, let unit = entry.unit, let better = entry.better,
                  let source = entry.source else {
                throw .catalog("\(entry.path) is a new metric and needs th, en, unit, better and source")
            }
            if !shippedReading, source != .manual {
                throw .catalog("\(entry.path) is not a metric the engine computes; an added metric must have source manual")
            }
            metrics.append(MetricDefinition(id: entry.id, nameTh: nameTh, nameEn: nameEn, unit: unit, better: better,
                                            source: source, pmqaItems: entry.pmqaItems ?? ["7.2"],
                                            definitionVersion: entry.version ?? 1))
        }
    }
}
