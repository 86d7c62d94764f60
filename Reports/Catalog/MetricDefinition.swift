/// One 7.2 metric as the catalog describes it: its names, unit, better direction, where its figures
/// come from and which PMQA items it evidences.
///
/// The catalog says what a metric is called and how it is read; the engine says how it is computed
/// (docs/reports.md). Keeping the two apart lets an agency rename a metric or map it to other PMQA
/// items without touching a definition the independent recomputation relies on.
public struct MetricDefinition: Sendable, Equatable {
    /// Where a metric's figures come from.
    public enum Source: String, Sendable, CaseIterable {
        /// Computed from the cases.
        case `case`
        /// Computed from survey answers and invitations.
        case survey
        /// Entered per fiscal year by the agency (targets file), like a baseline.
        case manual
    }

    /// How a metric is counted.
    public enum Unit: String, Sendable, CaseIterable {
        case percent, count, days
    }

    public var id: String
    public var nameTh: String
    public var nameEn: String
    public var unit: Unit
    public var better: BetterDirection
    public var source: Source
    /// `7.2` first, then the category 3 items the metric evidences.
    public var pmqaItems: [String]
    public var definitionVersion: Int

    public init(id: String, nameTh: String, nameEn: String, unit: Unit, better: BetterDirection, source: Source,
                pmqaItems: [String], definitionVersion: Int) {
        self.id = id
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.unit = unit
        self.better = better
        self.source = source
        self.pmqaItems = pmqaItems
        self.definitionVersion = definitionVersion
    }
}
