/// Every store protocol together: what `siang serve` and the CLI need of a store, and what the
/// SQLite store and the PostgreSQL store each are (one contract suite holds both to it).
public typealias AgencyStore = CaseStore & ReportStore & EvidenceStore & ScoringCoreExportStore & StaffContactStore & StaffDigestStore
    & AuditChainStore & PersonalDataStore & SealedDataStore & Open311Store
