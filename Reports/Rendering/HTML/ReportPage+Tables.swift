import SiangCore

/// The tables after the charts: both Paretos, and every metric's breakdowns (channel, category, segment,
/// queue or the survey dimensions), each a captioned table with row and column headers.
extension ReportPage {
    func paretos() -> String {
        var h = "<section class=\"paretos\" aria-labelledby=\"paretos-h\">\n<h2 id=\"paretos-h\">"
        h += t.pick("การวิเคราะห์เหตุผลความไม่พึงพอใจและเรื่องร้องเรียนที่พบบ่อย", "Dissatisfaction reasons and frequent complaints") + "</h2>\n"
        h += "<table class=\"pareto\"><caption>\(t.pick("เหตุผลความไม่พึงพอใจ", "Dissatisfaction reasons"))</caption>\n<thead><tr>"
        h += "<th scope=\"col\">\(t.pick("เหตุผล", "Reason"))</th>" + countHeads() + "</tr></thead><tbody>\n"
        for r in doc.reasons {
            h += "<tr><th scope=\"row\">\(e(labels.name("reason", r.code, lang)))</th>" + countCells(r.count, r.share, r.cumulativeShare) + "</tr>\n"
        }
        if doc.reasons.isEmpty { h += emptyRow(4) }
        h += "</tbody></table>\n"
        h += "<table class=\"pareto\"><caption>\(t.pick("เรื่องร้องเรียนที่พบบ่อย จำแนกตามหมวดเรื่อง", "Frequent complaints by category"))</caption>\n<thead><tr>"
        h += "<th scope=\"col\">\(t.pick("หมวดเรื่อง", "Category"))</th>" + countHeads()
        h += "<th scope=\"col\" class=\"num\">\(t.pick("งวดก่อนหน้า", "Previous period"))</th></tr></thead><tbody>\n"
        for c in doc.frequentComplaints {
            h += "<tr><th scope=\"row\">\(e(labels.name("category", c.category, lang)))</th>" + countCells(c.count, c.share, c.cumulativeShare)
            h += "<td class=\"num\">\(ReportNumber.display(Double(c.previousCount)))</td></tr>\n"
        }
        if doc.frequentComplaints.isEmpty { h += emptyRow(5) }
        return h + "</tbody></table>\n</section>\n"
    }

    /// Emerging topics (monthly reports): the words whose share of a category's cases rose most.
    func emergingTopics() -> String {
        guard doc.period.kind == .month else { return "" }
        var h = "<section class=\"emerging\" aria-labelledby=\"emerging-h\">\n<h2 id=\"emerging-h\">"
        h += t.pick("ประเด็นที่เพิ่มขึ้นในเดือนนี้", "Emerging topics this month") + "</h2>\n"
        h += "<table class=\"pareto\"><caption>\(t.pick("คำที่สัดส่วนเรื่องในหมวดเพิ่มขึ้นมากที่สุด เทียบกับสามเดือนก่อนหน้า", "Words whose share of a category's cases rose most against the three months before"))</caption>\n<thead><tr>"
        h += "<th scope=\"col\">\(t.pick("หมวดเรื่อง", "Category"))</th><th scope=\"col\">\(t.pick("คำ", "Word"))</th>"
        h += "<th scope=\"col\" class=\"num\">\(t.pick("จำนวนเรื่อง", "Cases"))</th><th scope=\"col\" class=\"num\">\(t.pick("ร้อยละ", "Share %"))</th>"
        h += "<th scope=\"col\" class=\"num\">\(t.pick("สามเดือนก่อน (เรื่อง)", "Three months before (cases)"))</th>"
        h += "<th scope=\"col\" class=\"num\">\(t.pick("สามเดือนก่อน (ร้อยละ)", "Three months before (share %)"))</th></tr></thead><tbody>\n"
        for topic in doc.emergingTopics {
            h += "<tr><th scope=\"row\">\(e(labels.name("category", topic.category, lang)))</th><td>\(e(topic.word))</td>"
            h += "<td class=\"num\">\(ReportNumber.display(Double(topic.cases)))</td><td class=\"num\">\(ReportNumber.display(topic.share))</td>"
            h += "<td class=\"num\">\(ReportNumber.display(Double(topic.previousCases)))</td><td class=\"num\">\(ReportNumber.display(topic.previousShare))</td></tr>\n"
        }
        if doc.emergingTopics.isEmpty { h += emptyRow(6) }
        return h + "</tbody></table>\n</section>\n"
    }

    func countHeads() -> String {
        "<th scope=\"col\" class=\"num\">\(t.pick("จำนวน", "Count"))</th><th scope=\"col\" class=\"num\">\(t.pick("ร้อยละ", "Share %"))</th>"
            + "<th scope=\"col\" class=\"num\">\(t.pick("ร้อยละสะสม", "Cumulative %"))</th>"
    }

    func countCells(_ count: Int, _ share: Double, _ cumulative: Double) -> String {
        "<td class=\"num\">\(ReportNumber.display(Double(count)))</td><td class=\"num\">\(ReportNumber.display(share))</td>"
            + "<td class=\"num\">\(ReportNumber.display(cumulative))</td>"
    }

    func emptyRow(_ columns: Int) -> String {
        "<tr><td colspan=\"\(columns)\">\(t.pick("ไม่มีข้อมูลในงวดนี้", "Nothing in this period"))</td></tr>\n"
    }

    func breakdowns() -> String {
        let withRows = doc.metrics.filter { m in m.breakdowns.values.contains { !$0.isEmpty } }
        guard !withRows.isEmpty else { return "" }
        var h = "<section class=\"breakdowns\" aria-labelledby=\"breakdowns-h\">\n<h2 id=\"breakdowns-h\">"
        h += t.pick("ผลลัพธ์จำแนกตามมิติ", "Results by dimension") + "</h2>\n"
        for m in withRows {
            h += "<table class=\"breakdown\"><caption>\(e(name(m))) (\(e(ReportVocabulary.unit(m.unit).text(lang))))</caption>\n<thead><tr>"
            h += "<th scope=\"col\">\(t.pick("มิติ", "Dimension"))</th><th scope=\"col\">\(t.pick("รายการ", "Item"))</th>"
            h += "<th scope=\"col\" class=\"num\">\(t.pick("ผลลัพธ์", "Value"))</th><th scope=\"col\" class=\"num\">\(t.pick("ตัวตั้ง", "Numerator"))</th>"
            h += "<th scope=\"col\" class=\"num\">\(t.pick("ตัวหาร", "Denominator"))</th></tr></thead><tbody>\n"
            for dimension in ReportDimensions.ordered(m.breakdowns.keys) {
                for b in m.breakdowns[dimension] ?? [] {
                    h += "<tr><td>\(e(labels.dimension(dimension, lang)))</td><th scope=\"row\">\(e(labels.name(dimension, b.key, lang)))</th>"
                    h += "<td class=\"num\">\(ReportNumber.display(b.value))</td><td class=\"num\">\(ReportNumber.display(b.numerator))</td>"
                    h += "<td class=\"num\">\(ReportNumber.display(b.denominator))</td></tr>\n"
                }
            }
            h += "</tbody></table>\n"
        }
        return h + "</section>\n"
    }
}
