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
            var facts = EvidenceFacts(from: from, to: to)
            try EvidenceSQL.caseCounts(into: &facts, db: db, start: start, end: end)
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

    public func countTrackingLookups(_ surface: TrackingLookupSurface, at: Date, count: Int) async throws(StoreError) {
        let day = EvidenceSQL.day(of: at)
        try await write { db in
            try db.execute(sql: """
                INSERT INTO tracking_lookups (day, surface, count) VALUES (?, ?, ?)
                ON CONFLICT (day, surface) DO UPDATE SET count = count + excluded.count
                """, arguments: [day, surface.rawValue, count])
        }
    }
}

/// The grouped queries behind ``SQLiteStore/evidenceFacts(from:to:)``. Bangkok keeps UTC+7 all year,
/// so its days and months are the stored seconds shifted by seven hours.
enum EvidenceSQL {
    static let bangkokShift = "+ \(BangkokTime.offsetSeconds)"

    /// Every case received before `end` in one scan of the fact table, grouped finely enough (channel,
    /// segment, queue, complaint or not, Bangkok day in the period) that the channel, segment and queue
    /// counts, the first uses, the months and the totals are summed from a few thousand rows at most.
    static func caseCounts(into facts: inout EvidenceFacts, db: Database, start: Double, end: Double) throws {
        var groups: [String: [String: EvidenceGroupCount]] = ["channel": [:], "segment": [:], "queue": [:]]
        var months: [String: Int] = [:]
        var monthNames: [Int: String] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT channel, COALESCE(segment, '') AS segment, COALESCE(queue, '') AS queue, kind = 'complaint' AS complaint,
                   CASE WHEN received_at >= ? THEN CAST((received_at \(bangkokShift)) / 86400 AS INTEGER) END AS day,
                   MIN(received_at) AS first, COUNT(*) AS n, COALESCE(SUM(tracking_id <> ''), 0) AS tracked
            FROM report_case_facts WHERE received_at < ? GROUP BY 1, 2, 3, 4, 5
            """, arguments: [start, end])
        while let row = try rows.next() {
            // The Bangkok day number (cheaper to group by than a formatted month); nil before the period.
            let day: Int? = row["day"]
            let month = day.map { d in monthNames[d] ?? { let m = monthOf(day: d); monthNames[d] = m; return m }() }
            let n: Int = row["n"], complaint: Bool = row["complaint"], first = Date(stored: row["first"] as Double)
            let inPeriod = month != nil ? n : 0
            for dimension in ["channel", "segment", "queue"] {
                let code: String = row[dimension]
                var g = groups[dimension]?[code] ?? EvidenceGroupCount(code: code, count: 0, firstUsedAt: first)
                g.count += inPeriod
                if complaint { g.complaints += inPeriod }
                g.firstUsedAt = min(g.firstUsedAt ?? first, first)
                groups[dimension]?[code] = g
            }
            if let month {
                months[month, default: 0] += n
                facts.casesInPeriod += n
                facts.casesWithTrackingID += row["tracked"] as Int
            }
        }
        func sorted(_ dimension: String) -> [EvidenceGroupCount] { (groups[dimension] ?? [:]).values.sorted(by: order) }
        facts.channels = sorted("channel")
        facts.segments = sorted("segment")
        facts.queues = sorted("queue")
        facts.caseMonths = months.keys.sorted().map { EvidenceMonthCount(month: $0, count: months[$0]!) }
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

    /// `2025-10`: the month of a day counted from 1970-01-01.
    static func monthOf(day: Int) -> String {
        let p = BangkokTime.wallClock(Date(timeIntervalSince1970: Double(day * 86_400 - BangkokTime.offsetSeconds)))
        return String(format: "%04d-%02d", p.year, p.month)
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
