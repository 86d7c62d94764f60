import Foundation
import PostgresNIO

extension PostgresStore: LeaseStore {
    public func holdLease(_ name: String, holder: String, until: Date, now: Date) async throws(StoreError) -> Bool {
        // One statement: the row is taken when free, renewed by its holder, taken over once run out.
        try await write { c in
            try await c.count("""
                INSERT INTO leases (name, holder, expires_at) VALUES (\(name), \(holder), \(until.storedValue))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE leases.holder = excluded.holder OR leases.expires_at < \(now.storedValue)
                RETURNING 1
                """) == 1
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws(StoreError) {
        try await write { c in try await c.exec("DELETE FROM leases WHERE name = \(name) AND holder = \(holder)") }
    }
}
