import Foundation
import PostgresNIO
import SiangCore

/// Report targets and the append-only report revisions on PostgreSQL, the twins of
/// SQLiteStore+ReportTargets and +ReportRevisions.
extension PostgresStore {
    public func reportTargets() async throws(StoreError) -> [ReportTargetRow] {
        try await read { c in
            var comparators: [String: [ReportTargetRow.Comparator]] = [:]
            for row in try await c.rows("""
                SELECT metric_id, fiscal_year, name, value, why FROM report_comparators
                ORDER BY metric_id COLLATE "C", fiscal_year, position
                """) {
                let (metric, year, name, value, why) = try row.decode((String, Int, String, Double, String).self)
                comparators["\(metric)/\(year)", default: []].append(.init(name: name, value: value, why: why))
            }
            return try await c.rows("""
                SELECT metric_id, fiscal_year, target, baseline, value FROM report_targets ORDER BY metric_id COLLATE "C", fiscal_year
                """).map { row in
                let (metric, year, target, baseline, value) = try row.decode((String, Int, Double?, Double?, Double?).self)
                return ReportTargetRow(metricID: metric, fiscalYear: year, target: target, baseline: baseline, value: value,
                                       comparators: comparators["\(metric)/\(year)"] ?? [])
            }
        }
    }

    public func saveReportTargets(_ rows: [ReportTargetRow], at now: Date) async throws(StoreError) {
        try ReportTargetRow.check(rows)
        try await write { c in
            for row in rows {
                try await c.exec("DELETE FROM report_comparators WHERE metric_id = \(row.metricID) AND fiscal_year = \(row.fiscalYear)")
                try await c.exec("""
                    INSERT INTO report_targets (metric_id, fiscal_year, target, baseline, value, updated_at)
                    VALUES (\(row.metricID), \(row.fiscalYear), \(row.target), \(row.baseline), \(row.value), \(now.storedValue))
                    ON CONFLICT (metric_id, fiscal_year) DO UPDATE SET target = excluded.target, baseline = excluded.baseline,
                        value = excluded.value, updated_at = excluded.updated_at
                    """)
                for (position, comparator) in row.comparators.enumerated() {
                    try await c.exec("""
                        INSERT INTO report_comparators (metric_id, fiscal_year, position, name, value, why)
                        VALUES (\(row.metricID), \(row.fiscalYear), \(position), \(comparator.name), \(comparator.value), \(comparator.why))
                        """)
                }
            }
        }
    }

    public func reportRevisions(period: String) async throws(StoreError) -> [ReportRevision] {
        try await read { c in
            try await c.rows("""
                SELECT revision, document, reason, changes, actor, created_at FROM report_revisions WHERE period_id = \(period) ORDER BY revision
                """).map { row in
                let (revision, document, reason, changes, actor, createdAt) = try row.decode((Int, String, String?, String, String, Double).self)
                return ReportRevision(periodID: period, revision: revision, documentJSON: document, reason: reason,
                                      changesJSON: changes, actor: actor, createdAt: Date(stored: createdAt))
            }
        }
    }

    public func addReportRevision(_ r: ReportRevision) async throws(StoreError) {
        if r.revision > 0, (r.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid("a restatement needs a reason")
        }
        try await write { c in
            let next = try await c.one("SELECT count(*) FROM report_revisions WHERE period_id = \(r.periodID)", as: Int.self) ?? 0
            if r.revision < next { throw StoreError.revisionExists(period: r.periodID, revision: r.revision) }
            if r.revision > next { throw StoreError.invalid("\(r.periodID) has \(next) revisions; the next one is \(next), not \(r.revision)") }
            do {
                try await c.exec("""
                    INSERT INTO report_revisions (period_id, revision, document, reason, changes, actor, created_at)
                    VALUES (\(r.periodID), \(r.revision), \(r.documentJSON), \(r.reason), \(r.changesJSON), \(r.actor), \(r.createdAt.storedValue))
                    """)
            } catch where Self.isUniqueViolation(error, constraint: "report_revisions_pkey") {
                throw StoreError.revisionExists(period: r.periodID, revision: r.revision)
            }
        }
    }
}
