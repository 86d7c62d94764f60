import Foundation
import GRDB
import SiangCore

/// One pass of the inbox in one transaction (``InboxBatchStore``): everything is encoded and sealed
/// before the write lock is taken, so the transaction only inserts and updates.
extension SQLiteStore {
    public func commitInboxBatch(_ batch: InboxBatch) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        let changes = try batch.changes.map { (change) throws(StoreError) in try prepare(change) }
        let outbox = cipher.seal(batch.outbox)
        let (finished, at) = (batch.finished, batch.at)
        let decoder = self.decoder
        try await write { db in
            for change in changes {
                switch change {
                case .open(let p):
                    // Planned as new: a stored key means the plan is stale, and the caller plans again.
                    let outcome: CreateOutcome
                    do { outcome = try Self.insert(p, db: db, decoder: decoder) } catch StoreError.keyReusedForDifferentRequest {
                        throw StoreError.concurrentChange
                    }
                    guard case .created = outcome else { throw StoreError.concurrentChange }
                case .addMessage(let m):
                    try Self.addFollowUp(m.rows, to: m.trackingID, attachments: m.attachments, channel: m.channel, key: m.key,
                                         outbox: SealedOutbox(messages: []), db: db, decoder: decoder)
                case .setLINEFollowing(let keys, let following):
                    try Self.setLINEFollowing(keys: keys, following: following, db: db)
                }
            }
            try Self.insertOutbox(outbox, at: at, db: db)
            let finish = try db.cachedStatement(sql: "UPDATE inbox SET processed_at = ?, error = ? WHERE id = ? AND processed_at IS NULL")
            for row in finished {
                try finish.execute(arguments: [at.storedValue, row.error, row.id])
                // Finished by someone else meanwhile: this pass must not write its changes a second time.
                guard db.changesCount == 1 else { throw StoreError.concurrentChange }
            }
        }
    }

    /// A change with its values encoded and its personal data sealed.
    enum PreparedInboxChange: Sendable {
        case open(PreparedCase)
        case addMessage(PreparedFollowUp)
        case setLINEFollowing(keys: [String], following: Bool)
    }

    struct PreparedFollowUp: Sendable {
        var trackingID: TrackingID
        var rows: [(data: String, type: String, actor: String, at: Double)]
        var attachments: [AttachmentRef]
        var channel: Channel
        var key: String?
    }

    func prepare(_ change: InboxChange) throws(StoreError) -> PreparedInboxChange {
        switch change {
        case .open(let newCase):
            return .open(try prepare(newCase))
        case .addMessage(let m):
            return .addMessage(PreparedFollowUp(trackingID: m.trackingID, rows: try encode(m.events), attachments: cipher.seal(m.attachments),
                                                channel: m.channel, key: m.key))
        case .setLINEFollowing(let userID, let following):
            return .setLINEFollowing(keys: cipher.lineUserKeys(userID), following: following)
        }
    }

    /// Adds a complainant's follow-up inside the caller's transaction, idempotent by its channel key:
    /// false, writing nothing, when the key was stored before.
    @discardableResult
    static func addFollowUp(_ rows: [(data: String, type: String, actor: String, at: Double)], to id: TrackingID, attachments: [AttachmentRef],
                            channel: Channel, key: String?, outbox: SealedOutbox, db: Database, decoder: JSONDecoder) throws -> Bool {
        if let key, try Bool.fetchOne(try db.cachedStatement(sql: "SELECT 1 FROM channel_keys WHERE channel = ? AND key = ?"),
                                      arguments: [channel.rawValue, key]) == true {
            return false
        }
        let caseID = try appendRows(rows, to: id, expectedEventCount: nil, outbox: outbox, db: db, decoder: decoder)
        for a in attachments {
            try db.cachedStatement(sql: "INSERT INTO attachments (case_id, sha256, filename, content_type, size) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [caseID, a.sha256, a.filename, a.contentType, a.size])
        }
        if let key {
            try db.cachedStatement(sql: "INSERT INTO channel_keys (channel, key, case_id, fingerprint, receipt) VALUES (?, ?, ?, '', ?)")
                .execute(arguments: [channel.rawValue, key, caseID, "{\"trackingId\":\"\(id)\"}"])
        }
        return true
    }

    /// Sets whether the LINE user with these lookup keys follows the account, on all their cases.
    static func setLINEFollowing(keys: [String], following: Bool, db: Database) throws {
        try db.execute(sql: "UPDATE case_contacts SET line_opted_out = ? WHERE line_user_key IN (\(SQLPredicate.placeholders(keys.count)))",
                       arguments: [!following] + StatementArguments(keys))
    }
}
