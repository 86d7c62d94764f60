import Crypto
import Foundation

/// The audit log as a hash chain (DESIGN.md 5.12): each entry's `hash` is SHA-256 over the hash of the
/// entry before it and the entry's own fields, so changing, removing or re-ordering an entry breaks
/// every link after it. Checkpoints record the head (the last entry's id and hash) from time to time,
/// so cutting entries off the end shows too; kept outside the database as well (the server logs each
/// one), they hold against someone who can rewrite the whole table.
public enum AuditChain {
    /// The "previous hash" of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of an entry that follows `previous`. Fields are length-prefixed, so no choice of
    /// text in one field can pass for another field; the instant is hashed as its exact bits, the
    /// same double in both stores.
    public static func link(previous: String, at: Double, actor: String, action: String, trackingID: String?, improvementID: Int64?) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        func field(_ text: String?) {
            guard let text else { bytes += Array("-\n".utf8); return }
            let utf8 = Array(text.utf8)
            bytes += Array("\(utf8.count):".utf8)
            bytes += utf8
            bytes.append(0x0A)
        }
        field(previous)
        field(String(at.bitPattern, radix: 16))
        field(actor)
        field(action)
        field(trackingID)
        field(improvementID.map { String($0) })
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}

/// One audit entry as the chain sees it: every field the hash covers, and the hash stored with it
/// (nil for an entry written before the chain began that was never linked).
public struct AuditChainRow: Sendable, Equatable {
    public var id: Int64
    public var at: Double
    public var actor: String
    public var action: String
    public var trackingID: String?
    public var improvementID: Int64?
    public var hash: String?

    public init(id: Int64, at: Double, actor: String, action: String, trackingID: String?, improvementID: Int64?, hash: String?) {
        (self.id, self.at, self.actor, self.action, self.trackingID, self.improvementID, self.hash) =
            (id, at, actor, action, trackingID, improvementID, hash)
    }

    /// The hash this entry should carry after `previous`.
    public func expectedHash(after previous: String) -> String {
        AuditChain.link(previous: previous, at: at, actor: actor, action: action, trackingID: trackingID, improvementID: improvementID)
    }
}

/// The head of the chain recorded at a moment: the last entry's id and hash.
public struct AuditCheckpoint: Sendable, Equatable, Codable {
    public var entryID: Int64
    public var hash: String
    public var at: Date

    public init(entryID: Int64, hash: String, at: Date) {
        (self.entryID, self.hash, self.at) = (entryID, hash, at)
    }
}

/// What the store offers `siang audit verify` and the checkpoint job.
public protocol AuditChainStore: Sendable {
    /// Entries with an id above `id`, in id order, at most `limit`.
    func auditChainRows(after id: Int64, limit: Int) async throws(StoreError) -> [AuditChainRow]
    /// Every checkpoint recorded, oldest first.
    func auditCheckpoints() async throws(StoreError) -> [AuditCheckpoint]
    /// Records the current head as a checkpoint, unless the last checkpoint already names it; nil
    /// when the log is empty.
    func checkpointAudit(at: Date) async throws(StoreError) -> AuditCheckpoint?
}

/// Walks the chain from the first entry and says whether it holds, and if not which entry is the
/// first that does not fit (DESIGN.md 5.12, `siang audit verify`).
public struct AuditVerifier: Sendable {
    public struct Outcome: Sendable, Equatable {
        /// Entries read.
        public var entries: Int
        /// The last entry's id and hash when the chain holds to the end.
        public var head: AuditCheckpoint?
        /// The first entry that does not fit, and why; nil when the chain holds.
        public var firstBreak: Break?
        public var holds: Bool { firstBreak == nil }
    }

    public struct Break: Sendable, Equatable {
        /// The entry named (for a checkpoint past the end, the id the checkpoint names).
        public var entryID: Int64
        public var reason: Reason
    }

    public enum Reason: Sendable, Equatable {
        /// The entry's fields or the entry before it are not what its hash was made from: the entry was
        /// changed, or one before it was removed or moved.
        case hashMismatch
        /// The entry carries no hash though the chain had begun before it.
        case unlinked
        /// A checkpoint names this entry with another hash, or names an entry that is gone.
        case checkpointMismatch
    }

    let store: any AuditChainStore
    let batchSize: Int

    public init(store: any AuditChainStore, batchSize: Int = 5_000) {
        self.store = store
        self.batchSize = batchSize
    }

    /// `external`: heads kept outside the database (`--expect-head`), checked like the stored ones.
    public func verify(external: [AuditCheckpoint] = []) async throws(StoreError) -> Outcome {
        var checkpoints: [Int64: [String]] = [:]
        for c in try await store.auditCheckpoints() + external { checkpoints[c.entryID, default: []].append(c.hash) }
        var previous = AuditChain.genesis
        var last: AuditChainRow?
        var entries = 0
        var after: Int64 = 0
        var firstBreak: Break?
        scan: while true {
            let rows = try await store.auditChainRows(after: after, limit: batchSize)
            for row in rows {
                entries += 1
                guard let hash = row.hash else { firstBreak = Break(entryID: row.id, reason: .unlinked); break scan }
                guard hash == row.expectedHash(after: previous) else { firstBreak = Break(entryID: row.id, reason: .hashMismatch); break scan }
                if let named = checkpoints.removeValue(forKey: row.id), named.contains(where: { $0 != hash }) {
                    firstBreak = Break(entryID: row.id, reason: .checkpointMismatch)
                    break scan
                }
                previous = hash
                last = row
            }
            guard let tail = rows.last, rows.count == batchSize else { break }
            after = tail.id
        }
        // A checkpoint naming an entry the walk never met: the entry was removed (or the log cut short).
        if firstBreak == nil, let missing = checkpoints.keys.min() {
            firstBreak = Break(entryID: missing, reason: .checkpointMismatch)
        }
        let head = firstBreak == nil ? last.map { AuditCheckpoint(entryID: $0.id, hash: previous, at: Date(stored: $0.at)) } : nil
        return Outcome(entries: entries, head: head, firstBreak: firstBreak)
    }
}
