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
/// read), into ``SurveyFactColumns``: a row allocates nothing.
enum SurveyFactReader {
    /// The answers given in `[from, to)` as columns, with their ``SurveyFactColumns/timeOrder`` (ties in
    /// the order given) when they are not read in that order.
    static func columns(from: Double, to: Double, db: Database, decoder: JSONDecoder) throws -> SurveyFactColumns {
        try SQLiteRows.mapDatabaseFile(db)
        let dimensions = try definitionDimensions(db: db, decoder: decoder)
        // Most of the answers (a report reads them all) are read in the table's own order and put in
        // time order here (their times are sorted): through the time index each row is a search of the
        // table, which cost SQLite ten times what reading the table in order does. A month's answers
        // use the index.
        let scan = try readsMostAnswers(from: from, to: to, db: db)
        let statement = try db.makeStatement(sql: """
            SELECT survey_id, version, source, tracking_id, channel, category, segment, queue, service_point, answered_at, response
            FROM survey_answers \(scan ? "NOT INDEXED" : "") WHERE answered_at >= ? AND answered_at < ?
            ORDER BY \(scan ? "id" : "answered_at, id")
            """)
        var surveys = InternedColumn<String>()
        var channels = InternedColumn<Channel>(Channel.init(rawValue:))
        var segments = InternedColumn<Segment>(Segment.init(rawValue:))
        var sources = InternedColumn<Int32>(), categories = InternedColumn<Int32>(), queues = InternedColumn<Int32>()
        var servicePoints = InternedColumn<Int32>()
        var response = SurveyResponseReader()
        var columns = SurveyFactColumns()
        let questions = (overall: columns.place(SurveyQuestion.overall), trust: columns.place(SurveyQuestion.trust),
                         recommend: columns.place(SurveyQuestion.recommend))
        var definition = (survey: "", version: 0, dimensions: [Int32]())
        // The highest id bounds the count: room that is never used costs address space only.
        columns.reserve(try Int.fetchOne(db, sql: "SELECT max(id) FROM survey_answers") ?? 0)
        try SQLiteRows.each(statement, bind: { s in
            sqlite3_bind_double(s, 1, from)
            sqlite3_bind_double(s, 2, to)
        }) { s in
            let survey = surveys.value(s, 0) ?? ""
            let version = Int(sqlite3_column_int64(s, 1))
            if survey != definition.survey || version != definition.version {
                definition = (survey, version, (dimensions[Key(survey: survey, version: version)] ?? []).map { columns.place($0) })
            }
            // The places first, then the appends: a place may add to the names the columns keep.
            let source = sources.value(s, 2) { columns.place($0) } ?? columns.place("")
            let category = categories.value(s, 5) { columns.place($0) } ?? -1
            let queue = queues.value(s, 7) { columns.place($0) } ?? -1
            let servicePoint = servicePoints.value(s, 8) { columns.place($0) } ?? -1
            columns.answeredAt.append(sqlite3_column_double(s, 9))
            columns.appendTrackingID(sqlite3_column_type(s, 3) == SQLITE_NULL ? nil : SQLiteRows.bytes(s, 3))
            columns.sources.append(source)
            columns.channels.append(channels.value(s, 4))
            columns.categories.append(category)
            columns.segments.append(segments.value(s, 6))
            columns.queues.append(queue)
            columns.servicePoints.append(servicePoint)
            let json = SQLiteRows.bytes(s, 10)
            if response.read(json, place: { columns.place($0) }) {
                columns.overall.append(response.rating(questions.overall))
                columns.trust.append(response.rating(questions.trust))
                columns.recommend.append(response.rating(questions.recommend))
                for r in response.ratings where definition.dimensions.contains(r.id) {
                    columns.dimensionIDs.append(r.id)
                    columns.dimensionScores.append(r.score)
                }
                columns.reasons.append(contentsOf: response.reasons)
            } else {
                let r = try decoder.decode(SurveyResponse.self, from: Data(json))
                columns.overall.append(r.overall)
                columns.trust.append(r.trust)
                columns.recommend.append(r.recommend)
                for (id, score) in r.ratings.sorted(by: { $0.key < $1.key }) {
                    let place = columns.place(id)
                    guard definition.dimensions.contains(place) else { continue }
                    columns.dimensionIDs.append(place)
                    columns.dimensionScores.append(score)
                }
                for code in r.reasons { columns.reasons.append(columns.place(code)) }
            }
            columns.endAnswer()
        }
        if scan { columns.sortByTime() }
        return columns
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
}
