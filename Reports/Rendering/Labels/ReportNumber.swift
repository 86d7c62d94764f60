import Foundation

/// How a report writes a figure: rounded once with ``ReportRounding`` (2 decimals, half away from zero),
/// then written without trailing zeros (`85.5`, `100`), with `.` as the decimal mark and no grouping, so
/// CSV, XLSX and HTML show the very same figure and a spreadsheet reads it back as that number.
public enum ReportNumber {
    /// The rounded figure, or nil when there is none (an empty denominator stays empty, never 0).
    public static func rounded(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        let r = ReportRounding.round2(value)
        return r == 0 ? 0 : r  // no "-0"
    }

    /// `12.35`, `100`, `0.5`; the empty string for no figure.
    public static func plain(_ value: Double?) -> String {
        guard let r = rounded(value) else { return "" }
        var text = String(format: "%.2f", r)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// For people: thousands grouped (`1,234.5`), `–` for no figure.
    public static func display(_ value: Double?) -> String {
        let text = plain(value)
        guard !text.isEmpty else { return "–" }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "-" : "") + grouped + fraction
    }
}
