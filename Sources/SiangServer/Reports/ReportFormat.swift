import Foundation

/// The four forms a report is handed out in (DESIGN.md 5.7), with what a browser needs to save one:
/// its content type and a file name that says which period it is.
enum ReportFormat: String, CaseIterable, Sendable {
    case json, csv, xlsx, html

    var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .html: "text/html; charset=utf-8"
        }
    }

    /// `siang-report-fy-2569.xlsx`: ASCII only, so no header encoding is needed.
    func filename(_ period: ReportPeriodRef) -> String {
        "siang-report-\(period.segment)-\(period.id).\(rawValue)"
    }

    /// `attachment` for the files, so the browser saves rather than shows them; JSON and HTML are
    /// still opened inline by a client that wants to.
    func contentDisposition(_ period: ReportPeriodRef) -> String {
        "attachment; filename=\"\(filename(period))\""
    }
}
