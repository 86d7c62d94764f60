import Foundation
import PostgresNIO

/// `postgres://user:password@host:port/database?sslmode=…` as libpq reads it, into postgres-nio's
/// configuration. Percent-escapes in the user and password are decoded; the password never appears
/// in an error.
enum PostgresURL {
    /// The URL without its password, for messages and logs.
    static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text) else { return "(unreadable URL)" }
        if url.password != nil { url.password = "***" }
        return url.string ?? "(unreadable URL)"
    }

    static func parse(_ text: String, maxConnections: Int) throws(StoreError) -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw .invalid("a database URL starts postgres:// (postgres://user:password@host:5432/database)")
        }
        guard let host = url.host, !host.isEmpty else { throw .invalid("the database URL names no host") }
        guard let user = url.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw .invalid("the database URL names no user")
        }
        let password = url.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty else { throw .invalid("the database URL names no database") }
        let mode = url.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw .invalid("sslmode is disable, prefer or require, not \(mode)")
        }
        var configuration = PostgresClient.Configuration(host: host, port: url.port ?? 5432, username: user,
                                                         password: password, database: database, tls: tls)
        configuration.options.maximumConnections = max(1, maxConnections)
        configuration.options.minimumConnections = 0
        return configuration
    }
}
