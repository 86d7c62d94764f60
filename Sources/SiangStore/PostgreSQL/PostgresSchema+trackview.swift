import Foundation
import PostgresNIO
import SiangCore

extension PostgresSchema {
    /// The tracked view of each case (``TrackedCase`` as ``TrackedCaseBytes``), the SQLite store's
    /// `case_tracking`; filled for the cases stored before by ``PostgresStore/fillTrackedCases(_:)``.
    static let trackview = """
        CREATE TABLE case_tracking (
            tracking_id text PRIMARY KEY,
            view bytea NOT NULL
        );
        """
}

extension PostgresStore {
    /// Writes the tracked view of every stored case from its events (``TrackedCaseFill``), a page of
    /// cases at a time in tracking-ID order.
    @Sendable static func fillTrackedCases(_ c: PostgresConnection) async throws {
        var after = ""
        while true {
            let rows = try await c.rows("""
                SELECT c.tracking_id, e.at, e.actor, e.data FROM case_events e JOIN cases c ON c.id = e.case_id
                WHERE c.id IN (SELECT id FROM cases WHERE tracking_id > \(after) ORDER BY tracking_id LIMIT 5000)
                ORDER BY c.tracking_id, e.seq
                """)
            var fill = TrackedCaseFill()
            var ids: [String] = []
            var views: [ByteBuffer] = []
            var last: String?
            for row in rows {
                let (id, at, actor, data) = try row.decode((String, Double, String, String).self)
                last = id
                if let done = fill.add(trackingID: id, at: at, actor: actor, data: data) {
                    ids.append(done.trackingID)
                    views.append(ByteBuffer(bytes: done.view))
                }
            }
            if let done = fill.finish() {
                ids.append(done.trackingID)
                views.append(ByteBuffer(bytes: done.view))
            }
            guard let last else { return }
            try await c.exec("INSERT INTO case_tracking (tracking_id, view) SELECT * FROM unnest(\(ids)::text[], \(views)::bytea[])")
            after = last
        }
    }
}
