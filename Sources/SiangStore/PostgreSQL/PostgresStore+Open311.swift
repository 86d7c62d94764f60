import Foundation
import PostgresNIO
import SiangCore

/// Open311 API keys and the service-request list on PostgreSQL (``Open311Store``), the twins of
/// SQLiteStore+Open311.swift.
extension PostgresStore: Open311Store {
    public func addOpen311Key(name: String, hash: String, at: Date) async throws(StoreError) -> Open311Key {
        try await write { c in
            if try await c.one("SELECT 1 FROM open311_keys WHERE name = \(name)", as: Int.self) != nil {
                throw StoreError.invalid("an Open311 key named \(name) exists already")
            }
            let id: Int64?
            do {
                id = try await c.one("""
                    INSERT INTO open311_keys (name, key_hash, created_at) VALUES (\(name), \(hash), \(at.storedValue)) RETURNING id
                    """, as: Int64.self)
            } catch where Self.isUniqueViolation(error, constraint: "open311_keys_name_key") {
                // Another server added the same name between the check and the insert.
                throw StoreError.invalid("an Open311 key named \(name) exists already")
            }
            guard let id else { throw StoreError.unavailable("the new Open311 key has no id") }
            return Open311Key(id: id, name: name, createdAt: at)
        }
    }

    public func open311Key(hash: String) async throws(StoreError) -> Open311Key? {
        try await read { c in
            try await c.rows("""
                SELECT id, name, created_at, revoked_at, request_count, last_used_at FROM open311_keys
                WHERE key_hash = \(hash) AND revoked_at IS NULL
                """).first.map(Self.open311Key)
        }
    }

    public func revokeOpen311Key(name: String, at: Date) async throws(StoreError) -> Bool {
        try await write { c in
            try await c.count("UPDATE open311_keys SET revoked_at = \(at.storedValue) WHERE name = \(name) AND revoked_at IS NULL RETURNING 1") == 1
        }
    }

    public func open311Keys() async throws(StoreError) -> [Open311Key] {
        try await read { c in
            try await c.rows("SELECT id, name, created_at, revoked_at, request_count, last_used_at FROM open311_keys ORDER BY id")
                .map(Self.open311Key)
        }
    }

    public func countOpen311Request(keyID: Int64, at: Date) async throws(StoreError) {
        // One statement in autocommit: a busy key's requests queue on its row lock instead of failing
        // one another's SERIALIZABLE transactions.
        try await read { c in
            try await c.exec("""
                UPDATE open311_keys SET request_count = request_count + 1, last_used_at = \(at.storedValue) WHERE id = \(keyID)
                """)
        }
    }

    public func open311RequestIDs(_ query: Open311RequestQuery) async throws(StoreError) -> [TrackingID] {
        // An absent filter is an empty list here, which the `cardinality(...) = 0` test lets through.
        let categories = query.categories ?? []
        let statuses = (query.statuses ?? []).map(\.rawValue)
        let categoryFilter = query.categories != nil
        let statusFilter = query.statuses != nil
        return try await read { c in
            try await c.all("""
                SELECT tracking_id FROM cases
                WHERE received_at >= \(query.receivedFrom.storedValue) AND received_at <= \(query.receivedUntil.storedValue)
                  AND (NOT \(categoryFilter) OR category = ANY(\(categories)))
                  AND (NOT \(statusFilter) OR status = ANY(\(statuses)))
                  AND (category IS NULL OR NOT (category = ANY(\(query.hiddenCategories))))
                ORDER BY received_at DESC, id DESC
                LIMIT \(query.limit)
                """, as: String.self).map(TrackingID.init(storedCanonical:))
        }
    }

    static func open311Key(_ row: PostgresRow) throws -> Open311Key {
        let (id, name, created, revoked, count, used) = try row.decode((Int64, String, Double, Double?, Int, Double?).self)
        return Open311Key(id: id, name: name, createdAt: Date(stored: created), revokedAt: revoked.map(Date.init(stored:)),
                          requestCount: count, lastUsedAt: used.map(Date.init(stored:)))
    }
}
