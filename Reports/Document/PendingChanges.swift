/// What differs between a locked month's stored revision and its recomputation (DESIGN.md 5.7,
/// "a locked month is never changed silently").
///
/// Figures are compared as they are written (rounded to 2 decimals, half away from zero), so a
/// difference in the fifteenth digit is not a restatement, while a figure that moved from a number to
/// null (or back), or a breakdown row that appeared or vanished, is.
public enum PendingChanges {
    /// Every metric value and breakdown-row value whose rounded figure differs, in the recomputed
    /// document's metric order (metrics only in the stored one last), rows by dimension then key.
    public static func between(stored: ReportDocument, recomputed: ReportDocument) -> [PendingChange] {
        var ids = recomputed.metrics.map(\.id)
        for m in stored.metrics where !ids.contains(m.id) { ids.append(m.id) }
        var changes: [PendingChange] = []
        for id in ids {
            let old = stored.metric(id), new = recomputed.metric(id)
            if differs(old?.value, new?.value) {
                changes.append(PendingChange(metric: id, breakdown: "overall", stored: old?.value, now: new?.value))
            }
            let dimensions = Set((old?.breakdowns.keys).map(Array.init) ?? []).union((new?.breakdowns.keys).map(Array.init) ?? []).sorted()
            for dimension in dimensions {
                let oldRows = Dictionary((old?.breakdowns[dimension] ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                let newRows = Dictionary((new?.breakdowns[dimension] ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                for key in Set(oldRows.keys).union(newRows.keys).sorted() {
                    let a = oldRows[key] ?? nil, b = newRows[key] ?? nil
                    let appeared = (oldRows[key] == nil) != (newRows[key] == nil)
                    if appeared || differs(a, b) {
                        changes.append(PendingChange(metric: id, breakdown: "\(dimension):\(key)", stored: a, now: b))
                    }
                }
            }
        }
        return changes
    }

    static func differs(_ a: Double?, _ b: Double?) -> Bool {
        ReportRounding.round2(a) != ReportRounding.round2(b)
    }
}
