import PostgresNIO
import SiangCore

/// A ``PostgresPredicate`` inside any `PostgresQuery`, its values bound in place with the rest of the
/// statement's, so the one visibility rule (``PostgresStore/visibility(_:)``) serves statements written
/// as interpolations too:
///
///     try await c.rows("SELECT c.tracking_id FROM cases c WHERE \(PostgresStore.visibility(viewer)) AND c.status = \(s)")
///
/// The condition comes in its own parentheses, so it composes with `AND`/`OR` as it is.
extension PostgresQuery.StringInterpolation {
    mutating func appendInterpolation(_ predicate: PostgresPredicate) {
        var values = predicate.values.makeIterator()
        let pieces = predicate.sql.split(separator: "?", omittingEmptySubsequences: false)
        appendLiteral("(")
        for (index, piece) in pieces.enumerated() {
            appendLiteral(String(piece))
            guard index < pieces.count - 1 else { break }
            switch values.next() {
            case .text(let s): appendInterpolation(s)
            case .texts(let list): appendInterpolation(list)
            case .double(let d): appendInterpolation(d)
            case .int(let n): appendInterpolation(n)
            case nil: preconditionFailure("a predicate's placeholders and values differ in number")
            }
        }
        precondition(values.next() == nil, "a predicate's placeholders and values differ in number")
        appendLiteral(")")
    }
}
