import Foundation

/// Charts drawn on the server as inline SVG: no script, no external library, no inline `style`
/// (the pages' Content-Security-Policy allows none), a `<title>` for screen readers, `role="img"`.
/// Fills come from CSS classes (`bar`, `sla-on_track`, `series-0`, …) so a page's stylesheet colours
/// them; the report charts also carry a `fill` presentation attribute, so they read without any stylesheet.
/// Each chart is meant to sit beside a table with the same numbers.
///
/// Shared by the supervisor dashboard (SiangServer) and the printed 7.2 report (``ReportHTML``).
public enum SVGCharts {
    public struct Segment: Sendable {
        public var value: Int
        /// A CSS class giving the fill (`sla-on_track`, `bar`, …).
        public var cssClass: String
        public var label: String
        public init(value: Int, cssClass: String, label: String) {
            self.value = value
            self.cssClass = cssClass
            self.label = label
        }
    }

    public static let width = 640.0
    static let labelWidth = 190.0
    static let rowHeight = 30.0
    static let barHeight = 20.0

    /// Horizontal bars, one per row, each split into coloured segments.
    public static func stackedBars(title: String, rows: [(label: String, segments: [Segment])]) -> String {
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
    public static func bars(title: String, rows: [(label: String, value: Int)]) -> String {
        stackedBars(title: title, rows: rows.map { ($0.label, [Segment(value: $0.value, cssClass: "bar", label: "")]) })
    }

    static func header(title: String, height: Double, width: Double = width) -> String {
        #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \#(Int(width)) \#(Int(height))" width="100%" preserveAspectRatio="xMinYMin meet"><title>\#(escape(title))</title>"#
    }

    static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

    static func clip(_ s: String, to limit: Int = 28) -> String { s.count > limit ? String(s.prefix(limit - 1)) + "…" : s }

    static func escape(_ s: String) -> String { MarkupText.escape(s) }
}
