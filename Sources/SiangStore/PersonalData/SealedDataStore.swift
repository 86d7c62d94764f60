import Foundation

/// What key rotation and the sealing of an older store's plain values ask of a store (docs/pdpa.md
/// "Encryption at rest").
public protocol SealedDataStore: Sendable {
    /// The keys the store seals with; attachment files are sealed with the same.
    var cipher: PersonalDataCipher { get }
    /// Seals every personal value that is plain or sealed with another key than the current one, a
    /// batch of rows to a transaction, stopping after `maxBatches` when given (run again to go on).
    /// When it reaches the end, the current key is recorded as sealing everything and every other key
    /// as retired.
    func resealPersonalData(batchSize: Int, maxBatches: Int?) async throws(StoreError) -> SealedColumns.Progress
    /// The keys the store's register names, with their state.
    func dataKeys() async throws(StoreError) -> [DataKeyRecord]
}

/// A data key as the store's register records it: its id (never the key), and whether every value
/// is sealed with it or it no longer seals any.
public struct DataKeyRecord: Sendable, Equatable, Codable {
    public var keyID: String
    public var addedAt: Date
    public var sealedAllAt: Date?
    public var retiredAt: Date?
}

extension SealedColumns {
    /// Refuses a store that has values sealed with a key the ring lacks, naming the key.
    static func checkRing(_ register: [DataKeyRecord], cipher: PersonalDataCipher) throws(StoreError) {
        let known = Set(cipher.ring.map(\.id))
        if let missing = register.first(where: { $0.retiredAt == nil && !known.contains($0.keyID) }) {
            throw .unavailable(DataKeyError.unknownKey(missing.keyID).description)
        }
    }

    /// Whether the store has never had all its values sealed: a new store, or one written before
    /// encryption. Such a store is sealed as it opens.
    static func needsFirstSealing(_ register: [DataKeyRecord]) -> Bool {
        !register.contains { $0.sealedAllAt != nil }
    }
}
