import Foundation
import PostgresNIO

/// Sealing and key rotation on PostgreSQL (``SealedDataStore``, ``SealedColumns``): the twin of
/// `SQLiteStore+SealedData.swift`. Several servers may open the store at once: the key register is
/// written with upserts, and two walks at once only seal a row twice.
extension PostgresStore: SealedDataStore {
    func openSealedData() async throws(StoreError) {
        let register = try await dataKeys()
        try SealedColumns.checkRing(register, cipher: cipher)
        let current = cipher.current.id
        try await write { c in
            try await c.exec("INSERT INTO data_keys (key_id, added_at) VALUES (\(current), \(Date().storedValue)) ON CONFLICT (key_id) DO NOTHING")
        }
        if SealedColumns.needsFirstSealing(register) { _ = try await resealPersonalData(batchSize: 500, maxBatches: nil) }
    }

    public func resealPersonalData(batchSize: Int, maxBatches: Int?) async throws(StoreError) -> SealedColumns.Progress {
        var progress = SealedColumns.Progress()
        for table in SealedColumns.tables {
            var after = Int64.min
            while true {
                if let maxBatches, progress.batches >= maxBatches { return progress }
                let (last, count, resealed) = try await resealBatch(table, after: after, batchSize: batchSize)
                progress.batches += 1
                progress.rowsResealed += resealed
                guard count == batchSize, let last else { break }
                after = last
            }
        }
        progress.finished = true
        let (now, current) = (Date().storedValue, cipher.current.id)
        try await write { c in
            try await c.exec("UPDATE data_keys SET sealed_all_at = coalesce(sealed_all_at, \(now)) WHERE key_id = \(current)")
            try await c.exec("UPDATE data_keys SET retired_at = \(now) WHERE key_id <> \(current) AND retired_at IS NULL")
        }
        return progress
    }

    public func dataKeys() async throws(StoreError) -> [DataKeyRecord] {
        try await read { c in
            try await c.rows("SELECT key_id, added_at, sealed_all_at, retired_at FROM data_keys ORDER BY added_at, key_id").map { row in
                let (id, added, sealedAll, retired) = try row.decode((String, Double, Double?, Double?).self)
                return DataKeyRecord(keyID: id, addedAt: Date(stored: added), sealedAllAt: sealedAll.map(Date.init(stored:)),
                                     retiredAt: retired.map(Date.init(stored:)))
            }
        }
    }

    private func resealBatch(_ table: SealedColumns.Table, after: Int64, batchSize: Int) async throws(StoreError) -> (Int64?, Int, Int) {
        let cipher = self.cipher
        return try await write { c in
            // Names are the fixed ones of ``SealedColumns``, never from outside.
            let columns = ([table.id] + table.text + table.bytes).joined(separator: ", ")
            var query = PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \(table.name) WHERE \(table.id) > $1 ORDER BY \(table.id) LIMIT $2 FOR UPDATE")
            query.binds.append(after)
            query.binds.append(batchSize)
            var last: Int64?
            var count = 0
            var resealed = 0
            for row in try await c.rows(query) {
                count += 1
                let cells = Array(row)
                let id = try cells[0].decode(Int64.self)
                last = id
                var text: [String: String?] = [:]
                for (i, name) in table.text.enumerated() { text[name] = try cells[1 + i].decode(String?.self) }
                var bytes: [String: Data] = [:]
                for (i, name) in table.bytes.enumerated() {
                    let buffer = try cells[1 + table.text.count + i].decode(ByteBuffer?.self)
                    bytes[name] = buffer.map { Data($0.readableBytesView) } ?? Data()
                }
                guard let values = try SealedColumns.Row(id: id, text: text, bytes: bytes).resealed(in: table, with: cipher) else { continue }
                let names = values.keys.sorted()
                var update = PostgresQuery(unsafeSQL: "UPDATE \(table.name) SET "
                    + names.enumerated().map { "\($0.element) = $\($0.offset + 1)" }.joined(separator: ", ")
                    + " WHERE \(table.id) = $\(names.count + 1)")
                for name in names {
                    switch values[name]! {
                    case .text(let t): if let t { update.binds.append(t) } else { update.binds.appendNull() }
                    case .bytes(let b): update.binds.append(ByteBuffer(bytes: b))
                    }
                }
                update.binds.append(id)
                try await c.exec(update)
                resealed += 1
            }
            return (last, count, resealed)
        }
    }
}
