import Foundation

/// The chart shapes of the printed 7.2 report: columns over time, fiscal years side by side, shares as
/// horizontal bars on a 0-100 scale, and the Pareto (count columns with the cumulative share as a line).
/// Every bar is one `<rect class="datum">` (not `bar`: a page stylesheet that colours the dashboard's
/// bars must not repaint a series) with its own `<title>` (its label and figure), so a screen
/// reader and a test can count and read them; a missing figure draws no bar and says so in its label.
extension SVGCharts {
    /// One coloured series of a chart: its name (the legend) and its fill.
    public struct Series: Sendable {
        public var name: String
        public var fill: String
        public init(name: String, fill: String) {
            self.name = name
            self.fill = fill
        }
    }

    public static let barFill = "#0b4f8a"
    public static let lineStroke = "#a33c00"

    /// Vertical columns, one per label (`values[i]` for `labels[i]`), on a scale from 0 to `maxValue`
    /// (the largest value when nil).
    public static func columns(title: String, labels: [String], values: [Double?], maxValue: Double? = nil,
                               format: (Double) -> String) -> String {
        let top = maxValue ?? niceCeiling(values.compactMap { $0 }.max() ?? 1)
        let height = 240.0, left = 44.0, bottom = 200.0, plotTop = 16.0
        let slot = (width - left - 8) / Double(max(labels.count, 1))
        var svg = header(title: title, height: height) + axis(left: left, bottom: bottom, top: plotTop, right: width - 8, maxValue: top, format: format)
        for (i, label) in labels.enumerated() {
            let x = left + Double(i) * slot
            svg += #"<text class="chart-label" x="\#(fmt(x + slot / 2))" y="\#(fmt(bottom + 16))" text-anchor="middle" font-size="11">\#(escape(label))</text>"#
            guard let v = values[safe: i] ?? nil else {
                svg += #"<text class="chart-value" x="\#(fmt(x + slot / 2))" y="\#(fmt(bottom - 4))" text-anchor="middle" font-size="11">–</text>"#
                continue
            }
            let h = (bottom - plotTop) * min(max(v, 0), top) / top
            svg += #"<rect class="datum" fill="\#(barFill)" x="\#(fmt(x + slot * 0.18))" y="\#(fmt(bottom - h))" width="\#(fmt(slot * 0.64))" height="\#(fmt(h))"><title>\#(escape(label)): \#(escape(format(v)))</title></rect>"#
            svg += #"<text class="chart-value" x="\#(fmt(x + slot / 2))" y="\#(fmt(bottom - h - 4))" text-anchor="middle" font-size="11">\#(escape(format(v)))</text>"#
        }
        return svg + "</svg>"
    }

    /// Horizontal bars in groups: one row per label, one bar per series (`values[row][series]`), with a legend
    /// when there is more than one series.
    public static func groupedBars(title: String, series: [Series], rows: [(label: String, values: [Double?])], maxValue: Double,
                                   format: (Double) -> String) -> String {
        let bar = 12.0, gap = 10.0, labelW = 250.0, legendH = series.count > 1 ? 24.0 : 4.0
        let groupH = Double(max(series.count, 1)) * bar + gap
        let height = legendH + Double(max(rows.count, 1)) * groupH + 6
        let plot = width - labelW - 56
        var svg = header(title: title, height: height) + (series.count > 1 ? legend(series, y: 4) : "")
        for (r, row) in rows.enumerated() {
            let y0 = legendH + Double(r) * groupH
            svg += #"<text class="chart-label" x="\#(fmt(labelW - 8))" y="\#(fmt(y0 + groupH / 2))" text-anchor="end" font-size="11">\#(escape(clip(row.label, to: 30)))</text>"#
            for (s, serie) in series.enumerated() {
                let y = y0 + Double(s) * bar
                guard let v = row.values[safe: s] ?? nil else {
                    svg += #"<text class="chart-value" x="\#(fmt(labelW + 4))" y="\#(fmt(y + bar - 2))" font-size="10">–</text>"#
                    continue
                }
                let w = plot * min(max(v, 0), maxValue) / maxValue
                svg += #"<rect class="datum" fill="\#(serie.fill)" x="\#(fmt(labelW))" y="\#(fmt(y))" width="\#(fmt(max(w, 1)))" height="\#(fmt(bar - 1))"><title>\#(escape(row.label)), \#(escape(serie.name)): \#(escape(format(v)))</title></rect>"#
                svg += #"<text class="chart-value" x="\#(fmt(labelW + w + 4))" y="\#(fmt(y + bar - 2))" font-size="10">\#(escape(format(v)))</text>"#
            }
        }
        return svg + "</svg>"
    }

    /// Shares on a fixed 0-100 scale, one bar per row (SLA compliance by queue).
    public static func percentBars(title: String, rows: [(label: String, value: Double?)], format: (Double) -> String) -> String {
        groupedBars(title: title, series: [Series(name: "", fill: barFill)], rows: rows.map { ($0.label, [$0.value]) }, maxValue: 100, format: format)
    }

    /// Counts as columns (largest first, as given) and the cumulative share as a line on a 0-100 % axis at the right.
    public static func pareto(title: String, rows: [(label: String, count: Int, cumulativeShare: Double)], countName: String,
                              cumulativeName: String) -> String {
        let height = 280.0, left = 44.0, right = width - 44, bottom = 196.0, plotTop = 30.0
        let top = niceCeiling(Double(rows.map(\.count).max() ?? 1))
        let slot = (right - left) / Double(max(rows.count, 1))
        var svg = header(title: title, height: height)
        svg += legend([Series(name: countName, fill: barFill), Series(name: cumulativeName, fill: lineStroke)], y: 4)
        svg += axis(left: left, bottom: bottom, top: plotTop, right: right, maxValue: top) { ReportNumber.display($0) }
        for p in stride(from: 0.0, through: 100.0, by: 25.0) {
            let y = bottom - (bottom - plotTop) * p / 100
            svg += #"<text class="chart-axis" x="\#(fmt(right + 4))" y="\#(fmt(y + 4))" font-size="10">\#(Int(p))%</text>"#
        }
        var points: [String] = []
        for (i, row) in rows.enumerated() {
            let x = left + Double(i) * slot
            let h = (bottom - plotTop) * Double(row.count) / top
            svg += #"<rect class="datum" fill="\#(barFill)" x="\#(fmt(x + slot * 0.15))" y="\#(fmt(bottom - h))" width="\#(fmt(slot * 0.7))" height="\#(fmt(h))"><title>\#(escape(row.label)): \#(row.count)</title></rect>"#
            svg += #"<text class="chart-value" x="\#(fmt(x + slot / 2))" y="\#(fmt(bottom - h - 4))" text-anchor="middle" font-size="11">\#(row.count)</text>"#
            let label = clip(row.label, to: max(4, Int(slot / 5.5)))
            svg += #"<text class="chart-label" transform="translate(\#(fmt(x + slot / 2)) \#(fmt(bottom + 10))) rotate(35)" font-size="11">\#(escape(label))</text>"#
            points.append("\(fmt(x + slot / 2)),\(fmt(bottom - (bottom - plotTop) * min(max(row.cumulativeShare, 0), 100) / 100))")
        }
        if !points.isEmpty {
            svg += #"<polyline class="cumulative" fill="none" stroke="\#(lineStroke)" stroke-width="2" points="\#(points.joined(separator: " "))"/>"#
            for (p, row) in zip(points, rows) {
                let xy = p.split(separator: ",")
                svg += #"<circle class="cumulative" fill="\#(lineStroke)" cx="\#(xy[0])" cy="\#(xy[1])" r="3"><title>\#(escape(row.label)): \#(escape(cumulativeName)) \#(ReportNumber.display(row.cumulativeShare))%</title></circle>"#
            }
        }
        return svg + "</svg>"
    }

    /// The smallest of 1, 1.2, 1.6, 2, 2.4, 3, 4, 6, 8 or 10 times a power of ten at or above `value`: an axis
    /// whose quarter gridlines read as round figures (0, 300, 600, 900, 1,200 rather than 291.31).
    static func niceCeiling(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 1.2, 1.6, 2, 2.4, 3, 4, 6, 8, 10] where step * power >= value * (1 - 1e-12) { return step * power }
        return 10 * power
    }

    /// Gridlines at quarters of the scale with their figures on the left, and the baseline.
    static func axis(left: Double, bottom: Double, top: Double, right: Double, maxValue: Double, format: (Double) -> String) -> String {
        var svg = ""
        for q in 0...4 {
            let y = bottom - (bottom - top) * Double(q) / 4
            svg += #"<line class="grid" x1="\#(fmt(left))" x2="\#(fmt(right))" y1="\#(fmt(y))" y2="\#(fmt(y))" stroke="\#(q == 0 ? "#444" : "#ccc")" stroke-width="1"/>"#
            svg += #"<text class="chart-axis" x="\#(fmt(left - 4))" y="\#(fmt(y + 4))" text-anchor="end" font-size="10">\#(escape(format(maxValue * Double(q) / 4)))</text>"#
        }
        return svg
    }

    static func legend(_ series: [Series], y: Double) -> String {
        var svg = "", x = 8.0
        for s in series {
            svg += #"<rect class="legend" fill="\#(s.fill)" x="\#(fmt(x))" y="\#(fmt(y + 2))" width="12" height="12"/>"#
            svg += #"<text class="chart-label" x="\#(fmt(x + 16))" y="\#(fmt(y + 12))" font-size="12">\#(escape(s.name))</text>"#
            x += 28 + Double(s.name.count) * 7.5
        }
        return svg
    }
}

private extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
