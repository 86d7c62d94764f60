import PostgresNIO

/// Runs the migrations not yet run, each in its own transaction, holding a session advisory lock so
/// that several servers starting at once run each migration exactly once (the others wait, then
/// find nothing left to do).
enum PostgresMigrator {
    /// The advisory lock's key: "SIANGMIG" in ASCII, out of the way of anything else's locks.
    static let lockKey: Int64 = 0x5349_414E_474D_4947

    static func migrate(_ client: PostgresClient) async throws {
        try await client.withConnection { c in
            try await c.exec("SELECT pg_advisory_lock(\(lockKey))")
            do {
                try await c.exec("""
                    CREATE TABLE IF NOT EXISTS siang_migrations (
                        identifier text PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
                let done = Set(try await c.all("SELECT identifier FROM siang_migrations", as: String.self))
                for migration in PostgresSchema.migrations where !done.contains(migration.identifier) {
                    try await c.exec("BEGIN")
                    do {
                        // Several statements in one simple query: no bound values, so the simple protocol.
                        try await c.simple(migration.sql)
                        try await migration.then?(c)
                        try await c.exec("INSERT INTO siang_migrations (identifier) VALUES (\(migration.identifier))")
                        try await c.exec("COMMIT")
                    } catch {
                        _ = try? await c.exec("ROLLBACK")
                        throw error
                    }
                }
            } catch {
                _ = try? await c.exec("SELECT pg_advisory_unlock(\(lockKey))")
                throw error
            }
            try await c.exec("SELECT pg_advisory_unlock(\(lockKey))")
        }
    }
}
