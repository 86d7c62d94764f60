import Foundation
import GRDB
import SiangCore

/// The category 3 evidence counts (``EvidenceStore``) from the per-case fact table, the survey answers
/// and the daily lookup counter: a handful of grouped scans, no row leaves the database.
extension SQLiteStore: EvidenceStore {
    public func evidenceFacts(from: Date, to: Date) async throws(StoreError) -> EvidenceFacts {
        let (start, end) = (from.storedValue, to.storedValue)
        // Days that begin in the period: from the day of `from` to the day of the period's last instant.
        let (firstDay, lastDay) = (EvidenceSQL.day(of: from), EvidenceSQL.day(of: to.addingTimeInterval(-0.001)))
        return try await read { db in
            let totals = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS cases, COALESCE(SUM(tracking_id <> ''), 0) AS tracked
                FROM report_case_facts WHERE received_at >= ? AND received_at < ?
                """, arguments: [start, end])
            var facts = EvidenceFacts(from: from, to: to)
            facts.casesInPeriod = totals?["cases"] ?? 0
            facts.casesWithTrackingID = totals?["tracked"] ?? 0
            facts.channels = try EvidenceSQL.caseGroups("channel", db: db, start: start, end: end)
            facts.segments = try EvidenceSQL.caseGroups("COALESCE(segment, '')", db: db, start: start, end: end)
            facts.queues = try EvidenceSQL.caseGroups("COALESCE(queue, '')", db: db, start: start, end: end)
            facts.caseMonths = try EvidenceSQL.months("report_case_facts", "received_at", db: db, start: start, end: end)
            facts.surveySources = try EvidenceSQL.answerGroups("source", db: db, start: start, end: end)
            facts.surveySegments = try EvidenceSQL.answerGroups("COALESCE(segment, '')", db: db, start: start, end: end)
            facts.servicePoints = try EvidenceSQL.answerGroups("service_point", db: db, start: start, end: end)
                .filter { !$0.code.isEmpty }
            facts.answerMonths = try EvidenceSQL.months("survey_answers", "answered_at", db: db, start: start, end: end)
            facts.trackingLookups = try Row.fetchAll(db, sql: """
                SELECT surface, MIN(day) AS first, COALESCE(SUM(CASE WHEN day >= ? THEN count END), 0) AS n
                FROM tracking_lookups WHERE day <= ? GROUP BY surface
                """, arguments: [firstDay, lastDay]).map { row in
                EvidenceGroupCount(code: row["surface"], count: row["n"], firstUsedAt: EvidenceSQL.date(ofDay: row["first"]))
            }.sorted(by: EvidenceSQL.order)
            return facts
        }
    }

    public func countTrackingLookup(_ surface: TrackingLookupSurface, at: Date) async throws(StoreError) {
        let day = EvidenceSQL.day(of: at)
        try await write { db in
            try db.execute(sql: """
                INSERT INTO tracking_lookups (day, surface, count) VALUES (?, ?, 1)
                ON CONFLICT (day, surface) DO UPDATE SET count = count + 1
                """, arguments: [day, surface.rawValue])
        }
    }
}

/// The grouped queries behind ``SQLiteStore/evidenceFacts(from:to:)``. Bangkok keeps UTC+7 all year,
/// so its days and months are the stored seconds shifted by seven hours.
enum EvidenceSQL {
    static let bangkokShift = "+ \(BangkokTime.offsetSeconds)"

    /// Cases of every receipt up to `end` grouped by `column`: first receipt, in-period count, in-period complaints.
    static func caseGroups(_ column: String, db: Database, start: Double, end: Double) throws -> [EvidenceGroupCount] {
        try Row.fetchAll(db, sql: """
            SELECT \(column) AS code, MIN(received_at) AS first,
                   COALESCE(SUM(received_at >= ?), 0) AS n,
                   COALESCE(SUM(received_at >= ? AND kind = 'complaint'), 0) AS complaints
            FROM report_case_facts WHERE received_at < ? GROUP BY 1
            """, arguments: [start, start, end]).map { row in
            EvidenceGroupCount(code: row["code"], count: row["n"], complaints: row["complaints"], firstUsedAt: Date(stored: row["first"]))
        }.sorted(by: order)
    }

    static func answerGroups(_ column: String, db: Database, start: Double, end: Double) throws -> [EvidenceGroupCount] {
        try Row.fetchAll(db, sql: """
            SELECT COALESCE(\(column), '') AS code, MIN(answered_at) AS first, COALESCE(SUM(answered_at >= ?), 0) AS n
            FROM survey_answers WHERE answered_at < ? GROUP BY 1
            """, arguments: [start, end]).map { row in
            EvidenceGroupCount(code: row["code"], count: row["n"], firstUsedAt: Date(stored: row["first"]))
        }.sorted(by: order)
    }

    static func months(_ table: String, _ column: String, db: Database, start: Double, end: Double) throws -> [EvidenceMonthCount] {
        try Row.fetchAll(db, sql: """
            SELECT strftime('%Y-%m', CAST(\(column) AS INTEGER) \(bangkokShift), 'unixepoch') AS month, COUNT(*) AS n
            FROM \(table) WHERE \(column) >= ? AND \(column) < ? GROUP BY 1 ORDER BY 1
            """, arguments: [start, end]).map { EvidenceMonthCount(month: $0["month"], count: $0["n"]) }
    }

    /// Most first, then by code, so the pack lists a group the same way every time.
    static func order(_ a: EvidenceGroupCount, _ b: EvidenceGroupCount) -> Bool {
        a.count != b.count ? a.count > b.count : a.code < b.code
    }

    /// The Bangkok day of an instant, `yyyy-MM-dd`.
    static func day(of date: Date) -> String {
        let p = BangkokTime.wallClock(date)
        return String(format: "%04d-%02d-%02d", p.year, p.month, p.day)
    }

    /// Midnight in Bangkok at the start of a `yyyy-MM-dd` day.
    static func date(ofDay text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let days = BangkokTime.daysSinceEpoch(year: parts[0], month: parts[1], day: parts[2])
        return Date(timeIntervalSince1970: Double(days * 86_400 - BangkokTime.offsetSeconds))
    }
}
