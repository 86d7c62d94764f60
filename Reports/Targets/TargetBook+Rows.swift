import SiangStore

/// The target book as the report store keeps it (one row per metric and fiscal year) and back, for the
/// commands and the staff page alike.
extension TargetBook {
    /// The book from the store's rows.
    public init(rows: [ReportTargetRow]) {
        self.init()
        for r in rows {
            set(Entry(target: r.target, baseline: r.baseline, value: r.value,
                      comparators: r.comparators),
                metric: r.metricID, fiscalYear: r.fiscalYear)
        }
    }

    /// The book as the store keeps it: one row per metric and fiscal year.
    public var rows: [ReportTargetRow] {
        entries.sorted { $0.key < $1.key }.flatMap { metric, years in
            years.sorted { $0.key < $1.key }.map { year, e in
                ReportTargetRow(metricID: metric, fiscalYear: year, target: e.target, baseline: e.baseline, value: e.value,
                                comparators: e.comparators)
            }
        }
    }
}
