import Foundation
import PostgresNIO
import SiangCore

/// Conditions of a PostgreSQL query built piece by piece, the twin of ``SQLPredicate``: each clause
/// is fixed SQL written in the code with `?` where a value goes, and the values are bound as
/// parameters (`$1`, `$2`, …) when the query is made, never spliced into the text.
struct PostgresPredicate {
    /// A value bound to a `?`, typed so a NULL still tells PostgreSQL what it stands for.
    enum Value {
        case text(String?)
        case texts([String])
        case double(Double?)
        case int(Int)
    }

    var clauses: [String] = []
    var values: [Value] = []

    mutating func add(_ sql: String, _ arguments: [Value] = []) {
        clauses.append(sql)
        values += arguments
    }

    mutating func add(_ other: PostgresPredicate) {
        clauses += other.clauses
        values += other.values
    }

    var sql: String { clauses.isEmpty ? "TRUE" : clauses.map { "(\($0))" }.joined(separator: " AND ") }

    /// A statement with this predicate spliced in where `where` stands: `before`'s `?`s come first,
    /// then the predicate's, then `after`'s.
    func query(_ template: String, before: [Value] = [], after: [Value] = []) -> PostgresQuery {
        let all = before + values + after
        var bindings = PostgresBindings(capacity: all.count)
        for value in all {
            switch value {
            case .text(let s): bindings.append(s)
            case .texts(let list): bindings.append(list)
            case .double(let d): bindings.append(d)
            case .int(let n): bindings.append(n)
            }
        }
        let filled = template.replacingOccurrences(of: "{where}", with: sql)
        var out = ""
        var n = 0
        for ch in filled {
            if ch == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        precondition(n == all.count, "a query's placeholders and values differ in number")
        return PostgresQuery(unsafeSQL: out, binds: bindings)
    }
}

/// The viewer's visibility rule (DESIGN.md section 1) on PostgreSQL: the twin of
/// `SQLiteStore.visibility` and `aggregateScope`, over `cases c`.
extension PostgresStore {
    static func visibility(_ viewer: StaffViewer) -> PostgresPredicate {
        var p = PostgresPredicate()
        let restricted = "COALESCE(c.category, '') = ANY(?) OR COALESCE(c.queue, '') = ?"
        let restrictedArgs: [PostgresPredicate.Value] = [.texts(viewer.restrictedCategories.sorted()), .text(viewer.integrityQueue)]
        let own = "c.queue = ANY(?) OR c.assignee = ?"
        let ownArgs: [PostgresPredicate.Value] = [.texts(viewer.ownQueues.sorted()), .text(viewer.username)]
        switch viewer.role {
        case .analyst:
            p.add("FALSE")
        case .admin:
            p.add("NOT (\(restricted))", restrictedArgs)
        case .agent, .supervisor:
            p.add("NOT (\(restricted))", restrictedArgs)
            p.add(own, ownArgs)
        case .integrity:
            p.add("\(restricted) OR \(own)", restrictedArgs + ownArgs)
        }
        return p
    }

    /// The rows counted in aggregates for `viewer`: what they may see, and for the analyst every case
    /// that is not restricted.
    static func aggregateScope(_ viewer: StaffViewer) -> PostgresPredicate {
        guard viewer.role == .analyst else { return visibility(viewer) }
        var admin = viewer
        admin.role = .admin
        return visibility(admin)
    }
}
