import Foundation
import GRDB

/// Sealing and key rotation on SQLite (``SealedDataStore``, ``SealedColumns``).
extension SQLiteStore: SealedDataStore {
    /// Checks the key register against the ring, records the current key, and seals an older store's
    /// plain values (or settles a new store) before anything else reads the store.
    func openSealedData() throws(StoreError) {
        do {
            let register = try pool.read(Self.dataKeys)
            try SealedColumns.checkRing(register, cipher: cipher)
            let current = cipher.current.id
            try pool.write { db in
                try db.execute(sql: "INSERT INTO data_keys (key_id, added_at) VALUES (?, ?) ON CONFLICT(key_id) DO NOTHING",
                               arguments: [current, Date().storedValue])
            }
            if SealedColumns.needsFirstSealing(register) { _ = try walk(batchSize: 500, maxBatches: nil) }
        } catch {
            throw Self.map(error)
        }
    }

    public func resealPersonalData(batchSize: Int, maxBatches: Int?) async throws(StoreError) -> SealedColumns.Progress {
        // A command's work, run on the caller's thread: each batch is one short write transaction.
        do { return try walk(batchSize: batchSize, maxBatches: maxBatches) } catch { throw Self.map(error) }
    }

    /// Walks every sealed table in id order, a transaction to a batch. Where it stands is not stored:
    /// a new run starts again from the first row and passes quickly over rows sealed with the current key.
    private func walk(batchSize: Int, maxBatches: Int?) throws -> SealedColumns.Progress {
        var progress = SealedColumns.Progress()
        for table in SealedColumns.tables {
            var after = Int64.min
            while true {
                if let maxBatches, progress.batches >= maxBatches { return progress }
                let (last, count, resealed) = try resealBatch(table, after: after, batchSize: batchSize)
                progress.batches += 1
                progress.rowsResealed += resealed
                guard count == batchSize, let last else { break }
                after = last
            }
        }
        progress.finished = true
        try finishWalk(progress: progress)
        return progress
    }

    public func dataKeys() async throws(StoreError) -> [DataKeyRecord] {
        try await read(Self.dataKeys)
    }

    static func dataKeys(_ db: Database) throws -> [DataKeyRecord] {
        try Row.fetchAll(db, sql: "SELECT key_id, added_at, sealed_all_at, retired_at FROM data_keys ORDER BY added_at, key_id").map { row in
            DataKeyRecord(keyID: row["key_id"], addedAt: Date(stored: row["added_at"]),
                          sealedAllAt: (row["sealed_all_at"] as Double?).map(Date.init(stored:)),
                          retiredAt: (row["retired_at"] as Double?).map(Date.init(stored:)))
        }
    }

    /// One transaction of the walk: the `batchSize` rows of `table` after `after`, resealed where
    /// needed; returns the last id read, the rows read and the rows rewritten.
    private func resealBatch(_ table: SealedColumns.Table, after: Int64, batchSize: Int) throws -> (Int64?, Int, Int) {
        let cipher = self.cipher
        return try pool.write { db -> (Int64?, Int, Int) in
            let columns = ([table.id] + table.text + table.bytes).joined(separator: ", ")
            let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.name) WHERE \(table.id) > ? ORDER BY \(table.id) LIMIT ?",
                                        arguments: [after, batchSize])
            var resealed = 0
            for row in rows {
                let stored = SealedColumns.Row(id: row[table.id], text: Dictionary(uniqueKeysWithValues: table.text.map { ($0, row[$0] as String?) }),
                                               bytes: Dictionary(uniqueKeysWithValues: table.bytes.map { ($0, (row[$0] as Data?) ?? Data()) }))
                guard let values = try stored.resealed(in: table, with: cipher) else { continue }
                let names = values.keys.sorted()
                let arguments = StatementArguments(names.map { name -> (any DatabaseValueConvertible)? in
                    switch values[name]! {
                    case .text(let t): t
                    case .bytes(let b): b
                    }
                }) + [stored.id]
                try db.execute(sql: "UPDATE \(table.name) SET \(names.map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(table.id) = ?",
                               arguments: arguments)
                resealed += 1
            }
            return (rows.last.map { $0[table.id] as Int64 }, rows.count, resealed)
        }
    }

    /// Records the finished walk in the key register and empties the WAL, whose old frames may still
    /// hold what was there before.
    private func finishWalk(progress: SealedColumns.Progress) throws {
        let now = Date().storedValue
        try pool.write { db in
            try db.execute(sql: "UPDATE data_keys SET sealed_all_at = coalesce(sealed_all_at, ?) WHERE key_id = ?",
                           arguments: [now, cipher.current.id])
            try db.execute(sql: "UPDATE data_keys SET retired_at = ? WHERE key_id <> ? AND retired_at IS NULL", arguments: [now, cipher.current.id])
        }
        if progress.rowsResealed > 0 {
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }
}
