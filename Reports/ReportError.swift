/// Why a report, a catalog or a target book could not be made, in words an analyst can act on.
///
/// Every input the reports take from outside (a period id, an `--as-of`, a catalog override, a targets
/// file, a stored revision) is checked before anything is computed, and a bad one stops the whole
/// request with one of these: nothing is half-computed and nothing is written.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A period id or an as-of that cannot be used.
    case period(String)
    /// The metric catalog or its override is wrong.
    case catalog(String)
    /// The targets, comparators or baselines are wrong.
    case targets(String)
    /// A stored report document cannot be read back.
    case document(String)

    public var description: String {
        switch self {
        case .period(let m): "period: \(m)"
        case .catalog(let m): "metric catalog: \(m)"
        case .targets(let m): "targets: \(m)"
        case .document(let m): "report document: \(m)"
        }
    }
}
