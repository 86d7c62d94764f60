import GRDB

/// Schema for the history import: the earlier system's reference of each imported case, and an
/// index so staff find any case by its external reference.
enum CaseImportSchema {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-case-import-refs-external-ref-index") { db in
            try db.execute(sql: """
                -- One row per imported case: the import is idempotent by ref, and a duplicateOf finds its case here.
                CREATE TABLE case_import_refs (
                    ref TEXT PRIMARY KEY,
                    case_id INTEGER NOT NULL REFERENCES cases(id),
                    fingerprint TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX cases_external_ref ON cases(external_ref) WHERE external_ref IS NOT NULL;
                """)
        }
    }
}
