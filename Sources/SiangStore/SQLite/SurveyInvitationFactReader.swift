import Foundation
import GRDB
import GRDBSQLite
import SiangCore

/// Reads the survey invitations a report aggregates (``SurveyInvitationFact``) straight through
/// SQLite's C API, as ``SurveyFactReader`` reads the answers.
///
/// An agency invites every resolved case, so a fiscal-year report reads about as many invitations as
/// cases resolved in three years. The answer of an invitation is found by its token, which is unique
/// among the answers: one join, where two sub-queries a row asked for the same row twice.
enum SurveyInvitationFactReader {
    static func facts(from: Double, to: Double, db: Database) throws -> [SurveyInvitationFact] {
        try SQLiteRows.mapDatabaseFile(db)
        let statement = try db.makeStatement(sql: """
            SELECT i.tracking_id, i.channel, i.category, i.segment, i.queue, i.issued_at, COALESCE(i.answered_at, a.answered_at),
                   a.id IS NOT NULL
            FROM survey_invitations i LEFT JOIN survey_answers a ON a.token = i.token
            WHERE i.issued_at >= ? AND i.issued_at < ? ORDER BY i.issued_at, i.token
            """)
        var channels = InternedColumn<Channel>(Channel.init(rawValue:))
        var categories = InternedColumn<String>()
        var segments = InternedColumn<Segment>(Segment.init(rawValue:))
        var queues = InternedColumn<String>()
        var facts: [SurveyInvitationFact] = []
        try SQLiteRows.each(statement, bind: { s in
            sqlite3_bind_double(s, 1, from)
            sqlite3_bind_double(s, 2, to)
        }) { s in
            facts.append(SurveyInvitationFact(
                issuedAt: Date(stored: sqlite3_column_double(s, 5)), channel: channels.value(s, 1), category: categories.value(s, 2),
                segment: segments.value(s, 3), queue: queues.value(s, 4), answered: sqlite3_column_int64(s, 7) != 0,
                answeredAt: sqlite3_column_type(s, 6) == SQLITE_NULL ? nil : Date(stored: sqlite3_column_double(s, 6)),
                trackingID: SQLiteRows.text(s, 0).map(TrackingID.init(storedCanonical:))))
        }
        return facts
    }
}
