import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    public func reportRevisions(period: String) async throws(StoreError) -> [ReportRevision] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT revision, document, reason, changes, actor, created_at FROM report_revisions WHERE period_id = ? ORDER BY revision
                """, arguments: [period]).map { row in
                ReportRevision(periodID: period, revision: row["revision"], documentJSON: row["document"], reason: row["reason"],
                               changesJSON: row["changes"], actor: row["actor"], createdAt: Date(stored: row["created_at"]))
            }
        }
    }

    public func addReportRevision(_ r: ReportRevision) async throws(StoreError) {
        if r.revision > 0, (r.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid("a restatement needs a reason")
        }
        try await write { db in
            let next = try Int.fetchOne(db, sql: "SELECT count(*) FROM report_revisions WHERE period_id = ?", arguments: [r.periodID]) ?? 0
            if r.revision < next { throw StoreError.revisionExists(period: r.periodID, revision: r.revision) }
            if r.revision > next { throw StoreError.invalid("\(r.periodID) has \(next) revisions; the next one is \(next), not \(r.revision)") }
            try db.execute(sql: """
                INSERT INTO report_revisions (period_id, revision, document, reason, changes, actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.periodID, r.revision, r.documentJSON, r.reason, r.changesJSON, r.actor, r.createdAt.storedValue])
        }
    }
}
