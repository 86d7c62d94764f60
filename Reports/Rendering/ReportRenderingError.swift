/// Why a report could not be rendered, in words the CLI and the staff page show as they are.
public enum ReportRenderingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The XLSX archive could not be written.
    case archive(String)

    public var description: String {
        switch self {
        case .archive(let why): "could not write the XLSX workbook: \(why)"
        }
    }
}
