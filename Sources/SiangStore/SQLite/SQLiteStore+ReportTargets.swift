import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func reportTargets() async throws(StoreError) -> [ReportTargetRow] {
        try await read { db in
            var comparators: [String: [ReportTargetRow.Comparator]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT metric_id, fiscal_year, name, value, why FROM report_comparators ORDER BY metric_id, fiscal_year, position
                """) {
                comparators["\(row["metric_id"] as String)/\(row["fiscal_year"] as Int)", default: []]
                    .append(.init(name: row["name"], value: row["value"], why: row["why"]))
            }
            return try Row.fetchAll(db, sql: "SELECT metric_id, fiscal_year, target, baseline, value FROM report_targets ORDER BY metric_id, fiscal_year")
                .map { row in
                    let metric: String = row["metric_id"]
                    let year: Int = row["fiscal_year"]
                    return ReportTargetRow(metricID: metric, fiscalYear: year, target: row["target"], baseline: row["baseline"], value: row["value"],
                                           comparators: comparators["\(metric)/\(year)"] ?? [])
                }
        }
    }

    public func saveReportTargets(_ rows: [ReportTargetRow], at now: Date) async throws(StoreError) {
        try ReportTargetRow.check(rows)
        try await write { db in
            for row in rows {
                try db.execute(sql: "DELETE FROM report_comparators WHERE metric_id = ? AND fiscal_year = ?",
                               arguments: [row.metricID, row.fiscalYear])
                try db.execute(sql: """
                    INSERT OR REPLACE INTO report_targets (metric_id, fiscal_year, target, baseline, value, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [row.metricID, row.fiscalYear, row.target, row.baseline, row.value, now.storedValue])
                for (position, c) in row.comparators.enumerated() {
                    try db.execute(sql: """
                        INSERT INTO report_comparators (metric_id, fiscal_year, position, name, value, why) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [row.metricID, row.fiscalYear, position, c.name, c.value, c.why])
                }
            }
        }
    }
}
