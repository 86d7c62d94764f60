import Foundation
import GRDB
import SiangCore

/// Open311 API keys and the service-request list on SQLite (``Open311Store``).
extension SQLiteStore: Open311Store {
    public func addOpen311Key(name: String, hash: String, at: Date) async throws(StoreError) -> Open311Key {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM open311_keys WHERE name = ?", arguments: [name]) == true {
                throw StoreError.invalid("an Open311 key named \(name) exists already")
            }
            try db.execute(sql: "INSERT INTO open311_keys (name, key_hash, created_at) VALUES (?, ?, ?)",
                           arguments: [name, hash, at.storedValue])
            return Open311Key(id: db.lastInsertedRowID, name: name, createdAt: at)
        }
    }

    public func open311Key(hash: String) async throws(StoreError) -> Open311Key? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.open311KeyColumns) FROM open311_keys WHERE key_hash = ? AND revoked_at IS NULL",
                             arguments: [hash]).map(Self.open311Key)
        }
    }

    public func revokeOpen311Key(name: String, at: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE open311_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [at.storedValue, name])
            return db.changesCount == 1
        }
    }

    public func open311Keys() async throws(StoreError) -> [Open311Key] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.open311KeyColumns) FROM open311_keys ORDER BY id").map(Self.open311Key)
        }
    }

    public func countOpen311Request(keyID: Int64, at: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE open311_keys SET request_count = request_count + 1, last_used_at = ? WHERE id = ?",
                           arguments: [at.storedValue, keyID])
        }
    }

    public func open311RequestIDs(_ query: Open311RequestQuery) async throws(StoreError) -> [TrackingID] {
        var conditions = ["received_at >= ?", "received_at <= ?"]
        var arguments: StatementArguments = [query.receivedFrom.storedValue, query.receivedUntil.storedValue]
        if let categories = query.categories {
            conditions.append("category IN (\(SQLPredicate.placeholders(categories.count)))")
            arguments += StatementArguments(categories)
        }
        if let statuses = query.statuses {
            conditions.append("status IN (\(SQLPredicate.placeholders(statuses.count)))")
            arguments += StatementArguments(statuses.map(\.rawValue))
        }
        if !query.hiddenCategories.isEmpty {
            conditions.append("(category IS NULL OR category NOT IN (\(SQLPredicate.placeholders(query.hiddenCategories.count))))")
            arguments += StatementArguments(query.hiddenCategories)
        }
        arguments += [query.limit]
        let bound = arguments
        let sql = "SELECT tracking_id FROM cases WHERE \(conditions.joined(separator: " AND ")) ORDER BY received_at DESC, id DESC LIMIT ?"
        return try await read { db in
            try String.fetchAll(db, sql: sql, arguments: bound).map(TrackingID.init(storedCanonical:))
        }
    }

    static let open311KeyColumns = "id, name, created_at, revoked_at, request_count, last_used_at"

    static func open311Key(_ row: Row) -> Open311Key {
        Open311Key(id: row[0], name: row[1], createdAt: Date(stored: row[2]), revokedAt: (row[3] as Double?).map(Date.init(stored:)),
                   requestCount: row[4], lastUsedAt: (row[5] as Double?).map(Date.init(stored:)))
    }
}
