import GRDB
import SiangCore

/// The open cases in urgency order, for the queue pages' default view.
///
/// With only `cases_status` and `cases_urgency` to choose from, SQLite read every open case through
/// the status index and sorted them for each page: 35-50 ms a page over 56,703 open cases in the soak
/// (bench/README.md, "Soak"), where the server fell behind from minute 3. `cases_urgency` alone is no
/// bound either: once the open cases run out it walks on through every closed one. This index holds
/// only the open cases, so a page reads at most the open cases and usually just the page. After the
/// urgency order (phase, due, id: no sort) it carries every column the queue's filters and the
/// viewer's visibility test, so a filter that matches few cases is checked on the index alone: a
/// walk of all 62,843 open cases of the soak that finds none takes 12-14 ms, not 35-50.
enum OpenQueueSchema {
    /// The open statuses as SQL, written out: a query can use a partial index only when its `WHERE`
    /// has the index's condition term for term, so the migration and the queue query share this text.
    static let openStatusCondition =
        "c.status IN (\(Status.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ")))"

    static let index = "cases_open_urgency"

    /// The running clocks of the open cases by the time they turn at risk, for the `at_risk` filter.
    ///
    /// At risk is a middle band of the urgency order (due not yet passed, risk time passed), so a walk
    /// of ``index`` reads every running clock due after now until the page is full: when none or few
    /// are at risk, every open case. The soak's 400,000 open cases made that page 100-200 ms. This
    /// index ranges over the clocks whose risk time has passed (those at risk and those breached, the
    /// few an agency works to keep few) and checks the due time on the index alone; the page then
    /// sorts that handful.
    static let riskIndex = "cases_open_risk"

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v19-queue-open-urgency") { db in
            // Frozen at the statuses open when it was written; a change to which statuses are open
            // needs a migration that rebuilds it (a test compares the two).
            try db.execute(sql: """
                CREATE INDEX \(index) ON cases(sla_phase, sla_due_at, id, sla_risk_at, sla_state, queue, category, assignee,
                                                channel, segment, received_at)
                WHERE status IN ('received', 'triaged', 'in_progress', 'awaiting_info')
                """)
        }
        migrator.registerMigration("v20-queue-open-risk") { db in
            try db.execute(sql: """
                CREATE INDEX \(riskIndex) ON cases(sla_phase, sla_risk_at, sla_due_at)
                WHERE status IN ('received', 'triaged', 'in_progress', 'awaiting_info')
                """)
        }
    }
}
