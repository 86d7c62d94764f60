import Foundation
import SiangStore

/// The server's signing secret (form nonces). `SIANG_SECRET_KEY` wins when set. Otherwise, on a
/// store that several servers share (PostgreSQL, a ``SharedSecretStore``) the first server to start
/// makes it and every other reads the same one from the database, so a form from one server is
/// accepted by another; on the embedded SQLite store it is made once per data directory and kept
/// in a file only the service account can read.
enum ServerSecret {
    static func load(dataDirectory: String, store: any CaseStore, environment: [String: String]) async throws -> Data {
        if let fromEnv = environment["SIANG_SECRET_KEY"], fromEnv.utf8.count >= 32 { return Data(fromEnv.utf8) }
        if let shared = store as? any SharedSecretStore {
            return try await shared.sharedSecret(named: SharedSecretName.formSigning, orMake: fresh)
        }
        let path = (dataDirectory as NSString).appendingPathComponent("secret.key")
        if let existing = FileManager.default.contents(atPath: path), existing.count >= 32 { return existing }
        let secret = fresh()
        try OwnerOnly.directory(dataDirectory)
        guard FileManager.default.createFile(atPath: path, contents: secret, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        return secret
    }

    /// 32 random bytes.
    @Sendable static func fresh() -> Data {
        var g = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &g) })
    }
}
