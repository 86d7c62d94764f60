import GRDB

/// Schema for the staff workspace (sessions, search index, ...), after the first migration.
enum StaffSchema {
    static func register(in migrator: inout DatabaseMigrator) {}
}
