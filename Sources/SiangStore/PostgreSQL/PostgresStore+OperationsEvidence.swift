import Foundation
import PostgresNIO
import SiangCore

/// The category 3 evidence counts on PostgreSQL, the twin of SQLiteStore+Evidence: grouped scans of
/// the fact table, the survey answers and the daily lookup counter, summed in the database.
extension PostgresStore {
    public func evidenceFacts(from: Date, to: Date) async throws(StoreError) -> EvidenceFacts {
        let (start, end) = (from.storedValue, to.storedValue)
        // Days that begin in the period: from the day of `from` to the day of the period's last instant.
        let (firstDay, lastDay) = (EvidenceSQL.day(of: from), EvidenceSQL.day(of: to.addingTimeInterval(-0.001)))
        return try await read { c in
            var facts = EvidenceFacts(from: from, to: to)
            facts.channels = try await Self.caseGroups("channel", c, start: start, end: end)
            facts.segments = try await Self.caseGroups("COALESCE(segment, '')", c, start: start, end: end)
            facts.queues = try await Self.caseGroups("COALESCE(queue, '')", c, start: start, end: end)
            if let totals = try await c.rows("""
                SELECT count(*), count(*) FILTER (WHERE tracking_id <> '') FROM report_case_facts
                WHERE received_at >= \(start) AND received_at < \(end)
                """).first {
                (facts.casesInPeriod, facts.casesWithTrackingID) = try totals.decode((Int, Int).self)
            }
            facts.caseMonths = try await Self.months("report_case_facts", "received_at", c, start: start, end: end)
            facts.surveySources = try await Self.answerGroups("source", c, start: start, end: end)
            facts.surveySegments = try await Self.answerGroups("COALESCE(segment, '')", c, start: start, end: end)
            facts.servicePoints = try await Self.answerGroups("COALESCE(service_point, '')", c, start: start, end: end)
                .filter { !$0.code.isEmpty }
            facts.answerMonths = try await Self.months("survey_answers", "answered_at", c, start: start, end: end)
            facts.trackingLookups = try await c.rows("""
                SELECT surface, MIN(day), COALESCE(SUM(count) FILTER (WHERE day >= \(firstDay) COLLATE "C"), 0)::bigint
                FROM tracking_lookups WHERE day <= \(lastDay) COLLATE "C" GROUP BY surface
                """).map { row in
                let (surface, first, n) = try row.decode((String, String, Int).self)
                return EvidenceGroupCount(code: surface, count: n, firstUsedAt: EvidenceSQL.date(ofDay: first))
            }.sorted(by: EvidenceSQL.order)
            return facts
        }
    }

    public func countTrackingLookups(_ surface: TrackingLookupSurface, at: Date, count: Int) async throws(StoreError) {
        let day = EvidenceSQL.day(of: at)
        // One statement in autocommit: concurrent lookups queue on the day's row lock. In a SERIALIZABLE
        // transaction they failed one another (every lookup of the day updates that one row).
        try await read { c in
            try await c.exec("""
                INSERT INTO tracking_lookups (day, surface, count) VALUES (\(day), \(surface.rawValue), \(count))
                ON CONFLICT (day, surface) DO UPDATE SET count = tracking_lookups.count + excluded.count
                """)
        }
    }

    /// The cases received before `end` grouped by `column` (fixed SQL text): each group's count and
    /// complaints in the period and its first use ever, so a group unused in the period still shows.
    static func caseGroups(_ column: String, _ c: PostgresConnection, start: Double, end: Double) async throws -> [EvidenceGroupCount] {
        try await c.rows("""
            SELECT \(unescaped: column), MIN(received_at), count(*) FILTER (WHERE received_at >= \(start)),
                   count(*) FILTER (WHERE received_at >= \(start) AND kind = 'complaint')
            FROM report_case_facts WHERE received_at < \(end) GROUP BY 1
            """).map { row in
            let (code, first, n, complaints) = try row.decode((String, Double, Int, Int).self)
            return EvidenceGroupCount(code: code, count: n, complaints: complaints, firstUsedAt: Date(stored: first))
        }.sorted(by: EvidenceSQL.order)
    }

    static func answerGroups(_ column: String, _ c: PostgresConnection, start: Double, end: Double) async throws -> [EvidenceGroupCount] {
        try await c.rows("""
            SELECT \(unescaped: column), MIN(answered_at), count(*) FILTER (WHERE answered_at >= \(start))
            FROM survey_answers WHERE answered_at < \(end) GROUP BY 1
            """).map { row in
            let (code, first, n) = try row.decode((String, Double, Int).self)
            return EvidenceGroupCount(code: code, count: n, firstUsedAt: Date(stored: first))
        }.sorted(by: EvidenceSQL.order)
    }

    /// Counts by Bangkok month (`2025-10`) of the whole seconds of `column` in `table` (fixed SQL text).
    static func months(_ table: String, _ column: String, _ c: PostgresConnection, start: Double, end: Double) async throws -> [EvidenceMonthCount] {
        try await c.rows("""
            SELECT to_char(to_timestamp(trunc(\(unescaped: column)) + \(unescaped: String(BangkokTime.offsetSeconds))) AT TIME ZONE 'UTC', 'YYYY-MM'),
                   count(*)
            FROM \(unescaped: table) WHERE \(unescaped: column) >= \(start) AND \(unescaped: column) < \(end) GROUP BY 1 ORDER BY 1
            """).map { row in
            let (month, n) = try row.decode((String, Int).self)
            return EvidenceMonthCount(month: month, count: n)
        }
    }
}
