/// The "core 7.2 metrics" the readiness check holds to LeTCI (docs/evidence.md): the catalog's
/// metrics that evidence PMQA item 7.2, are a percentage, and have a better direction.
///
/// Why: the PMQA 4.0 criteria state the 7.2 results as percentages with targets (ร้อยละความพึงพอใจ,
/// ร้อยละการแก้ไขเรื่องร้องเรียน, ร้อยละความเชื่อมั่น…), and category 7 scores a result on its level,
/// three-year trend, comparison and target. Counts (cases received, backlog) and the median days are
/// leading indicators the report shows but an assessor does not score against a target, so they are
/// not core. The rule reads the catalog, so an agency that maps another measure to 7.2 in its
/// override makes it core too, manual measures (digital services, network projects) included.
public enum CoreMetrics {
    public static func isCore(pmqaItems: [String], unit: String, better: BetterDirection) -> Bool {
        pmqaItems.contains("7.2") && unit == MetricDefinition.Unit.percent.rawValue && better != .none
    }

    public static func isCore(_ m: MetricDefinition) -> Bool { isCore(pmqaItems: m.pmqaItems, unit: m.unit.rawValue, better: m.better) }

    public static func isCore(_ m: MetricResult) -> Bool { isCore(pmqaItems: m.pmqaItems, unit: m.unit, better: m.better) }

    /// The core metric ids of a catalog, in its order.
    public static func ids(_ catalog: MetricCatalog) -> [String] { catalog.metrics.filter(isCore).map(\.id) }
}
