import Foundation
import SiangStore

/// PostgreSQL databases for store tests, each a copy of one database migrated once per test process:
/// copying a template is a file copy, where running every migration on every fresh database was most
/// of what opening a test store cost (and, on a busy machine, pushed some past the connect timeout).
public enum MigratedPostgres {
    private static let template = Task<String, any Error> {
        let url = try TestPostgres.freshDatabaseURL()
        let store = try await PostgresStore(url: url, cipher: .forTests, maxConnections: 1, connectTimeout: TestPostgres.connectTimeout)
        store.close()
        return String(URLComponents(string: url)!.path.dropFirst())
    }

    /// The URL of a new database holding the whole schema and no rows.
    public static func freshURL() async throws -> String {
        try TestPostgres.freshDatabaseURL(copying: try await template.value)
    }

    /// A store on a new migrated database.
    public static func freshStore(maxConnections: Int = 4) async throws -> PostgresStore {
        try await PostgresStore(url: try await freshURL(), cipher: .forTests, maxConnections: maxConnections, connectTimeout: TestPostgres.connectTimeout)
    }
}
