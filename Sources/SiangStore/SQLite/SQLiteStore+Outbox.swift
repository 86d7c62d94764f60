import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    /// Inserts outbox rows inside the caller's transaction; a repeated dedupe key is skipped, so a
    /// retried change never enqueues the same delivery twice.
    static func insertOutbox(_ sealed: SealedOutbox, at: Date, db: Database) throws {
        for m in sealed.messages {
            try db.cachedStatement(sql: """
                INSERT INTO outbox (kind, channel, tracking_id, payload, dedupe_key, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING
                """).execute(arguments: [m.kind, m.channel?.rawValue, m.trackingID?.description, m.payload, m.dedupeKey,
                                 at.storedValue, at.storedValue])
        }
    }

    public func pendingOutbox(limit: Int) async throws(StoreError) -> [StoredOutboxMessage] {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY next_attempt_at, id LIMIT ?", arguments: [limit])
                .map { row in try Self.outboxMessage(row, cipher: cipher) }
        }
    }

    public func dueOutbox(now: Date, limit: Int) async throws(StoreError) -> [StoredOutboxMessage] {
        let cipher = self.cipher
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                """, arguments: [now.storedValue, limit]).map { row in try Self.outboxMessage(row, cipher: cipher) }
        }
    }

    public func markDelivered(outboxIDs: [Int64], at: Date) async throws(StoreError) {
        guard !outboxIDs.isEmpty else { return }
        try await write { db in
            let mark = try db.cachedStatement(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?")
            for id in outboxIDs { try mark.execute(arguments: [at.storedValue, id]) }
        }
    }

    public func postponeOutbox(outboxID: Int64, until: Date) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL", arguments: [until.storedValue, outboxID])
        }
    }

    public func markFailed(outboxID: Int64, error: String, nextAttemptAt: Date?) async throws(StoreError) {
        // A message given up on keeps delivered_at NULL and moves its next attempt to "never" (infinity
        // is not storable, so the far future), where an operator can find and replay it.
        let next = nextAttemptAt?.storedValue ?? Double(Int32.max) * 100
        let sealedError = cipher.seal(String(error.prefix(500)))
        try await write { db in
            try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
                           arguments: [sealedError, next, outboxID])
        }
    }

    static func outboxMessage(_ row: Row, cipher: PersonalDataCipher) throws(StoreError) -> StoredOutboxMessage {
        StoredOutboxMessage(
            id: row["id"],
            message: OutboxMessage(kind: row["kind"], channel: (row["channel"] as String?).flatMap(Channel.init(rawValue:)),
                                   trackingID: (row["tracking_id"] as String?).flatMap { try? TrackingID(from: $0) },
                                   payload: try cipher.open(outboxPayload: row["payload"]), dedupeKey: row["dedupe_key"]),
            attempts: row["attempts"])
    }

    public func pendingInbox(source: String, limit: Int) async throws(StoreError) -> [InboxItem] {
        let (decoder, cipher) = (self.decoder, self.cipher)
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inbox WHERE source = ? AND processed_at IS NULL ORDER BY id LIMIT ?",
                             arguments: [source, limit]).map { row in
                let headers = try cipher.opened(row["headers"], "an inbox item") ?? ""
                return InboxItem(id: row["id"], source: row["source"], receivedAt: Date(stored: row["received_at"]),
                                 headers: (try? decoder.decode([String: String].self, from: Data(headers.utf8))) ?? [:],
                                 body: try cipher.opened(bytes: row["body"], "an inbox item"))
            }
        }
    }

    public func markInboxProcessed(id: Int64, at: Date, error: String?) async throws(StoreError) {
        try await write { db in
            try db.execute(sql: "UPDATE inbox SET processed_at = ?, error = ? WHERE id = ?", arguments: [at.storedValue, error, id])
        }
    }

    public func enqueueInbox(source: String, headers: [String: String], body: Data, at: Date) async throws(StoreError) -> Int64 {
        let headerJSON: String
        do { headerJSON = try json(headers) } catch { throw .unavailable("cannot encode headers") }
        // A webhook body names its sender (a LINE user ID) and carries their words: sealed like a contact.
        let (sealedHeaders, sealedBody) = (cipher.seal(headerJSON), cipher.seal(bytes: body))
        return try await write { db in
            try db.execute(sql: "INSERT INTO inbox (source, received_at, headers, body) VALUES (?, ?, ?, ?)",
                           arguments: [source, at.storedValue, sealedHeaders, sealedBody])
            return db.lastInsertedRowID
        }
    }
}

extension TrackingID {
    /// Reads a stored canonical ID (`PREFIX-BODY`).
    init(from stored: String) throws {
        guard let hyphen = stored.firstIndex(of: "-") else { throw TrackingIDError.malformed }
        try self.init(prefix: String(stored[..<hyphen]), body: String(stored[stored.index(after: hyphen)...]))
    }
}
