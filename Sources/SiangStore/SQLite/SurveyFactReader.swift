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
        try SQLiteRows.mapDatabaseFile(db)
        let dimensions = try definitionDimensions(db: db, decoder: decoder)
        // Most of the answers (a report reads them all) are read in the table's own order and put in
        // time order here: through the time index each row is a search of the table, which cost
        // SQLite ten times what reading the table in order does. A month's answers use the index.
        let scan = try readsMostAnswers(from: from, to: to, db: db)
        let statement = try db.makeStatement(sql: """
            SELECT survey_id, version, source, tracking_id, channel, category, segment, queue, service_point, answered_at, response
            FROM survey_answers \(scan ? "NOT INDEXED" : "") WHERE answered_at >= ? AND answered_at < ?
            ORDER BY \(scan ? "id" : "answered_at, id")
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
        // The highest id bounds the count: room that is never used costs address space only.
        facts.reserveCapacity(try Int.fetchOne(db, sql: "SELECT max(id) FROM survey_answers") ?? 0)
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
        return scan ? inTimeOrder(facts) : facts
    }

    /// Whether `[from, to)` spans more than a tenth of the time over which answers were given (two
    /// look-ups at the ends of the time index).
    static func readsMostAnswers(from: Double, to: Double, db: Database) throws -> Bool {
        guard let first = try Double.fetchOne(db, sql: "SELECT answered_at FROM survey_answers ORDER BY answered_at LIMIT 1"),
              let last = try Double.fetchOne(db, sql: "SELECT answered_at FROM survey_answers ORDER BY answered_at DESC LIMIT 1")
        else { return false }
        guard last > first else { return true }
        return (min(to, last) - max(from, first)) / (last - first) > 0.1
    }

    /// Facts in id order put in the order of `ORDER BY answered_at, id`: by time, ties as they came.
    static func inTimeOrder(_ facts: [SurveyFact]) -> [SurveyFact] {
        let times = facts.map(\.answeredAt)
        guard zip(times, times.dropFirst()).contains(where: { $0 > $1 }) else { return facts }
        let order = times.indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
        return order.map { facts[$0] }
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
