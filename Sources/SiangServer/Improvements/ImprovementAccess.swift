import SiangStore

/// Who may read and write the improvement log, in one place so the pages and the API agree.
///
/// The log's entries carry figures computed from every case (restricted ones included), so they are
/// for the same people as the PMQA reports: the analyst, the supervisor and the admin read them and
/// record improvements (a supervisor's team is usually the one that made the change). Agents and
/// integrity officers are refused, as on the reports.
enum ImprovementAccess {
    static func mayRead(_ role: StaffRole) -> Bool { ReportAccess.mayRead(role) }
    static func mayWrite(_ role: StaffRole) -> Bool { ReportAccess.mayRead(role) }
}
