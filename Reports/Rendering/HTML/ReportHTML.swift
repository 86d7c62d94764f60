import Foundation
import SiangCore

/// The printable 7.2 report (DESIGN 5.7): one HTML document in Thai (or English) for A4, with the
/// agency, the period and its dates in the Buddhist Era, the 7.2 table with LeTCI, SVG charts drawn here
/// (no JavaScript), the two Paretos and the breakdowns.
///
/// The document loads nothing: no script, no font, no image, no external stylesheet, so a file written
/// with `--out` prints the same on a machine with no network. Its styles are ``ReportStyles/css``: embedded
/// in a `<style>` element by default (``Options/Stylesheet/embedded``, for files), or linked
/// (``Options/Stylesheet/linked(_:)``) when the server answers it, because the server's
/// Content-Security-Policy (`default-src 'self'`) refuses inline styles; the server then serves
/// ``ReportStyles/css`` at that address. Nothing in the body uses a `style` attribute either way.
public enum ReportHTML {
    public struct Options: Sendable, Equatable {
        public enum Stylesheet: Sendable, Equatable {
            case embedded
            /// A same-origin address that serves ``ReportStyles/css``.
            case linked(String)
        }
        public var stylesheet: Stylesheet
        public init(stylesheet: Stylesheet = .embedded) { self.stylesheet = stylesheet }
    }

    public static func render(_ doc: ReportDocument, labels: ReportLabels, language: Language = .th, options: Options = .init()) -> String {
        let page = ReportPage(doc: doc, labels: labels, t: ReportWording(language: language))
        let t = page.t
        let title = "\(t.pick("รายงานผลลัพธ์ด้านผู้รับบริการและประชาชน (หมวด 7.2)", "Customer and citizen results (PMQA 7.2)")) — \(page.periodName) — \(page.agencyName)"
        var html = "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(e(title))</title>\n"
        switch options.stylesheet {
        case .embedded: html += "<style>\n\(ReportStyles.css)\n</style>\n"
        case .linked(let href): html += "<link rel=\"stylesheet\" href=\"\(e(href))\">\n"
        }
        html += "</head>\n<body class=\"report\">\n"
        html += page.header()
        html += "<main>\n"
        html += page.notices()
        html += page.summary()
        html += page.charts()
        html += page.paretos()
        html += page.emergingTopics()
        html += page.breakdowns()
        html += "</main>\n"
        html += page.footer()
        return html + "</body>\n</html>\n"
    }

    static func e(_ s: String) -> String { MarkupText.escape(s) }
}

/// One document being rendered, with what every section needs.
struct ReportPage {
    var doc: ReportDocument
    var labels: ReportLabels
    var t: ReportWording

    var lang: Language { t.language }
    var agencyName: String { lang == .th ? doc.agency.nameTh : doc.agency.nameEn }
    var periodName: String { lang == .th ? doc.period.labelTh : doc.period.labelEn }
    func name(_ m: MetricResult) -> String { lang == .th ? m.nameTh : m.nameEn }
    func e(_ s: String) -> String { MarkupText.escape(s) }

    func header() -> String {
        let p = doc.period
        // `to` is exclusive: the last day shown is the one before it.
        let lastDay = p.to.addingTimeInterval(-1)
        var h = "<header class=\"report-head\">\n"
        h += "<p class=\"agency\">\(e(agencyName))</p>\n"
        h += "<h1>\(t.pick("รายงานผลลัพธ์ด้านผู้รับบริการและประชาชน", "Customer and citizen results"))"
        h += " <span class=\"sub\">\(t.pick("(PMQA 4.0 หมวด 7.2)", "(PMQA 4.0 item 7.2)"))</span></h1>\n"
        h += "<p class=\"period\">\(e(periodName))</p>\n<dl class=\"meta\">\n"
        h += "<dt>\(t.pick("ช่วงเวลา", "Period"))</dt><dd>\(e(ThaiDateFormatter.date(p.from, lang, longMonth: true))) – \(e(ThaiDateFormatter.date(lastDay, lang, longMonth: true)))</dd>\n"
        h += "<dt>\(t.pick("ข้อมูล ณ", "Figures as of"))</dt><dd>\(e(ThaiDateFormatter.dateTime(p.asOf, lang)))</dd>\n"
        h += "<dt>\(t.pick("จัดทำเมื่อ", "Generated"))</dt><dd>\(e(ThaiDateFormatter.dateTime(doc.generatedAt, lang)))</dd>\n"
        let status = doc.locked
            ? t.pick("ปิดงวดแล้ว ฉบับที่ \(doc.revision)", "Locked, revision \(doc.revision)")
            : t.pick("ข้อมูลล่าสุด (ยังไม่ปิดงวด)", "Live figures (not locked)")
        h += "<dt>\(t.pick("สถานะ", "Status"))</dt><dd>\(e(status))</dd>\n</dl>\n</header>\n"
        return h
    }

    /// A restatement's reason and a locked month's pending recomputation are shown before any figure.
    func notices() -> String {
        var h = ""
        if let reason = doc.restatementReason {
            h += "<p class=\"notice\">\(t.pick("เหตุผลการปรับปรุงข้อมูล", "Reason for this restatement")): \(e(reason))</p>\n"
        }
        guard !doc.pendingChanges.isEmpty else { return h }
        h += "<section class=\"notice\" aria-labelledby=\"pending-h\">\n<h2 id=\"pending-h\">"
        h += t.pick("ผลคำนวณใหม่ต่างจากฉบับที่ปิดงวดไว้ (ยังไม่ได้ปรับปรุง)", "The recomputation differs from the locked figures (not restated)") + "</h2>\n"
        h += "<table><thead><tr><th scope=\"col\">\(t.pick("ตัวชี้วัด", "Metric"))</th><th scope=\"col\">\(t.pick("รายการ", "Breakdown"))</th>"
        h += "<th scope=\"col\" class=\"num\">\(t.pick("ฉบับปิดงวด", "Locked"))</th><th scope=\"col\" class=\"num\">\(t.pick("คำนวณใหม่", "Now"))</th></tr></thead><tbody>\n"
        for c in doc.pendingChanges {
            let metric = doc.metric(c.metric).map(name) ?? c.metric
            h += "<tr><td>\(e(metric))</td><td>\(e(breakdownName(c.breakdown)))</td>"
            h += "<td class=\"num\">\(ReportNumber.display(c.stored))</td><td class=\"num\">\(ReportNumber.display(c.now))</td></tr>\n"
        }
        return h + "</tbody></table>\n</section>\n"
    }

    /// `overall` or `dimension:key` as a reader says it.
    func breakdownName(_ breakdown: String) -> String {
        let parts = breakdown.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return labels.dimension(breakdown, lang) }
        return "\(labels.dimension(parts[0], lang)): \(labels.name(parts[0], parts[1], lang))"
    }

    func footer() -> String {
        "<footer class=\"report-foot\">\n<p>" + t.pick(
            "ตัวเลขปัดเศษ 2 ตำแหน่ง (ปัดครึ่งขึ้น) · “–” หมายถึงไม่มีข้อมูล (ไม่มีตัวหาร) · รายงานนี้เป็นข้อมูลสรุปรวม ไม่มีข้อมูลส่วนบุคคล · จัดทำโดยระบบเสียง (Siang)",
            "Figures rounded to 2 decimals (half away from zero) · “–” means no figure (empty denominator) · Aggregates only, no personal data · Produced by Siang")
            + "</p>\n</footer>\n"
    }
}
