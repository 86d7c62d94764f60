import SiangCore

/// Aggregations for PMQA category 7.2 and category 3 evidence. The reports work builds here on the
/// event log; this namespace marks the module's place in the data flow (Channels -> pipeline ->
/// store -> Reports).
public enum SiangReports {
    /// The fiscal months of a fiscal year, in order (October first), the unit of the monthly report.
    public static func months(of year: FiscalYear) -> [FiscalMonth] {
        (1...12).map { FiscalMonth(year: year, number: $0) }
    }
}
