import Crypto
import Foundation
import SiangStore

/// The outbox row of a scoring-core push: kind `scoring_core_export`, the document's exact bytes as the
/// payload, and as dedupe key the SHA-256 (lower-case hex) of those bytes, computed once here when the
/// document is queued. The deliverer sends that key as `Idempotency-Key`, so every retry of one document
/// carries the same key, and the same document queued twice is one row.
public enum ScoringCoreOutbox {
    public static let kind = "scoring_core_export"

    /// Lower-case hex SHA-256 of `bytes`.
    public static func digest(_ bytes: Data) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public static func message(for document: Data) -> OutboxMessage {
        OutboxMessage(kind: kind, channel: nil, trackingID: nil, payload: String(decoding: document, as: UTF8.self),
                      dedupeKey: digest(document))
    }
}
