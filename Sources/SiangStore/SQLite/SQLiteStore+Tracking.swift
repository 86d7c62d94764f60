import Foundation
import GRDB
import SiangCore

extension SQLiteStore {
    /// One search of `case_tracking` on the calling thread (``TrackingReaders``): the busiest read.
    /// When no tracking reader is idle, or SQLite is busy for a moment, the same read goes to the
    /// pool's readers and waits its turn there.
    public func trackedCase(_ id: TrackingID) async throws(StoreError) -> TrackedCase? {
        switch try trackingReaders.read(id) {
        case .found(let tracked): return tracked
        case .absent: return nil
        case .unavailable: break
        }
        return try await read { db in
            guard let bytes = try Data.fetchOne(try db.cachedStatement(sql: "SELECT view FROM case_tracking WHERE tracking_id = ?"),
                                                arguments: [id.description]) else { return nil }
            guard let tracked = bytes.withUnsafeBytes({ TrackedCaseBytes.decode($0, trackingID: id) }) else {
                throw StoreError.unreadable("the tracked view of case \(id)")
            }
            return tracked
        }
    }

    /// Stores a case's tracked view inside the caller's transaction, replacing the one before.
    /// `staged`: a new case's view into `staged_case_tracking`, in the order the cases are stored,
    /// during a bulk import into an empty store (``DeferredIndexSchema``), which moves them into place at its end.
    static func writeTracking(_ bytes: [UInt8], of id: TrackingID, staged: Bool = false, db: Database) throws {
        try db.cachedStatement(sql: staged ? "INSERT INTO staged_case_tracking (tracking_id, view) VALUES (?, ?)" : """
            INSERT INTO case_tracking (tracking_id, view) VALUES (?, ?)
            ON CONFLICT (tracking_id) DO UPDATE SET view = excluded.view
            """).execute(arguments: [id.description, Data(bytes)])
    }
}
