import Foundation
import GRDB
import SiangCore

/// Writing and rebuilding the rows of `report_case_facts` inside the caller's transaction: the case
/// store calls ``write(_:timeline:caseID:replacing:db:)`` with every event it stores, and the rebuild and the
/// migration that made the table recompute facts from the events.
enum CaseFactRows {
    /// Stores a case's fact; `replacing` one stored before. The row's key is the received time and
    /// case id, and the received time of a case never changes, so a replacement lands on the row it
    /// replaces. A new case's fact is a plain insert: `OR REPLACE` makes SQLite keep a statement
    /// journal for every row, which a bulk import pays a case at a time.
    ///
    /// `staged`: into `staged_case_facts` instead, in the order the cases are stored, during a bulk
    /// import into an empty store (``DeferredIndexSchema``), which moves them into place at its end.
    static func write(_ fact: CaseFact, timeline: [UInt8], caseID: Int64, replacing: Bool, staged: Bool = false, db: Database) throws {
        try db.cachedStatement(sql: staged ? stageSQL : replacing ? replaceSQL : insertSQL).insertRow { b in
            b.bind(fact.receivedAt.storedValue); b.bind(caseID); b.bind(fact.trackingID.description); b.bind(fact.kind.rawValue)
            b.bind(fact.channel.rawValue); b.bind(fact.category); b.bind(fact.segment?.rawValue); b.bind(fact.queue)
            b.bind(fact.priority.rawValue); b.bind(fact.firstResponseAt?.storedValue); b.bind(bytes: timeline)
        }
    }

    private static let columns = """
         (received_at, case_id, tracking_id, kind, channel, category, segment, queue, priority,
            first_response_at, statuses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    private static let insertSQL = "INSERT INTO report_case_facts" + columns
    private static let replaceSQL = "INSERT OR REPLACE INTO report_case_facts" + columns
    private static let stageSQL = "INSERT INTO staged_case_facts" + columns

    /// Recomputes the facts of the cases with ids after `afterCaseID` (at most `limit` of them, all
    /// without a limit) from their events; returns how many were written and the last case id.
    static func rebuild(db: Database, afterCaseID: Int64, limit: Int?) throws -> (count: Int, lastCaseID: Int64) {
        var upper = Int64.max
        if let limit, let bound = try Int64.fetchOne(db, sql: "SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?",
                                                      arguments: [afterCaseID, limit - 1]) {
            upper = bound
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.id, c.tracking_id, e.at, e.actor, e.data FROM cases c JOIN case_events e ON e.case_id = c.id
            WHERE c.id > ? AND c.id <= ? ORDER BY c.id, e.seq
            """, arguments: [afterCaseID, upper])
        var count = 0
        var last = afterCaseID
        var current: (id: Int64, trackingID: String, events: [CaseEvent])?
        func flush() throws {
            guard let c = current else { return }
            let trackingID = TrackingID(storedCanonical: c.trackingID)
            guard let fact = CaseFact(trackingID: trackingID, events: c.events) else {
                throw StoreError.unavailable("case \(c.trackingID) has no received event")
            }
            try write(fact, timeline: CaseFactTimeline.encode(fact), caseID: c.id, replacing: true, db: db)
            count += 1
            last = c.id
        }
        while let row = try rows.next() {
            let id: Int64 = row[0]
            let event = CaseEvent(at: Date(stored: row[2]), actor: row[3], change: try SQLiteStore.change(row[4], decoder: decoder))
            if current?.id == id {
                current!.events.append(event)
            } else {
                try flush()
                current = (id, row[1], [event])
            }
        }
        try flush()
        return (count, last)
    }
}
