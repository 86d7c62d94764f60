import SiangCore

/// The report's charts, each a `<figure>` with a `<figcaption>` and an SVG with its `<title>`: the fiscal
/// year month by month (from ``MetricResult/monthly``), three fiscal years side by side (from the LeTCI
/// trend), both Paretos, and SLA compliance by queue. A chart with nothing to draw is left out.
extension ReportPage {
    /// The measures a reader follows month by month, when the report has them; otherwise its first four series.
    static let headline = ["complaints_received", "complaints_resolved_pct", "resolved_within_sla_pct", "satisfaction_pct",
                           "dissatisfaction_pct", "trust_pct"]

    var monthlyMetrics: [MetricResult] {
        let withMonths = doc.metrics.filter { !$0.monthly.isEmpty }
        let chosen = withMonths.filter { Self.headline.contains($0.id) }
        return chosen.isEmpty ? Array(withMonths.prefix(4)) : chosen
    }

    func charts() -> String {
        var figures = monthlyFigures()
        figures += threeYearFigure()
        figures += paretoFigures()
        figures += slaByQueueFigure()
        guard !figures.isEmpty else { return "" }
        return "<section class=\"charts\" aria-labelledby=\"charts-h\">\n<h2 id=\"charts-h\">\(t.pick("แผนภูมิ", "Charts"))</h2>\n" + figures + "</section>\n"
    }

    func figure(id: String, caption: String, svg: String) -> String {
        "<figure id=\"\(e(id))\">\n\(svg)\n<figcaption>\(e(caption))</figcaption>\n</figure>\n"
    }

    func format(_ m: MetricResult) -> (Double) -> String {
        let percent = m.unit == "percent"
        return { ReportNumber.display($0) + (percent ? "%" : "") }
    }

    func monthlyFigures() -> String {
        let metrics = monthlyMetrics
        guard !metrics.isEmpty else { return "" }
        var h = ""
        for m in metrics {
            let caption = "\(name(m)) \(t.pick("รายเดือน", "by month")), \(ReportVocabulary.fiscalYear(doc.period.fiscalYear, lang)) (\(ReportVocabulary.unit(m.unit).text(lang)))"
            let svg = SVGCharts.columns(title: caption, labels: m.monthly.map { ReportPeriodNames.short($0.periodID, lang) },
                                        values: m.monthly.map(\.value), maxValue: m.unit == "percent" ? 100 : nil, format: format(m))
            h += figure(id: "chart-monthly-\(m.id)", caption: caption, svg: svg)
        }
        // The same figures as a table, for screen readers and for copying.
        let months = Set(metrics.flatMap { $0.monthly.map(\.periodID) }).sorted()
        h += "<table class=\"monthly\"><caption>\(t.pick("ข้อมูลรายเดือน", "Monthly figures"))</caption>\n<thead><tr><th scope=\"col\">\(t.pick("ตัวชี้วัด", "Measure"))</th>"
        for p in months { h += "<th scope=\"col\" class=\"num\">\(e(ReportPeriodNames.short(p, lang)))</th>" }
        h += "</tr></thead><tbody>\n"
        for m in metrics {
            h += "<tr><th scope=\"row\">\(e(name(m)))</th>"
            for p in months { h += "<td class=\"num\">\(ReportNumber.display(m.monthly.first { $0.periodID == p }?.value))</td>" }
            h += "</tr>\n"
        }
        return h + "</tbody></table>\n"
    }

    /// Percent measures only, so one 0-100 scale serves every row.
    func threeYearFigure() -> String {
        let metrics = doc.metrics.filter { $0.unit == "percent" && $0.letci != nil }
        guard !metrics.isEmpty else { return "" }
        let fills = ["#7393b3", "#2f6a9e", "#0b3d6b"]
        let series = years.enumerated().map { SVGCharts.Series(name: ReportVocabulary.fiscalYearShort($1, lang), fill: fills[$0]) }
        let rows = metrics.map { m in
            (label: name(m), values: years.map { y -> Double? in
                y == doc.period.fiscalYear ? (m.letci?.level ?? m.value) : m.letci?.trend.first { $0.fiscalYear == y }?.value
            })
        }
        let caption = t.pick("ผลลัพธ์ 3 ปีงบประมาณ (ร้อยละ)", "Three fiscal years (%)")
        return figure(id: "chart-years", caption: caption,
                      svg: SVGCharts.groupedBars(title: caption, series: series, rows: rows, maxValue: 100) { ReportNumber.display($0) + "%" })
    }

    func paretoFigures() -> String {
        var h = ""
        let count = t.pick("จำนวน", "Count"), cumulative = t.pick("ร้อยละสะสม", "Cumulative %")
        if !doc.reasons.isEmpty {
            let caption = t.pick("พาเรโตเหตุผลความไม่พึงพอใจ", "Pareto of dissatisfaction reasons")
            h += figure(id: "chart-reasons", caption: caption, svg: SVGCharts.pareto(
                title: caption, rows: doc.reasons.map { (labels.name("reason", $0.code, lang), $0.count, $0.cumulativeShare) },
                countName: count, cumulativeName: cumulative))
        }
        if !doc.frequentComplaints.isEmpty {
            let caption = t.pick("พาเรโตเรื่องร้องเรียนที่พบบ่อย จำแนกตามหมวดเรื่อง", "Pareto of frequent complaints by category")
            h += figure(id: "chart-complaints", caption: caption, svg: SVGCharts.pareto(
                title: caption, rows: doc.frequentComplaints.map { (labels.name("category", $0.category, lang), $0.count, $0.cumulativeShare) },
                countName: count, cumulativeName: cumulative))
        }
        return h
    }

    func slaByQueueFigure() -> String {
        guard let m = doc.metric("resolved_within_sla_pct"), let rows = m.breakdowns["queue"], !rows.isEmpty else { return "" }
        let caption = t.pick("ร้อยละเรื่องร้องเรียนที่แล้วเสร็จภายในเวลาที่กำหนด จำแนกตามหน่วยงานผู้รับผิดชอบ",
                             "Complaints resolved within SLA by queue (%)")
        return figure(id: "chart-sla-queue", caption: caption, svg: SVGCharts.percentBars(
            title: caption, rows: rows.map { (labels.name("queue", $0.key, lang), $0.value) }) { ReportNumber.display($0) + "%" })
    }
}
