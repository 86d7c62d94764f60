/// The formats a report is delivered in (`--format`, `?format=`): the engine's JSON document and the
/// three renderings of it.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    case json, csv, xlsx, html

    /// The media type to answer with over HTTP.
    public var mediaType: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .html: "text/html; charset=utf-8"
        }
    }

    /// The file name extension of a download or `--out` file.
    public var fileExtension: String { rawValue }
}
