import PostgresNIO
import SiangCore

/// The staff visibility rule (DESIGN.md section 1) for PostgreSQL, the twin of `SQLiteStore.visibility`.
///
/// Use it inside any `PostgresQuery` as an interpolation, so its values are bound in place with the
/// rest of the statement's:
///
///     try await c.rows("SELECT c.tracking_id FROM cases c WHERE \(visibleTo: viewer) AND c.status = \(s)")
///     try await c.rows("SELECT … FROM cases k JOIN … WHERE \(visibleTo: viewer, alias: "k")")
///
/// `alias` names the `cases` table in the statement (`c` unless told). The condition comes in its own
/// parentheses, so it composes with `AND`/`OR` as it is. Lists are bound as arrays (`= ANY($n)`): an
/// empty list matches nothing (SQLite's `IN (NULL)` is NULL there, and NULL under NOT hides the row; an
/// empty restricted list then showed no case at all, which is not the rule).
extension PostgresQuery.StringInterpolation {
    mutating func appendInterpolation(visibleTo viewer: StaffViewer, alias: String = "c") {
        let t = alias.isEmpty ? "" : "\(alias)."
        func restricted(_ q: inout Self) {
            q.appendLiteral("(COALESCE(\(t)category, '') = ANY(")
            q.appendInterpolation(viewer.restrictedCategories.sorted())
            q.appendLiteral(") OR COALESCE(\(t)queue, '') = ")
            q.appendInterpolation(viewer.integrityQueue)
            q.appendLiteral(")")
        }
        func own(_ q: inout Self) {
            q.appendLiteral("(\(t)queue = ANY(")
            q.appendInterpolation(viewer.ownQueues.sorted())
            q.appendLiteral(") OR \(t)assignee = ")
            q.appendInterpolation(viewer.username)
            q.appendLiteral(")")
        }
        appendLiteral("(")
        switch viewer.role {
        case .analyst:
            appendLiteral("FALSE")
        case .admin:
            appendLiteral("NOT ")
            restricted(&self)
        case .agent, .supervisor:
            appendLiteral("NOT ")
            restricted(&self)
            appendLiteral(" AND ")
            own(&self)
        case .integrity:
            restricted(&self)
            appendLiteral(" OR ")
            own(&self)
        }
        appendLiteral(")")
    }
}
