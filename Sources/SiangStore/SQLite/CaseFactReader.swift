import Foundation
import GRDB
import GRDBSQLite
import SiangCore

/// Reads `report_case_facts` rows straight through SQLite's C API.
///
/// A fiscal-year report loads every case received before its as-of instant, a million rows at the
/// agencies' scale. Through GRDB's `Row` each column is boxed and each string copied; here the
/// closed sets (kind, channel, segment, priority) and the few categories and queues are matched
/// against the bytes of the values seen before, so a row costs its tracking ID and its timeline.
enum CaseFactReader {
    static func facts(receivedBefore instant: Double, db: Database) throws -> [CaseFact] {
        let statement = try db.makeStatement(sql: """
            SELECT tracking_id, kind, channel, category, segment, queue, priority, received_at, first_response_at, statuses
            FROM report_case_facts WHERE received_at < ? ORDER BY received_at, case_id
            """)
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_double(s, 1, instant)
        defer { sqlite3_reset(s) }
        var kinds = Interned<Kind>(Kind.init(rawValue:))
        var channels = Interned<Channel>(Channel.init(rawValue:))
        var segments = Interned<Segment>(Segment.init(rawValue:))
        var priorities = Interned<Priority>(Priority.init(rawValue:))
        var categories = Interned<String> { $0 }
        var queues = Interned<String> { $0 }
        var facts: [CaseFact] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))),
                                    sql: statement.sql)
            }
            let trackingID = TrackingID(storedCanonical: text(s, 0) ?? "")
            guard let kind = kinds.value(s, 1), let channel = channels.value(s, 2), let priority = priorities.value(s, 6) else {
                throw StoreError.unavailable("the report fact of \(trackingID) has an unknown kind, channel or priority; run siang report rebuild")
            }
            let receivedAt = Date(stored: sqlite3_column_double(s, 7))
            let blob = UnsafeRawBufferPointer(start: sqlite3_column_blob(s, 9), count: Int(sqlite3_column_bytes(s, 9)))
            guard let statuses = CaseFactTimeline.decode(blob, receivedAt: receivedAt) else {
                throw StoreError.unavailable("the report fact of \(trackingID) has a damaged status timeline; run siang report rebuild")
            }
            facts.append(CaseFact(
                trackingID: trackingID, kind: kind, channel: channel, category: categories.value(s, 3), segment: segments.value(s, 4),
                queue: queues.value(s, 5), priority: priority, receivedAt: receivedAt, statuses: statuses,
                firstResponseAt: sqlite3_column_type(s, 8) == SQLITE_NULL ? nil : Date(stored: sqlite3_column_double(s, 8))))
        }
        return facts
    }

    private static func text(_ s: OpaquePointer, _ column: Int32) -> String? {
        guard let p = sqlite3_column_text(s, column) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column))), as: UTF8.self)
    }

    /// The values of one text column, made once per distinct value: a column with few distinct values
    /// (a category, a queue) costs a byte comparison a row instead of a string. NULL is nil, and so is
    /// a value `make` refuses.
    struct Interned<Value> {
        private var keys: [[UInt8]] = []
        private var values: [Value?] = []
        private var last = 0
        private let make: (String) -> Value?
        /// Past this many distinct values the column is not worth interning; the rest are made each time.
        private static var limit: Int { 64 }

        init(_ make: @escaping (String) -> Value?) { self.make = make }

        mutating func value(_ s: OpaquePointer, _ column: Int32) -> Value? {
            guard let p = sqlite3_column_text(s, column) else { return nil }
            let bytes = UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column)))
            if last < keys.count, equal(keys[last], bytes) { return values[last] }
            for i in keys.indices where equal(keys[i], bytes) {
                last = i
                return values[i]
            }
            let value = make(String(decoding: bytes, as: UTF8.self))
            if keys.count < Self.limit {
                keys.append(Array(bytes))
                values.append(value)
                last = keys.count - 1
            }
            return value
        }

        private func equal(_ key: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            key.count == bytes.count && (bytes.isEmpty || key.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
        }
    }
}
