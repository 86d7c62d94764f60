import PostgresNIO

/// The few shapes every PostgreSQL store method needs, so each reads as its SQL.
extension PostgresConnection {
    /// Runs a statement, discarding any rows.
    func exec(_ query: PostgresQuery) async throws {
        for try await _ in try await self.query(query, logger: PostgresStore.quiet) {}
    }

    /// Runs a statement and returns how many rows it gave back (use `RETURNING 1` to count rows written).
    @discardableResult
    func count(_ query: PostgresQuery) async throws -> Int {
        var n = 0
        for try await _ in try await self.query(query, logger: PostgresStore.quiet) { n += 1 }
        return n
    }

    /// All rows, for decoding column by column (`row.decode((A, B).self)`).
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        var out: [PostgresRow] = []
        for try await row in try await self.query(query, logger: PostgresStore.quiet) { out.append(row) }
        return out
    }

    /// The single column of every row.
    func all<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type) async throws -> [T] {
        var out: [T] = []
        for try await value in try await self.query(query, logger: PostgresStore.quiet).decode(T.self) { out.append(value) }
        return out
    }

    /// The single column of the first row; nil when there is no row (or the value is NULL, with an optional `T`).
    func one<T: PostgresDecodable>(_ query: PostgresQuery, as: T.Type) async throws -> T? {
        for try await value in try await self.query(query, logger: PostgresStore.quiet).decode(T.self) { return value }
        return nil
    }

    /// Several statements without bound values (DDL), one after another: the extended protocol
    /// postgres-nio speaks takes one statement at a time.
    func simple(_ sql: String) async throws {
        for statement in PostgresSchema.statements(sql) {
            try await exec(PostgresQuery(unsafeSQL: statement))
        }
    }
}
