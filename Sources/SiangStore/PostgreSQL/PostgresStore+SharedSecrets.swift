import Foundation
import NIOCore
import PostgresNIO

extension PostgresStore: SharedSecretStore {
    public func sharedSecret(named name: String, orMake make: @Sendable () -> Data) async throws(StoreError) -> Data {
        let candidate = ByteBuffer(bytes: make())
        let stored = try await read { c in
            // Autocommit: the INSERT waits for a server inserting the same name at the same moment,
            // so the SELECT after it sees whichever secret was stored first.
            try await c.exec("INSERT INTO shared_secrets (name, secret) VALUES (\(name), \(candidate)) ON CONFLICT (name) DO NOTHING")
            return try await c.one("SELECT secret FROM shared_secrets WHERE name = \(name)", as: ByteBuffer.self)
        }
        guard let stored else { throw StoreError.unreadable("the shared secret \(name) vanished as it was stored") }
        return Data(stored.readableBytesView)
    }
}
