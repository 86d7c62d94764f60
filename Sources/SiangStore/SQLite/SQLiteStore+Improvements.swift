import Foundation
import GRDB
import SiangCore

/// The improvement log in SQLite: one row an entry, its triggers as JSON arrays, and an `audit_log`
/// line (with the entry's id, no tracking ID) in the transaction of every add and change.
extension SQLiteStore {
    public func addImprovement(_ draft: ImprovementDraft, actor: String, at: Date) async throws(StoreError) -> Improvement {
        let d = try Self.storable(draft, at: at)
        return try await write { db in
            try db.execute(sql: """
                INSERT INTO improvements (day, title, action, owning_unit, learning_level, categories, reason_codes, metric_ids,
                                          service_point, recorded_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: Self.columns(d) + [at.storedValue, at.storedValue])
            let id = db.lastInsertedRowID
            try Self.auditImprovement(id, action: "improvement.add", actor: actor, at: at, db: db)
            return try Self.improvement(id, db: db)!
        }
    }

    public func updateImprovement(id: Int64, to draft: ImprovementDraft, expectedUpdatedAt: Date?, actor: String, at: Date)
        async throws(StoreError) -> Improvement {
        let d = try Self.storable(draft, at: at)
        return try await write { db in
            guard let stored = try Double.fetchOne(db, sql: "SELECT updated_at FROM improvements WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound
            }
            if let expectedUpdatedAt, Improvement.version(of: Date(stored: stored)) != Improvement.version(of: expectedUpdatedAt) {
                throw StoreError.concurrentChange
            }
            try db.execute(sql: """
                UPDATE improvements SET day = ?, title = ?, action = ?, owning_unit = ?, learning_level = ?, categories = ?,
                                        reason_codes = ?, metric_ids = ?, service_point = ?, updated_at = ?
                WHERE id = ?
                """, arguments: Self.columns(d) + [at.storedValue, id])
            try Self.auditImprovement(id, action: "improvement.update", actor: actor, at: at, db: db)
            return try Self.improvement(id, db: db)!
        }
    }

    public func improvement(id: Int64) async throws(StoreError) -> Improvement? {
        try await read { db in try Self.improvement(id, db: db) }
    }

    public func improvements(from: ImprovementDay?, to: ImprovementDay?) async throws(StoreError) -> [Improvement] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM improvements WHERE day >= ? AND day <= ? ORDER BY day, id",
                             arguments: [from?.description ?? "0000-00-00", to?.description ?? "9999-99-99"])
                .map(Self.improvement(row:))
        }
    }

    public func improvementAudit(id: Int64) async throws(StoreError) -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, action FROM audit_log WHERE improvement_id = ? ORDER BY id", arguments: [id]).map {
                AuditEntry(at: Date(stored: $0["at"]), actor: $0["actor"], action: $0["action"], trackingID: nil)
            }
        }
    }

    // MARK: Rows

    /// The normalised draft, or ``StoreError/invalid(_:)`` with the reason it cannot be kept.
    static func storable(_ draft: ImprovementDraft, at: Date) throws(StoreError) -> ImprovementDraft {
        if let problem = draft.problem { throw .invalid(problem) }
        try StoredDate.check(at, "the improvement's time")
        return draft.normalised
    }

    static func columns(_ d: ImprovementDraft) -> StatementArguments {
        [d.date.description, d.title, d.action, d.owningUnit, d.learningLevel.rawValue, jsonList(d.triggers.categories),
         jsonList(d.triggers.reasonCodes), jsonList(d.triggers.metricIds), d.triggers.servicePoint]
    }

    static func auditImprovement(_ id: Int64, action: String, actor: String, at: Date, db: Database) throws {
        try appendAudit(at: at, actor: actor, action: action, trackingID: nil, improvementID: id, db: db)
    }

    static func improvement(_ id: Int64, db: Database) throws -> Improvement? {
        try Row.fetchOne(db, sql: "SELECT * FROM improvements WHERE id = ?", arguments: [id]).map(improvement(row:))
    }

    static func improvement(row: Row) throws -> Improvement {
        let text: String = row["day"], level: String = row["learning_level"]
        guard let day = ImprovementDay(text) else { throw StoreError.unreadable("improvements.day is not a date") }
        guard let learningLevel = LearningLevel(rawValue: level) else { throw StoreError.unreadable("improvements.learning_level is unknown") }
        return Improvement(
            id: row["id"], date: day, title: row["title"],
            triggers: ImprovementTriggers(categories: try list(row["categories"], "categories"),
                                          reasonCodes: try list(row["reason_codes"], "reason_codes"),
                                          metricIds: try list(row["metric_ids"], "metric_ids"), servicePoint: row["service_point"]),
            action: row["action"], owningUnit: row["owning_unit"], learningLevel: learningLevel,
            recordedAt: Date(stored: row["recorded_at"]), updatedAt: Date(stored: row["updated_at"]))
    }

    static func jsonList(_ ids: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(ids)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func list(_ json: String, _ column: String) throws -> [String] {
        guard let ids = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else {
            throw StoreError.unreadable("improvements.\(column) is not a list of ids")
        }
        return ids
    }
}
