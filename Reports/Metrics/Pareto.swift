/// The two analyses that go with every period (DESIGN.md 5.7): the dissatisfaction reasons and the
/// frequent complaints, each sorted by count (most first) then code, with each row's share of the
/// total and the running share, so the "vital few" read off the top rows.
enum Pareto {
    /// (code, count, share, cumulative share) sorted by count then code; shares are 0-100.
    static func rows(_ counts: [String: Int]) -> [(code: String, count: Int, share: Double, cumulative: Double)] {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return [] }
        var running = 0
        return counts.filter { $0.value > 0 }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { code, count in
                running += count
                return (code, count, 100 * Double(count) / Double(total), 100 * Double(running) / Double(total))
            }
    }

    static func reasons(_ counts: [String: Int]) -> [ReasonParetoRow] {
        rows(counts).map { ReasonParetoRow(code: $0.code, count: $0.count, share: $0.share, cumulativeShare: $0.cumulative) }
    }

    /// The category Pareto, with each category's count in the previous period's own report (0 when absent).
    static func complaints(_ counts: [String: Int], previous: [String: Int]) -> [ComplaintParetoRow] {
        rows(counts).map {
            ComplaintParetoRow(category: $0.code, count: $0.count, share: $0.share, cumulativeShare: $0.cumulative,
                               previousCount: previous[$0.code] ?? 0)
        }
    }
}
