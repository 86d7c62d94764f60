import GRDB

/// Schema for surveys (invitations, answers, service points), after the staff workspace's.
enum SurveySchema {
    static func register(in migrator: inout DatabaseMigrator) {}
}
