/// Why a report could not be rendered, in words the CLI and the staff page show as they are.
public enum ReportRenderingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// JSON is the engine's encoding (ReportJSON), not a rendering; this build has none wired in.
    case formatNotRendered(String)
    /// The XLSX archive could not be written.
    case archive(String)

    public var description: String {
        switch self {
        case .formatNotRendered(let f): "the \(f) format is written by the report engine, not by the renderer"
        case .archive(let why): "could not write the XLSX workbook: \(why)"
        }
    }
}
