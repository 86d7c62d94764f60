import Foundation

/// Simple bar charts drawn on the server as inline SVG: no script, no external library, colours from
/// the staff style sheet (classes), a `<title>` for screen readers; each chart sits beside a table
/// with the same numbers.
enum SVGCharts {
    struct Segment {
        var value: Int
        /// A CSS class giving the fill (`sla-on_track`, `bar`, …).
        var cssClass: String
        var label: String
    }

    static let width = 640.0
    static let labelWidth = 190.0
    static let rowHeight = 30.0
    static let barHeight = 20.0

    /// Horizontal bars, one per row, each split into coloured segments.
    static func stackedBars(title: String, rows: [(label: String, segments: [Segment])]) -> String {
        let maxTotal = max(1, rows.map { $0.segments.reduce(0) { $0 + $1.value } }.max() ?? 1)
        let plot = width - labelWidth - 60
        let height = Double(max(rows.count, 1)) * rowHeight + 10
        var svg = header(title: title, height: height)
        for (i, row) in rows.enumerated() {
            let y = Double(i) * rowHeight + 5
            svg += #"<text class="chart-label" x="\#(labelWidth - 8)" y="\#(y + barHeight * 0.75)" text-anchor="end">\#(escape(clip(row.label)))</text>"#
            var x = labelWidth
            var total = 0
            for s in row.segments where s.value > 0 {
                let w = plot * Double(s.value) / Double(maxTotal)
                svg += #"<rect class="\#(s.cssClass)" x="\#(fmt(x))" y="\#(fmt(y))" width="\#(fmt(max(w, 1)))" height="\#(barHeight)"><title>\#(escape(row.label)): \#(escape(s.label)) \#(s.value)</title></rect>"#
                x += w
                total += s.value
            }
            svg += #"<text class="chart-value" x="\#(fmt(x + 6))" y="\#(y + barHeight * 0.75)">\#(total)</text>"#
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with their values.
    static func bars(title: String, rows: [(label: String, value: Int)]) -> String {
        stackedBars(title: title, rows: rows.map { ($0.label, [Segment(value: $0.value, cssClass: "bar", label: "")]) })
    }

    static func header(title: String, height: Double) -> String {
        #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \#(Int(width)) \#(Int(height))" width="100%" preserveAspectRatio="xMinYMin meet"><title>\#(escape(title))</title>"#
    }

    static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

    static func clip(_ s: String) -> String { s.count > 28 ? String(s.prefix(27)) + "…" : s }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
