import Foundation
import PostgresNIO
import SiangCore

/// One pass of the inbox in one transaction (``InboxBatchStore``), the twin of
/// `SQLiteStore+InboxBatch.swift`. READ COMMITTED, as new cases are: the batch's new cases insert
/// rows of their own (their channel keys guarded by the key's primary key), its follow-ups lock their
/// case row, and each inbox row is finished only if it is still pending when the update reaches it.
extension PostgresStore {
    public func commitInboxBatch(_ batch: InboxBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        let changes = try batch.changes.map { (change) throws(StoreError) in try prepare(change) }
        let outbox = cipher.seal(batch.outbox)
        let (finished, at) = (batch.finished, batch.at)
        try await write(isolation: .readCommitted, retryingOn: Self.isRacedChannelKey) { c in
            for change in changes {
                switch change {
                case .open(let p):
                    // Planned as new: a stored key means the plan is stale, and the caller plans again.
                    let outcome: CreateOutcome
                    do { outcome = try await insert(p, connection: c) } catch StoreError.keyReusedForDifferentRequest {
                        throw StoreError.concurrentChange
                    }
                    guard case .created = outcome else { throw StoreError.concurrentChange }
                case .addMessage(let m):
                    try await addFollowUp(m.rows, to: m.trackingID, attachments: m.attachments, channel: m.channel, key: m.key,
                                          outbox: SealedOutbox(messages: []), connection: c)
                case .setLINEFollowing(let keys, let following):
                    try await Self.setLINEFollowing(keys: keys, following: following, connection: c)
                }
            }
            try await insertOutbox(outbox, at: at, connection: c)
            for row in finished {
                // Finished by someone else meanwhile: this pass must not write its changes a second time.
                let marked = try await c.count("""
                    UPDATE inbox SET processed_at = \(at.storedValue), error = \(row.error)
                    WHERE id = \(row.id) AND processed_at IS NULL RETURNING 1
                    """)
                guard marked == 1 else { throw StoreError.concurrentChange }
            }
        }
    }

    /// A change with its values encoded and its personal data sealed.
    enum PreparedInboxChange: Sendable {
        case open(SQLiteStore.PreparedCase)
        case addMessage(SQLiteStore.PreparedFollowUp)
        case setLINEFollowing(keys: [String], following: Bool)
    }

    func prepare(_ change: InboxChange) throws(StoreError) -> PreparedInboxChange {
        switch change {
        case .open(let newCase):
            return .open(try prepare(newCase))
        case .addMessage(let m):
            return .addMessage(SQLiteStore.PreparedFollowUp(trackingID: m.trackingID, rows: try encode(m.events),
                                                            attachments: cipher.seal(m.attachments), channel: m.channel, key: m.key))
        case .setLINEFollowing(let userID, let following):
            return .setLINEFollowing(keys: cipher.lineUserKeys(userID), following: following)
        }
    }

    /// Adds a complainant's follow-up inside the caller's transaction, idempotent by its channel key:
    /// false, writing nothing, when the key was stored before.
    @discardableResult
    func addFollowUp(_ rows: [EventRow], to id: TrackingID, attachments: [AttachmentRef], channel: SiangCore.Channel, key: String?,
                     outbox: SealedOutbox, connection c: PostgresConnection) async throws -> Bool {
        if let key, try await c.count("SELECT 1 FROM channel_keys WHERE channel = \(channel.rawValue) AND key = \(key)") > 0 {
            return false
        }
        let caseID = try await appendRows(rows, to: id, expectedEventCount: nil, outbox: outbox, connection: c)
        try await insertAttachments(attachments, caseID: caseID, connection: c)
        if let key {
            try await c.exec("""
                INSERT INTO channel_keys (channel, key, case_id, fingerprint, receipt)
                VALUES (\(channel.rawValue), \(key), \(caseID), '', \("{\"trackingId\":\"\(id)\"}"))
                """)
        }
        return true
    }

    /// Sets whether the LINE user with these lookup keys follows the account, on all their cases.
    static func setLINEFollowing(keys: [String], following: Bool, connection c: PostgresConnection) async throws {
        try await c.exec("UPDATE case_contacts SET line_opted_out = \(following ? 0 : 1) WHERE line_user_key = ANY(\(keys))")
    }
}
