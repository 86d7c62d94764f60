import Foundation
import PostgresNIO
import SiangCore

/// The improvement log on PostgreSQL, the twin of SQLiteStore+Improvements: one row an entry, its
/// triggers as JSON arrays, and an `audit_log` line in the transaction of every add and change.
extension PostgresStore {
    static let improvementColumns = """
        id, day, title, action, owning_unit, learning_level, categories, reason_codes, metric_ids, service_point, recorded_at, updated_at
        """

    public func addImprovement(_ draft: ImprovementDraft, actor: String, at: Date) async throws(StoreError) -> Improvement {
        let d = try SQLiteStore.storable(draft, at: at)
        return try await write { c in
            guard let id = try await c.one("""
                INSERT INTO improvements (day, title, action, owning_unit, learning_level, categories, reason_codes, metric_ids,
                                          service_point, recorded_at, updated_at)
                VALUES (\(d.date.description), \(d.title), \(d.action), \(d.owningUnit), \(d.learningLevel.rawValue),
                        \(SQLiteStore.jsonList(d.triggers.categories)), \(SQLiteStore.jsonList(d.triggers.reasonCodes)),
                        \(SQLiteStore.jsonList(d.triggers.metricIds)), \(d.triggers.servicePoint), \(at.storedValue), \(at.storedValue))
                RETURNING id
                """, as: Int64.self) else { throw StoreError.unavailable("the improvement was not stored") }
            try await Self.auditImprovement(id, action: "improvement.add", actor: actor, at: at, connection: c)
            return try await Self.improvement(id, connection: c)!
        }
    }

    public func updateImprovement(id: Int64, to draft: ImprovementDraft, expectedUpdatedAt: Date?, actor: String, at: Date)
        async throws(StoreError) -> Improvement {
        let d = try SQLiteStore.storable(draft, at: at)
        return try await write { c in
            guard let stored = try await c.one("SELECT updated_at FROM improvements WHERE id = \(id) FOR UPDATE", as: Double.self) else {
                throw StoreError.notFound
            }
            if let expectedUpdatedAt, Improvement.version(of: Date(stored: stored)) != Improvement.version(of: expectedUpdatedAt) {
                throw StoreError.concurrentChange
            }
            try await c.exec("""
                UPDATE improvements SET day = \(d.date.description), title = \(d.title), action = \(d.action), owning_unit = \(d.owningUnit),
                    learning_level = \(d.learningLevel.rawValue), categories = \(SQLiteStore.jsonList(d.triggers.categories)),
                    reason_codes = \(SQLiteStore.jsonList(d.triggers.reasonCodes)), metric_ids = \(SQLiteStore.jsonList(d.triggers.metricIds)),
                    service_point = \(d.triggers.servicePoint), updated_at = \(at.storedValue)
                WHERE id = \(id)
                """)
            try await Self.auditImprovement(id, action: "improvement.update", actor: actor, at: at, connection: c)
            return try await Self.improvement(id, connection: c)!
        }
    }

    public func improvement(id: Int64) async throws(StoreError) -> Improvement? {
        try await read { c in try await Self.improvement(id, connection: c) }
    }

    public func improvements(from: ImprovementDay?, to: ImprovementDay?) async throws(StoreError) -> [Improvement] {
        try await read { c in
            try await c.rows("""
                SELECT \(unescaped: Self.improvementColumns) FROM improvements
                WHERE day >= \(from?.description ?? "0000-00-00") COLLATE "C" AND day <= \(to?.description ?? "9999-99-99") COLLATE "C"
                ORDER BY day COLLATE "C", id
                """).map(Self.improvement(row:))
        }
    }

    public func improvementAudit(id: Int64) async throws(StoreError) -> [AuditEntry] {
        try await read { c in
            try await c.rows("SELECT at, actor, action FROM audit_log WHERE improvement_id = \(id) ORDER BY id").map { row in
                let (at, actor, action) = try row.decode((Double, String, String).self)
                return AuditEntry(at: Date(stored: at), actor: actor, action: action, trackingID: nil)
            }
        }
    }

    static func auditImprovement(_ id: Int64, action: String, actor: String, at: Date, connection c: PostgresConnection) async throws {
        try await appendAudit(at: at, actor: actor, action: action, trackingID: nil, improvementID: id, connection: c)
    }

    static func improvement(_ id: Int64, connection c: PostgresConnection) async throws -> Improvement? {
        try await c.rows("SELECT \(unescaped: improvementColumns) FROM improvements WHERE id = \(id)").first.map(improvement(row:))
    }

    static func improvement(row: PostgresRow) throws -> Improvement {
        let (id, text, title, action, owningUnit, level, categories, reasonCodes, metricIds, servicePoint, recordedAt, updatedAt) =
            try row.decode((Int64, String, String, String, String, String, String, String, String, String?, Double, Double).self)
        guard let day = ImprovementDay(text) else { throw StoreError.unreadable("improvements.day is not a date") }
        guard let learningLevel = LearningLevel(rawValue: level) else { throw StoreError.unreadable("improvements.learning_level is unknown") }
        return Improvement(
            id: id, date: day, title: title,
            triggers: ImprovementTriggers(categories: try SQLiteStore.list(categories, "categories"),
                                          reasonCodes: try SQLiteStore.list(reasonCodes, "reason_codes"),
                                          metricIds: try SQLiteStore.list(metricIds, "metric_ids"), servicePoint: servicePoint),
            action: action, owningUnit: owningUnit, learningLevel: learningLevel,
            recordedAt: Date(stored: recordedAt), updatedAt: Date(stored: updatedAt))
    }
}
