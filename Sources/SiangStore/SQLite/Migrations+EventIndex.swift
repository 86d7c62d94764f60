import GRDB

/// Events are found by time only for the supervisors' list of recent escalations, so only
/// escalation events are indexed by time.
///
/// The index on every event's time cost each new case three entries (its received, category and
/// queue events), scattered when calls are imported out of order, and was read for escalations only.
enum EventIndexSchema {
    static let escalationsByTime = "case_events_escalated_at"

    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-event-time-index-for-escalations-only") { db in
            try db.execute(sql: """
                CREATE INDEX \(escalationsByTime) ON case_events(at) WHERE type = 'escalated';
                DROP INDEX case_events_at;
                """)
        }
    }
}
