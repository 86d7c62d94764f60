import Foundation
import PostgresNIO
import SiangCore

/// The inbox, the outbox and the LINE channel's questions on PostgreSQL: the twins of
/// SQLiteStore+Outbox and +LINE, plus the claim that lets several servers deliver the outbox at once.
extension PostgresStore {
    /// The outbox columns ``outboxMessage(_:)`` reads, in its order.
    static let outboxColumns = "id, kind, channel, tracking_id, payload, dedupe_key, attempts"

    /// A message given up on waits here ("never": infinity is not storable) until an operator replays it.
    static let givenUpAttemptAt = Double(Int32.max) * 100

    public func enqueueInbox(source: String, headers: [String: String], body: Data, at: Date) async throws(StoreError) -> Int64 {
        let headerJSON: String
        do { headerJSON = try json(headers) } catch { throw .unavailable("cannot encode headers") }
        // A webhook body names its sender (a LINE user ID) and carries their words: sealed like a contact.
        let (sealedHeaders, sealedBody) = (cipher.seal(headerJSON), cipher.seal(bytes: body))
        return try await write { c in
            guard let id = try await c.one("""
                INSERT INTO inbox (source, received_at, headers, body) VALUES (\(source), \(at.storedValue), \(sealedHeaders), \(sealedBody))
                RETURNING id
                """, as: Int64.self) else { throw StoreError.unavailable("the inbox row was not stored") }
            return id
        }
    }

    public func pendingOutbox(limit: Int) async throws(StoreError) -> [StoredOutboxMessage] {
        try await read { c in
            try await c.rows("""
                SELECT \(unescaped: Self.outboxColumns) FROM outbox WHERE delivered_at IS NULL ORDER BY next_attempt_at, id LIMIT \(limit)
                """).map { row in try Self.outboxMessage(row, cipher: cipher) }
        }
    }

    public func dueOutbox(now: Date, limit: Int) async throws(StoreError) -> [StoredOutboxMessage] {
        try await read { c in
            try await c.rows("""
                SELECT \(unescaped: Self.outboxColumns) FROM outbox
                WHERE delivered_at IS NULL AND next_attempt_at <= \(now.storedValue) ORDER BY next_attempt_at, id LIMIT \(limit)
                """).map { row in try Self.outboxMessage(row, cipher: cipher) }
        }
    }

    /// The due messages (as ``dueOutbox(now:limit:)``) that no other server holds, each held for
    /// `leaseSeconds`: their next attempt moves to `now + leaseSeconds` in the same statement, so a
    /// second server does not take them while this one delivers, and if this one dies the lease runs
    /// out and another takes them. Delivery then ends with ``markDelivered(outboxIDs:at:)``,
    /// ``markFailed(outboxID:error:nextAttemptAt:)`` or ``postponeOutbox(outboxID:until:)``.
    ///
    /// One statement in autocommit (READ COMMITTED), not a SERIALIZABLE `write`: `SKIP LOCKED` is
    /// what keeps claimers apart, and under SERIALIZABLE their scans of each other's rows would only
    /// fail and retry.
    public func claimDueOutbox(now: Date, limit: Int, leaseSeconds: Double) async throws(StoreError) -> [StoredOutboxMessage] {
        guard limit > 0 else { return [] }
        guard leaseSeconds.isFinite, leaseSeconds > 0 else { throw .invalid("the outbox lease must be a positive number of seconds") }
        let until = now.addingTimeInterval(leaseSeconds).storedValue
        return try await read { c in
            try await c.rows("""
                WITH claimed AS (
                    SELECT id, next_attempt_at AS due FROM outbox
                    WHERE delivered_at IS NULL AND next_attempt_at <= \(now.storedValue)
                    ORDER BY next_attempt_at, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                ), held AS (
                    UPDATE outbox o SET next_attempt_at = \(until) FROM claimed WHERE o.id = claimed.id
                    RETURNING o.id, o.kind, o.channel, o.tracking_id, o.payload, o.dedupe_key, o.attempts, claimed.due
                )
                SELECT \(unescaped: Self.outboxColumns) FROM held ORDER BY due, id
                """).map { row in try Self.outboxMessage(row, cipher: cipher) }
        }
    }

    public func markDelivered(outboxIDs: [Int64], at: Date) async throws(StoreError) {
        guard !outboxIDs.isEmpty else { return }
        try await write { c in
            try await c.exec("""
                UPDATE outbox SET delivered_at = \(at.storedValue), attempts = attempts + 1, last_error = NULL WHERE id = ANY(\(outboxIDs))
                """)
        }
    }

    public func postponeOutbox(outboxID: Int64, until: Date) async throws(StoreError) {
        try await write { c in
            try await c.exec("UPDATE outbox SET next_attempt_at = \(until.storedValue) WHERE id = \(outboxID) AND delivered_at IS NULL")
        }
    }

    public func markFailed(outboxID: Int64, error: String, nextAttemptAt: Date?) async throws(StoreError) {
        let next = nextAttemptAt?.storedValue ?? Self.givenUpAttemptAt
        let sealedError = cipher.seal(String(error.prefix(500)))
        try await write { c in
            try await c.exec("""
                UPDATE outbox SET attempts = attempts + 1, last_error = \(sealedError), next_attempt_at = \(next)
                WHERE id = \(outboxID)
                """)
        }
    }

    /// A message from ``outboxColumns``.
    static func outboxMessage(_ row: PostgresRow, cipher: PersonalDataCipher) throws -> StoredOutboxMessage {
        let (id, kind, channel, trackingID, payload, dedupeKey, attempts) =
            try row.decode((Int64, String, String?, String?, String, String, Int).self)
        return StoredOutboxMessage(
            id: id,
            message: OutboxMessage(kind: kind, channel: channel.flatMap(SiangCore.Channel.init(rawValue:)),
                                   trackingID: trackingID.flatMap { try? TrackingID(from: $0) },
                                   payload: try cipher.open(outboxPayload: payload), dedupeKey: dedupeKey),
            attempts: attempts)
    }

    public func pendingInbox(source: String, limit: Int) async throws(StoreError) -> [InboxItem] {
        let (decoder, cipher) = (self.decoder, self.cipher)
        return try await read { c in
            try await c.rows("""
                SELECT id, source, received_at, headers, body FROM inbox WHERE source = \(source) AND processed_at IS NULL
                ORDER BY id LIMIT \(limit)
                """).map { row in
                let (id, source, receivedAt, headers, body) = try row.decode((Int64, String, Double, String, Data).self)
                let opened = try cipher.opened(headers, "an inbox item") ?? ""
                return InboxItem(id: id, source: source, receivedAt: Date(stored: receivedAt),
                                 headers: (try? decoder.decode([String: String].self, from: Data(opened.utf8))) ?? [:],
                                 body: try cipher.opened(bytes: body, "an inbox item"))
            }
        }
    }

    public func markInboxProcessed(id: Int64, at: Date, error: String?) async throws(StoreError) {
        try await write { c in try await Self.markInbox(id, at: at, error: error, connection: c) }
    }

    static func markInbox(_ id: Int64, at: Date, error: String?, connection c: PostgresConnection) async throws {
        try await c.exec("UPDATE inbox SET processed_at = \(at.storedValue), error = \(error) WHERE id = \(id)")
    }

    public func enqueueOutbox(_ messages: [OutboxMessage], at: Date) async throws(StoreError) {
        guard !messages.isEmpty else { return }
        let sealed = cipher.seal(messages)
        try await write { c in try await insertOutbox(sealed, at: at, connection: c) }
    }

    public func finishInbox(_ rows: [(id: Int64, error: String?)], outbox: [OutboxMessage], at: Date) async throws(StoreError) {
        let outbox = cipher.seal(outbox)
        try await write { c in
            try await insertOutbox(outbox, at: at, connection: c)
            for (id, error) in rows { try await Self.markInbox(id, at: at, error: error, connection: c) }
        }
    }

    // MARK: LINE

    public func recentLINECase(userID: String, since: Date, until: Date) async throws(StoreError) -> TrackingID? {
        let open = Status.allCases.filter(\.isOpen).map(\.rawValue)
        let keys = cipher.lineUserKeys(userID)
        return try await read { c in
            try await c.one("""
                SELECT c.tracking_id FROM case_contacts k JOIN cases c ON c.id = k.case_id
                WHERE c.received_at >= \(since.storedValue) AND c.received_at <= \(until.storedValue) AND c.channel = 'line'
                  AND c.status = ANY(\(open)) AND k.line_user_key = ANY(\(keys))
                ORDER BY c.received_at DESC, c.id DESC LIMIT 1
                """, as: String.self).flatMap { try? TrackingID(from: $0) }
        }
    }

    public func cases(channel: SiangCore.Channel, keys: [String]) async throws(StoreError) -> [String: KeyedCase] {
        guard !keys.isEmpty else { return [:] }
        let keys = Array(Set(keys))
        let rows = try await read { c in
            try await c.rows("""
                SELECT k.key, c.tracking_id, c.received_at FROM channel_keys k JOIN cases c ON c.id = k.case_id
                WHERE k.channel = \(channel.rawValue) AND k.key = ANY(\(keys))
                """).map { try $0.decode((String, String, Double).self) }
        }
        var found: [String: KeyedCase] = [:]
        for (key, id, receivedAt) in rows {
            guard let id = try? TrackingID(from: id) else { continue }
            found[key] = KeyedCase(trackingID: id, receivedAt: Date(stored: receivedAt))
        }
        return found
    }

    public func recentLINECases(userIDs: [String], since: Date, until: Date) async throws(StoreError) -> [String: [RecentLINECase]] {
        let open = Status.allCases.filter(\.isOpen).map(\.rawValue)
        let userOfKey = cipher.lineUsersByKey(userIDs)
        let keys = Array(userOfKey.keys)
        guard !keys.isEmpty else { return [:] }
        // The query of recentLINECase(userID:since:until:) for many users at once, in its order.
        let rows = try await read { c in
            try await c.rows("""
                SELECT k.line_user_key, c.tracking_id, c.received_at, c.status FROM case_contacts k JOIN cases c ON c.id = k.case_id
                WHERE c.received_at >= \(since.storedValue) AND c.received_at <= \(until.storedValue) AND c.channel = 'line'
                  AND c.status = ANY(\(open)) AND k.line_user_key = ANY(\(keys))
                ORDER BY c.received_at DESC, c.id DESC
                """).map { try $0.decode((String, String, Double, String).self) }
        }
        var found: [String: [RecentLINECase]] = [:]
        for (key, id, receivedAt, status) in rows {
            guard let user = userOfKey[key], let id = try? TrackingID(from: id), let status = Status(rawValue: status) else { continue }
            found[user, default: []].append(RecentLINECase(trackingID: id, receivedAt: Date(stored: receivedAt), status: status))
        }
        return found
    }

    public func setLINEFollowing(userID: String, following: Bool) async throws(StoreError) {
        let keys = cipher.lineUserKeys(userID)
        try await write { c in try await Self.setLINEFollowing(keys: keys, following: following, connection: c) }
    }

    public func lineRecipient(of id: TrackingID) async throws(StoreError) -> String? {
        let cipher = self.cipher
        return try await read { c in
            try cipher.opened(try await c.one("""
                SELECT k.line_user_id FROM case_contacts k JOIN cases c ON c.id = k.case_id
                WHERE c.tracking_id = \(id.description) AND k.line_opted_out = 0 AND k.line_user_id IS NOT NULL AND k.line_user_id <> ''
                """, as: String.self), "a LINE user ID")
        }
    }

    // MARK: Scoring-core exports

    public func enqueueScoringCoreExport(_ message: OutboxMessage, at: Date) async throws(StoreError) -> QueuedScoringCoreExport {
        let (sealed, cipher) = (cipher.seal([message]), cipher)
        return try await write { c in
            try await insertOutbox(sealed, at: at, connection: c)
            guard let row = try await c.rows("""
                SELECT \(unescaped: Self.outboxColumns), delivered_at, next_attempt_at, last_error FROM outbox WHERE dedupe_key = \(message.dedupeKey)
                """).first else {
                throw StoreError.unavailable("the queued scoring-core export could not be read back")
            }
            let message = try Self.outboxMessage(row, cipher: cipher)
            let (_, _, _, _, _, _, _, delivered, next, lastError) =
                try row.decode((Int64, String, String?, String?, String, String, Int, Double?, Double, String?).self)
            // markFailed(nextAttemptAt: nil) parks a message given up on in the far future.
            return QueuedScoringCoreExport(row: message, deliveredAt: delivered.map(Date.init(stored:)),
                                           givenUp: delivered == nil && next >= Self.givenUpAttemptAt,
                                           lastError: try cipher.opened(lastError, "a delivery error"))
        }
    }

    public func scheduledScoringCoreExport(month: String) async throws(StoreError) -> Date? {
        try await read { c in
            try await c.one("SELECT queued_at FROM scoring_core_schedule WHERE month = \(month)", as: Double.self).map(Date.init(stored:))
        }
    }

    public func enqueueScheduledScoringCoreExport(month: String, _ message: OutboxMessage, at: Date) async throws(StoreError) -> Bool {
        let sealed = cipher.seal([message])
        return try await write { c in
            let queued = try await c.count("""
                INSERT INTO scoring_core_schedule (month, outbox_dedupe_key, queued_at) VALUES (\(month), \(message.dedupeKey), \(at.storedValue))
                ON CONFLICT (month) DO NOTHING RETURNING 1
                """)
            guard queued == 1 else { return false }
            try await insertOutbox(sealed, at: at, connection: c)
            return true
        }
    }
}
