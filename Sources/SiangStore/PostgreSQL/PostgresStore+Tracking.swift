import Foundation
import PostgresNIO
import SiangCore

extension PostgresStore {
    /// One primary-key search of `case_tracking`.
    public func trackedCase(_ id: TrackingID) async throws(StoreError) -> TrackedCase? {
        try await read { c in
            guard let bytes = try await c.one("SELECT view FROM case_tracking WHERE tracking_id = \(id.description)", as: ByteBuffer.self) else {
                return nil
            }
            guard let tracked = bytes.withUnsafeReadableBytes({ TrackedCaseBytes.decode($0, trackingID: id) }) else {
                throw StoreError.unreadable("the tracked view of case \(id)")
            }
            return tracked
        }
    }

    /// Stores a case's tracked view inside the caller's transaction, replacing the one before.
    func writeTracking(_ bytes: [UInt8], of id: TrackingID, connection c: PostgresConnection) async throws {
        try await c.exec("""
            INSERT INTO case_tracking (tracking_id, view) VALUES (\(id.description), \(ByteBuffer(bytes: bytes)))
            ON CONFLICT (tracking_id) DO UPDATE SET view = excluded.view
            """)
    }
}
