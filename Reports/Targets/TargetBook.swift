import SiangStore

/// The agency's own figures for LeTCI, per metric and Buddhist Era fiscal year: the target, the
/// comparators (other agencies' published figures, with why each is comparable), a baseline for years
/// before the agency's data, and the value of a `manual` metric.
///
/// They are agency data, not configuration: analysts load them from YAML (`siang targets import`),
/// the store keeps them as JSON (``json()``, ``init(json:catalog:)``), and the engine reads them to
/// give a trend three years on day one and to place each result in its PMQA band.
public struct TargetBook: Sendable, Equatable {
    /// Another agency's figure a result is compared with, and why it is comparable (size, service,
    /// region): the same value the store keeps.
    public typealias Comparator = ReportTargetRow.Comparator

    /// What the agency entered for one metric in one fiscal year.
    public struct Entry: Sendable, Equatable {
        public var target: Double?
        /// The figure of a year before the agency's data, as reported then.
        public var baseline: Double?
        /// A `manual` metric's result for the year.
        public var value: Double?
        public var comparators: [Comparator]
        public init(target: Double? = nil, baseline: Double? = nil, value: Double? = nil, comparators: [Comparator] = []) {
            self.target = target
            self.baseline = baseline
            self.value = value
            self.comparators = comparators
        }
    }

    /// Metric id -> BE fiscal year -> entry.
    public private(set) var entries: [String: [Int: Entry]]

    public init(entries: [String: [Int: Entry]] = [:]) { self.entries = entries }

    public static let empty = TargetBook()

    public func entry(_ metric: String, fiscalYear: Int) -> Entry? { entries[metric]?[fiscalYear] }

    /// The fiscal years with an entered figure (a baseline or a manual value) for `metric`.
    public func enteredYears(_ metric: String) -> [Int] {
        (entries[metric] ?? [:]).filter { $0.value.baseline != nil || $0.value.value != nil }.keys.sorted()
    }

    /// Sets one entry (the store's import and the staff page replace a year at a time).
    public mutating func set(_ entry: Entry, metric: String, fiscalYear: Int) {
        entries[metric, default: [:]][fiscalYear] = entry
    }
}
