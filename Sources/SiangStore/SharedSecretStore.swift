import Foundation

/// Secrets that every server sharing a store must agree on, such as the key that signs form nonces:
/// a nonce one server hands out must be accepted by whichever server the load balancer sends the
/// form back to.
///
/// Only the PostgreSQL store adopts it. A SQLite store belongs to one process and its data
/// directory, and its secret stays the file it has always been in that directory: moving it into
/// the database would give every existing installation a new key on upgrade and refuse the forms
/// its citizens have open.
public protocol SharedSecretStore: Sendable {
    /// The secret `name`: the one stored, or, the first time, `make()`'s, stored for everyone after.
    /// When several servers start at once, all of them get the first one stored.
    func sharedSecret(named name: String, orMake make: @Sendable () -> Data) async throws(StoreError) -> Data
}

/// The names of the shared secrets.
public enum SharedSecretName {
    /// The key that signs form nonces: the SQLite store keeps it as `secret.key` in the data
    /// directory, and `siang migrate` carries it over so forms open during the move stay valid.
    public static let formSigning = "form-signing"
}
