import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The printable Thai report: every measure, BE dates, hand-drawn SVG charts with one bar per figure,
/// nothing loaded from outside, nothing run, and hostile names escaped.
@Suite struct ReportHTMLTests {
    typealias F = ReportRenderingFixtures

    static func html(_ doc: ReportDocument = F.fiscalYearReport(), _ language: Language = .th, _ options: ReportHTML.Options = .init()) -> String {
        ReportHTML.render(doc, labels: F.labels, language: language, options: options)
    }

    /// The `<figure id="…">` element's markup.
    static func figure(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "<figure id=\"\(id)\">") else { return nil }
        guard let end = html.range(of: "</figure>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func theDocumentIsThaiWithATitleTheAgencyAndThePeriod() {
        let html = Self.html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"th\">"))
        #expect(html.contains("<title>รายงานผลลัพธ์ด้านผู้รับบริการและประชาชน (หมวด 7.2) — ปีงบประมาณ 2569 — เทศบาลนครตัวอย่าง</title>"))
        #expect(html.contains("<p class=\"agency\">เทศบาลนครตัวอย่าง</p>"))
    }

    @Test func datesAreInTheBuddhistEraInBangkokTime() {
        let html = Self.html()
        #expect(html.contains("1 ตุลาคม 2568 – 30 กันยายน 2569"))  // [from, to): the last day is the one before `to`
        #expect(html.contains("2 ต.ค. 2569 09:15 น."))  // generated at 02:15Z
        #expect(html.contains("1 ต.ค. 2569 00:00 น."))  // as of the end of the fiscal year
        #expect(!html.contains("2025") && !html.contains("2026"))
        let en = Self.html(F.fiscalYearReport(), .en)
        #expect(en.contains("<html lang=\"en\">"))
        #expect(en.contains("1 Oct 2025 – 30 Sep 2026"))
        #expect(en.contains("Satisfaction (%)"))
    }

    @Test func everyMeasureHasItsRowWithLeTCI() throws {
        let doc = F.fiscalYearReport()
        let html = Self.html(doc)
        for m in doc.metrics {
            #expect(html.contains("<tr id=\"m-\(m.id)\"><th scope=\"row\">\(m.nameTh)"), "\(m.id)")
        }
        let sat = try #require(html.range(of: "<tr id=\"m-satisfaction_pct\">")).lowerBound
        let row = String(html[sat..<html[sat...].range(of: "</tr>")!.upperBound])
        let letci = try #require(doc.metric("satisfaction_pct")?.letci)
        #expect(row.contains(ReportNumber.display(letci.level)))
        #expect(row.contains("▲ แนวโน้มดีขึ้น"))
        #expect(row.contains("กรมสรรพากร 88.4 (ต่ำกว่า)"))
        #expect(row.contains(ReportVocabulary.band(letci.band!).th))
        #expect(row.contains("<sup"))  // FY 2567 is a hand-entered baseline
        for band in [LeTCI.Band.belowTarget, .basic, .advance, .significance] {
            #expect(["ต่ำกว่าเป้าหมาย", "ระดับพื้นฐาน (Basic)", "ระดับก้าวหน้า (Advance)", "ระดับโดดเด่น (Significance)"]
                .contains(ReportVocabulary.band(band).th))
        }
    }

    @Test func chartsDrawOneBarPerFigure() throws {
        let doc = F.fiscalYearReport()
        let html = Self.html(doc)
        let monthly = try #require(Self.figure(html, "chart-monthly-satisfaction_pct"))
        #expect(Self.count("class=\"datum\"", in: monthly) == 11)  // February has no figure
        #expect(monthly.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""))
        #expect(monthly.contains("<title>") && monthly.contains("<figcaption>"))
        #expect(monthly.contains(">ต.ค. 68<") && monthly.contains(">ก.ย. 69<"))
        let years = try #require(Self.figure(html, "chart-years"))
        let percentMeasures = doc.metrics.filter { $0.unit == "percent" }.count
        #expect(Self.count("class=\"datum\"", in: years) == percentMeasures * 3)
        let reasons = try #require(Self.figure(html, "chart-reasons"))
        #expect(Self.count("class=\"datum\"", in: reasons) == doc.reasons.count)
        #expect(Self.count("<circle class=\"cumulative\"", in: reasons) == doc.reasons.count)
        #expect(reasons.contains("<polyline class=\"cumulative\""))
        #expect(reasons.contains("<title>ล่าช้า: 42</title>"))
        let complaints = try #require(Self.figure(html, "chart-complaints"))
        #expect(Self.count("class=\"datum\"", in: complaints) == doc.frequentComplaints.count)
        let sla = try #require(Self.figure(html, "chart-sla-queue"))
        #expect(Self.count("class=\"datum\"", in: sla) == doc.metric("resolved_within_sla_pct")!.breakdowns["queue"]!.count)
        #expect(sla.contains("กองช่าง"))
    }

    @Test func aMonthlyReportShowsComparisonsPendingChangesAndNoYearCharts() {
        let html = Self.html(F.monthlyReport())
        #expect(html.contains("ตุลาคม 2568"))
        #expect(html.contains("งวดก่อนหน้า") && html.contains("กันยายน 2568"))
        #expect(html.contains("ปิดงวดแล้ว ฉบับที่ 1"))
        #expect(html.contains("นำเข้าบันทึกสายด่วนย้อนหลัง"))
        #expect(html.contains("หมวดเรื่อง: น้ำประปา ท่อระบายน้ำ น้ำท่วม"))
        #expect(Self.figure(html, "chart-years") == nil)
        #expect(Self.figure(html, "chart-monthly-satisfaction_pct") == nil)
        #expect(Self.figure(html, "chart-reasons") != nil)
    }

    @Test func emptyFiguresReadAsNoFigureAndNothingBreaks() {
        let html = Self.html(F.emptyReport())
        #expect(html.contains("<td class=\"num level\">–</td>"))
        #expect(!html.contains("nan") && !html.contains("inf"))
        #expect(html.contains("ไม่มีข้อมูลในงวดนี้"))
        #expect(Self.figure(html, "chart-reasons") == nil)
        let sla = Self.figure(html, "chart-sla-queue") ?? ""
        #expect(Self.count("class=\"datum\"", in: sla) == 0)
    }

    @Test func noScriptNoStyleAttributeAndNothingLoadedFromOutside() {
        for html in [Self.html(), Self.html(F.monthlyReport(), .en), Self.html(F.emptyReport())] {
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains(" style=\""))
            #expect(html.range(of: #"<[^>]*\son[a-z]+="#, options: .regularExpression) == nil)  // no event handler attributes
            #expect(!html.contains("src=") && !html.contains("url(") && !html.contains("@import"))
            let links = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            #expect(!links.contains("http://") && !links.contains("https://"))
        }
        let embedded = Self.html()
        #expect(embedded.contains("<style>\n@page { size: A4;") && !embedded.contains("<link"))
        let linked = Self.html(F.fiscalYearReport(), .th, .init(stylesheet: .linked("/staff/reports/report.css")))
        #expect(linked.contains("<link rel=\"stylesheet\" href=\"/staff/reports/report.css\">") && !linked.contains("<style>"))
    }

    @Test func agencyAndComparatorNamesAreEscaped() {
        var doc = F.fiscalYearReport()
        doc.agency = ReportAgency(nameTh: "กรม <ทดสอบ> & \"ลูก\"", nameEn: "Dept <b>")
        doc.metrics[8].letci?.comparison[0].name = "<img src=x onerror=alert(1)>"
        let html = Self.html(doc)
        #expect(html.contains("กรม &lt;ทดสอบ&gt; &amp; &quot;ลูก&quot;"))
        #expect(!html.contains("<ทดสอบ>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }
}
