import Foundation
import GRDB
import SiangCore

/// What the LINE channel asks of the store: the conversation a follow-up joins, the follow state of
/// a user, and answers that change no case.
extension SQLiteStore {
    public func recentLINECase(userID: String, since: Date, until: Date) async throws(StoreError) -> TrackingID? {
        let open = Status.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let keys = cipher.lineUserKeys(userID)
        return try await read { db in
            // CROSS JOIN: start from the user's few contacts (case_contacts_line_user_key). Left to
            // itself, SQLite walked every open case of the window through cases_status, which in a busy
            // hour is tens of thousands of rows for each event (bench/README.md, "Soak").
            try String.fetchOne(db, sql: """
                SELECT c.tracking_id FROM case_contacts k CROSS JOIN cases c ON c.id = k.case_id
                WHERE c.received_at >= ? AND c.received_at <= ? AND c.channel = 'line' AND c.status IN (\(open))
                  AND k.line_user_key IN (\(SQLPredicate.placeholders(keys.count)))
                ORDER BY c.received_at DESC, c.id DESC LIMIT 1
                """, arguments: [since.storedValue, until.storedValue] + StatementArguments(keys)).flatMap { try? TrackingID(from: $0) }
        }
    }

    public func cases(channel: Channel, keys: [String]) async throws(StoreError) -> [String: KeyedCase] {
        guard !keys.isEmpty else { return [:] }
        let keys = Array(Set(keys))
        return try await read { db in
            var found: [String: KeyedCase] = [:]
            for slice in BoundValueSlices.slices(keys) {
                for row in try Row.fetchAll(db, sql: """
                    SELECT k.key, c.tracking_id, c.received_at FROM channel_keys k JOIN cases c ON c.id = k.case_id
                    WHERE k.channel = ? AND k.key IN (\(SQLPredicate.placeholders(slice.count)))
                    """, arguments: [channel.rawValue] + StatementArguments(Array(slice))) {
                    guard let id = try? TrackingID(from: row[1] as String) else { continue }
                    found[row[0]] = KeyedCase(trackingID: id, receivedAt: Date(stored: row[2]))
                }
            }
            return found
        }
    }

    public func recentLINECases(userIDs: [String], since: Date, until: Date) async throws(StoreError) -> [String: [RecentLINECase]] {
        let open = Status.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let userOfKey = cipher.lineUsersByKey(userIDs)
        let keys = Array(userOfKey.keys)
        guard !keys.isEmpty else { return [:] }
        return try await read { db in
            var found: [String: [(order: (Double, Int64), recent: RecentLINECase)]] = [:]
            for slice in BoundValueSlices.slices(keys) {
                // The query of recentLINECase(userID:since:until:) for many users at once, from their contacts.
                for row in try Row.fetchAll(db, sql: """
                    SELECT k.line_user_key, c.tracking_id, c.received_at, c.status, c.id FROM case_contacts k CROSS JOIN cases c ON c.id = k.case_id
                    WHERE c.received_at >= ? AND c.received_at <= ? AND c.channel = 'line' AND c.status IN (\(open))
                      AND k.line_user_key IN (\(SQLPredicate.placeholders(slice.count)))
                    """, arguments: [since.storedValue, until.storedValue] + StatementArguments(Array(slice))) {
                    guard let user = userOfKey[row[0]], let id = try? TrackingID(from: row[1] as String),
                          let status = Status(rawValue: row[3]) else { continue }
                    let (receivedAt, rowID): (Double, Int64) = (row[2], row[4])
                    found[user, default: []].append(((receivedAt, rowID), RecentLINECase(trackingID: id, receivedAt: Date(stored: receivedAt), status: status)))
                }
            }
            // Newest first, as ORDER BY received_at DESC, id DESC (a user's keys may span slices).
            return found.mapValues { $0.sorted { $0.order > $1.order }.map(\.recent) }
        }
    }

    public func setLINEFollowing(userID: String, following: Bool) async throws(StoreError) {
        let keys = cipher.lineUserKeys(userID)
        try await write { db in try Self.setLINEFollowing(keys: keys, following: following, db: db) }
    }

    public func lineRecipient(of id: TrackingID) async throws(StoreError) -> String? {
        let cipher = self.cipher
        return try await read { db in
            try cipher.opened(try String.fetchOne(db, sql: """
                SELECT k.line_user_id FROM case_contacts k JOIN cases c ON c.id = k.case_id
                WHERE c.tracking_id = ? AND k.line_opted_out = 0 AND k.line_user_id IS NOT NULL AND k.line_user_id <> ''
                """, arguments: [id.description]), "a LINE user ID")
        }
    }

    public func enqueueOutbox(_ messages: [OutboxMessage], at: Date) async throws(StoreError) {
        guard !messages.isEmpty else { return }
        let sealed = cipher.seal(messages)
        try await write { db in try Self.insertOutbox(sealed, at: at, db: db) }
    }

    public func finishInbox(_ rows: [(id: Int64, error: String?)], outbox: [OutboxMessage], at: Date) async throws(StoreError) {
        let outbox = cipher.seal(outbox)
        try await write { db in
            try Self.insertOutbox(outbox, at: at, db: db)
            for (id, error) in rows {
                try db.execute(sql: "UPDATE inbox SET processed_at = ?, error = ? WHERE id = ?", arguments: [at.storedValue, error, id])
            }
        }
    }
}
