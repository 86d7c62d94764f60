import Foundation
import GRDB
import GRDBSQLite
import SiangCore

/// Reads `report_case_facts` rows straight through SQLite's C API.
///
/// A fiscal-year report loads every case received before its as-of instant, a million rows at the
/// agencies' scale. Through GRDB's `Row` each column is boxed and each string copied; here the
/// closed sets (kind, channel, segment, priority) and the few categories and queues are matched
/// against the bytes of the values seen before, and every field goes into a flat column
/// (``CaseFactColumns``): a row allocates nothing.
enum CaseFactReader {
    /// The facts received in `[from, to)`, in receipt order, as columns with room for `capacity` cases
    /// (an upper bound of the count costs address space only, and spares the copies of growing).
    static func columns(from: Double, to: Double, capacity: Int = 0, db: Database) throws -> CaseFactColumns {
        try SQLiteRows.mapDatabaseFile(db)
        let statement = try db.makeStatement(sql: """
            SELECT tracking_id, kind, channel, category, segment, queue, priority, received_at, first_response_at, statuses
            FROM report_case_facts WHERE received_at >= ? AND received_at < ? ORDER BY received_at, case_id
            """)
        var kinds = InternedColumn<Kind>(Kind.init(rawValue:))
        var channels = InternedColumn<Channel>(Channel.init(rawValue:))
        var segments = InternedColumn<Segment>(Segment.init(rawValue:))
        var priorities = InternedColumn<Priority>(Priority.init(rawValue:))
        var categories = InternedColumn<Int32>(), queues = InternedColumn<Int32>()
        var categoryPlaces: [String: Int32] = [:], queuePlaces: [String: Int32] = [:]
        var columns = CaseFactColumns()
        // Most cases have a handful of status points; room past what is used costs address space only.
        columns.reserve(cases: capacity, points: capacity * 8)
        try SQLiteRows.each(statement, bind: { s in
            sqlite3_bind_double(s, 1, from)
            sqlite3_bind_double(s, 2, to)
        }) { s in
            guard let kind = kinds.value(s, 1), let channel = channels.value(s, 2), let priority = priorities.value(s, 6) else {
                throw StoreError.unavailable("the report fact of \(SQLiteRows.text(s, 0) ?? "") has an unknown kind, channel or priority; run siang report rebuild")
            }
            let receivedAt = sqlite3_column_double(s, 7)
            let blob = UnsafeRawBufferPointer(start: sqlite3_column_blob(s, 9), count: Int(sqlite3_column_bytes(s, 9)))
            guard CaseFactTimeline.decode(blob, receivedAt: receivedAt, into: &columns) else {
                throw StoreError.unavailable("the report fact of \(SQLiteRows.text(s, 0) ?? "") has a damaged status timeline; run siang report rebuild")
            }
            let category = categories.value(s, 3) { CaseFactColumns.place($0, in: &columns.categoryNames, places: &categoryPlaces) } ?? -1
            let queue = queues.value(s, 5) { CaseFactColumns.place($0, in: &columns.queueNames, places: &queuePlaces) } ?? -1
            columns.appendTrackingID(SQLiteRows.bytes(s, 0))
            columns.kinds.append(kind)
            columns.channels.append(channel)
            columns.priorities.append(priority)
            columns.segments.append(segments.value(s, 4))
            columns.categories.append(category)
            columns.queues.append(queue)
            columns.receivedAt.append(receivedAt)
            columns.firstResponseAt.append(sqlite3_column_type(s, 8) == SQLITE_NULL ? .infinity : sqlite3_column_double(s, 8))
        }
        return columns
    }

    /// The first and the last receipt time before `instant`, and an upper bound of the number of facts
    /// (the highest case id); nil when no case was received before it. Three look-ups at the ends of keys.
    static func span(receivedBefore instant: Double, db: Database) throws -> (first: Double, last: Double, most: Int)? {
        guard let first = try Double.fetchOne(db, sql: "SELECT received_at FROM report_case_facts WHERE received_at < ? ORDER BY received_at LIMIT 1",
                                              arguments: [instant]),
              let last = try Double.fetchOne(db, sql: "SELECT received_at FROM report_case_facts WHERE received_at < ? ORDER BY received_at DESC LIMIT 1",
                                             arguments: [instant]) else { return nil }
        return (first, last, try Int.fetchOne(db, sql: "SELECT max(id) FROM cases") ?? 0)
    }
}
