import SiangStore

/// Who may do what with the PMQA reports, in one place so the pages and the API cannot disagree.
///
/// Reports are aggregates for the people who answer for them: the analyst (the PMQA owner), the
/// supervisor and the admin read them. Agents and integrity officers work cases, not the agency's
/// figures, and are refused (the integrity officer would otherwise learn restricted counts per queue
/// from a page meant for the whole agency). Locking a month, restating it and setting targets change
/// what the agency reports to OPDC, so they belong to the analyst and the admin; a supervisor reads
/// and drills down but does not sign the figures off.
enum ReportAccess {
    static func mayRead(_ role: StaffRole) -> Bool { [.analyst, .supervisor, .admin].contains(role) }

    /// Lock, restate and targets.
    static func mayManage(_ role: StaffRole) -> Bool { [.analyst, .admin].contains(role) }
}
