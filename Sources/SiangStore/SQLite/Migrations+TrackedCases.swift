import Foundation
import GRDB
import SiangCore

/// The tracked view of each case (``TrackedCase``, ``TrackedCaseBytes``), keyed by tracking ID in a
/// table without rowids so that a lookup is one search of one B-tree. The migration fills it for the
/// cases stored before, in tracking-ID order (appends to the new B-tree, not scattered inserts). A
/// released migration is never edited.
enum TrackedCaseSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v17-tracked-cases") { db in
            try db.execute(sql: """
                CREATE TABLE case_tracking (
                    tracking_id TEXT PRIMARY KEY,
                    -- TrackedCaseBytes, version 1.
                    view BLOB NOT NULL
                ) WITHOUT ROWID;
                """)
            try fill(db)
        }
    }

    /// Writes the tracked view of every stored case from its events (``TrackedCaseFill``).
    static func fill(_ db: Database) throws {
        let insert = try db.makeStatement(sql: "INSERT INTO case_tracking (tracking_id, view) VALUES (?, ?)")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.tracking_id, e.at, e.actor, e.data FROM cases c JOIN case_events e ON e.case_id = c.id
            ORDER BY c.tracking_id, e.seq
            """)
        var fill = TrackedCaseFill()
        while let row = try rows.next() {
            if let done = fill.add(trackingID: row[0], at: row[1], actor: row[2], data: row[3]) {
                try insert.execute(arguments: [done.trackingID, Data(done.view)])
            }
        }
        if let done = fill.finish() { try insert.execute(arguments: [done.trackingID, Data(done.view)]) }
    }
}
