import Foundation
import GRDB
import GRDBSQLite
import SiangCore

/// Reads the survey answers a report aggregates (``SurveyFact``) straight through SQLite's C API.
///
/// A fiscal-year report reads every answer given before its as-of instant, a third of a million at
/// the agencies' scale. Through GRDB's `Row` and `JSONDecoder` an answer cost about ten microseconds,
/// more than the report's engine; here the few distinct sources, channels, categories, segments,
/// queues and service points are matched against the bytes of the values seen before, and the
/// answer's JSON is read by ``SurveyResponseReader`` (with `JSONDecoder` for any answer it does not
/// read), so a row costs its tracking ID and its scores.
enum SurveyFactReader {
    static func facts(from: Double, to: Double, db: Database, decoder: JSONDecoder) throws -> [SurveyFact] {
        let dimensions = try definitionDimensions(db: db, decoder: decoder)
        let statement = try db.makeStatement(sql: """
            SELECT survey_id, version, source, tracking_id, channel, category, segment, queue, service_point, answered_at, response
            FROM survey_answers WHERE answered_at >= ? AND answered_at < ? ORDER BY answered_at, id
            """)
        var surveys = InternedColumn<String>()
        var sources = InternedColumn<String>()
        var channels = InternedColumn<Channel>(Channel.init(rawValue:))
        var categories = InternedColumn<String>()
        var segments = InternedColumn<Segment>(Segment.init(rawValue:))
        var queues = InternedColumn<String>()
        var servicePoints = InternedColumn<String>()
        var response = SurveyResponseReader()
        var definition = (survey: "", version: 0, dimensions: [String]())
        var facts: [SurveyFact] = []
        try SQLiteRows.each(statement, bind: { s in
            sqlite3_bind_double(s, 1, from)
            sqlite3_bind_double(s, 2, to)
        }) { s in
            let survey = surveys.value(s, 0) ?? ""
            let version = Int(sqlite3_column_int64(s, 1))
            if survey != definition.survey || version != definition.version {
                definition = (survey, version, dimensions[Key(survey: survey, version: version)] ?? [])
            }
            let scores = try Scores(SQLiteRows.bytes(s, 10), dimensions: definition.dimensions, reader: &response, decoder: decoder)
            facts.append(SurveyFact(
                answeredAt: Date(stored: sqlite3_column_double(s, 9)), source: sources.value(s, 2) ?? "", channel: channels.value(s, 4),
                category: categories.value(s, 5), segment: segments.value(s, 6), queue: queues.value(s, 7),
                servicePoint: servicePoints.value(s, 8), overall: scores.overall, dimensions: scores.dimensions, trust: scores.trust,
                recommend: scores.recommend, reasons: scores.reasons, trackingID: SQLiteRows.text(s, 3).map(TrackingID.init(storedCanonical:))))
        }
        return facts
    }

    /// A questionnaire version.
    struct Key: Hashable {
        var survey: String
        var version: Int
    }

    /// The dimension question ids of every questionnaire version ever asked.
    static func definitionDimensions(db: Database, decoder: JSONDecoder) throws -> [Key: [String]] {
        var dimensions: [Key: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT survey_id, version, definition FROM survey_definitions") {
            let d = try decoder.decode(SurveyDefinition.self, from: Data((row["definition"] as String).utf8))
            dimensions[Key(survey: d.id, version: d.version)] = d.dimensionIDs
        }
        return dimensions
    }

    /// What the reports read of one answer's response.
    struct Scores {
        var overall: Int?
        var trust: Int?
        var recommend: Int?
        /// The ratings of the questionnaire's dimension questions.
        var dimensions: [String: Int]
        var reasons: [String]

        init(_ json: UnsafeBufferPointer<UInt8>, dimensions ids: [String], reader: inout SurveyResponseReader, decoder: JSONDecoder) throws {
            if reader.read(json) {
                overall = reader.rating(SurveyQuestion.overall)
                trust = reader.rating(SurveyQuestion.trust)
                recommend = reader.rating(SurveyQuestion.recommend)
                dimensions = [:]
                for r in reader.ratings where ids.contains(r.id) { dimensions[r.id] = r.score }
                reasons = reader.reasons
            } else {
                let r = try decoder.decode(SurveyResponse.self, from: Data(json))
                overall = r.overall
                trust = r.trust
                recommend = r.recommend
                dimensions = r.ratings.filter { ids.contains($0.key) }
                reasons = r.reasons
            }
        }
    }
}
