import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangReports

/// A rendered report as a file the browser saves: the format's media type and a file name that says
/// which period it is (`siang-report-fy-2569.xlsx`, ASCII only, so no header encoding is needed).
enum ReportDownload {
    static func filename(_ format: ReportFormat, _ period: ReportPeriodRef) -> String {
        "siang-report-\(period.segment)-\(period.id).\(format.fileExtension)"
    }

    static func response(_ data: Data, format: ReportFormat, period: ReportPeriodRef) -> Response {
        Response(status: .ok, headers: [
            .contentType: format == .json ? "application/json; charset=utf-8" : format.mediaType,
            .contentDisposition: "attachment; filename=\"\(filename(format, period))\"",
            .cacheControl: "no-store",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
