import Foundation
import SiangStore

/// The server's signing secret (form nonces), made once per data directory and kept in a file only
/// the service account can read; `SIANG_SECRET_KEY` overrides it for deployments that share one.
enum ServerSecret {
    static func load(dataDirectory: String, environment: [String: String]) throws -> Data {
        if let fromEnv = environment["SIANG_SECRET_KEY"], fromEnv.utf8.count >= 32 { return Data(fromEnv.utf8) }
        let path = (dataDirectory as NSString).appendingPathComponent("secret.key")
        if let existing = FileManager.default.contents(atPath: path), existing.count >= 32 { return existing }
        var g = SystemRandomNumberGenerator()
        let secret = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &g) })
        try OwnerOnly.directory(dataDirectory)
        guard FileManager.default.createFile(atPath: path, contents: secret, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        return secret
    }
}
