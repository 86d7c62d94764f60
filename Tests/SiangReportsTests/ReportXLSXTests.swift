import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SiangCore
import Testing
import ZIPFoundation
@testable import SiangReports

/// The XLSX package opened as Excel opens it: a zip of well-formed XML parts, one sheet per part of the
/// report, numbers as numbers and text as inline strings.
@Suite struct ReportXLSXTests {
    typealias F = ReportRenderingFixtures

    /// A cell as read back from the sheet XML: its type attribute and its text (`<v>` or `<is><t>`).
    struct ReadCell: Equatable { var type: String?; var style: String?; var text: String }

    /// Reads a worksheet's cells by reference (`B2`) and notes the frozen pane and column widths.
    final class SheetReader: NSObject, XMLParserDelegate {
        var cells: [String: ReadCell] = [:]
        var frozen = false
        var widths: [Double] = []
        var sheetNames: [String] = []
        private var ref: String?, type: String?, style: String?, text = "", inText = false

        func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String] = [:]) {
            switch e {
            case "c": ref = a["r"]; type = a["t"]; style = a["s"]; text = ""
            case "v", "t": inText = true
            case "pane": frozen = a["state"] == "frozen" && a["ySplit"] == "1"
            case "col": widths.append(Double(a["width"] ?? "") ?? -1)
            case "sheet": sheetNames.append(a["name"] ?? "")
            default: break
            }
        }
        func parser(_ p: XMLParser, foundCharacters s: String) { if inText { text += s } }
        func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
            if e == "v" || e == "t" { inText = false }
            if e == "c", let ref { cells[ref] = ReadCell(type: type, style: style, text: text) }
        }
    }

    static func parts(_ data: Data) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: Data] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = bytes
        }
        return parts
    }

    static func read(_ xml: Data) throws -> SheetReader {
        let reader = SheetReader()
        let parser = XMLParser(data: xml)
        parser.delegate = reader
        struct NotWellFormed: Error { var why: String }
        guard parser.parse() else { throw NotWellFormed(why: parser.parserError.map { "\($0)" } ?? "unknown") }
        return reader
    }

    @Test func thePackageHoldsTheSpreadsheetMLPartsAndEveryPartIsWellFormedXML() throws {
        let data = try ReportXLSX.render(F.fiscalYearReport(), labels: F.labels, language: .th)
        #expect(Array(data.prefix(2)) == [0x50, 0x4B])  // "PK"
        let parts = try Self.parts(data)
        for required in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"] {
            #expect(parts[required] != nil, "missing \(required)")
        }
        for (path, xml) in parts { #expect(throws: Never.self, "\(path)") { _ = try Self.read(xml) } }
        let names = try Self.read(parts["xl/workbook.xml"]!).sheetNames
        #expect(names == ["สรุปตัวชี้วัด 7.2", "แยกตามมิติ", "แนวโน้มรายเดือน", "เทียบหน่วยงานอื่น", "เหตุผลความไม่พึงพอใจ", "เรื่องร้องเรียนบ่อย"])
        #expect(parts.keys.filter { $0.hasPrefix("xl/worksheets/") }.count == names.count)
        let types = String(decoding: parts["[Content_Types].xml"]!, as: UTF8.self)
        #expect(types.components(separatedBy: "worksheet+xml").count - 1 == names.count)
    }

    @Test func theSummarySheetHoldsEachMetricsFiguresAsNumbersAndItsNamesAsText() throws {
        let doc = F.fiscalYearReport()
        let parts = try Self.parts(try ReportXLSX.render(doc, labels: F.labels, language: .th))
        let sheet = try Self.read(parts["xl/worksheets/sheet1.xml"]!)
        #expect(sheet.frozen)
        #expect(sheet.widths.count >= 6 && sheet.widths.allSatisfy { $0 > 0 })
        #expect(sheet.cells["A1"] == ReadCell(type: "inlineStr", style: "1", text: "รหัสตัวชี้วัด"))
        #expect(sheet.cells["B1"]?.text == "ตัวชี้วัด")
        for (i, m) in doc.metrics.enumerated() {
            let row = i + 2
            #expect(sheet.cells["A\(row)"]?.text == m.id)
            #expect(sheet.cells["B\(row)"] == ReadCell(type: "inlineStr", style: nil, text: m.nameTh))
            let value = try #require(sheet.cells["D\(row)"])
            #expect(value.type == nil)  // a number, not a string
            #expect(Double(value.text) == ReportNumber.rounded(m.value))
        }
        // FY columns (G, H, I after value, numerator, denominator), then trend, target, % better, band.
        #expect(sheet.cells["G1"]?.text == "ปีงบประมาณ 2567")
        let sat = try #require(doc.metrics.firstIndex { $0.id == "satisfaction_pct" }) + 2
        let letci = try #require(doc.metrics[sat - 2].letci)
        #expect(Double(sheet.cells["G\(sat)"]?.text ?? "") == ReportNumber.rounded(letci.trend[0].value))
        #expect(sheet.cells["J\(sat)"]?.text == "แนวโน้มดีขึ้น")
        #expect(sheet.cells["K\(sat)"]?.text == "80")
        #expect(Double(sheet.cells["L\(sat)"]?.text ?? "") == ReportNumber.rounded(letci.betterThanTargetPct))
        #expect(sheet.cells["M\(sat)"]?.text == ReportVocabulary.band(letci.band!).th)
    }

    @Test func breakdownsParetosAndMonthsLandOnTheirOwnSheets() throws {
        let doc = F.fiscalYearReport()
        let parts = try Self.parts(try ReportXLSX.render(doc, labels: F.labels, language: .th))
        let breakdowns = try Self.read(parts["xl/worksheets/sheet2.xml"]!)
        let rowCount = doc.metrics.reduce(0) { $0 + $1.breakdowns.values.reduce(0) { $0 + $1.count } }
        #expect(breakdowns.cells["A\(rowCount + 1)"] != nil && breakdowns.cells["A\(rowCount + 2)"] == nil)
        #expect(breakdowns.cells["C2"]?.text == "ช่องทาง")
        let monthly = try Self.read(parts["xl/worksheets/sheet3.xml"]!)
        #expect(monthly.cells["C1"]?.text == "ตุลาคม 2568" && monthly.cells["N1"]?.text == "กันยายน 2569")
        let reasons = try Self.read(parts["xl/worksheets/sheet5.xml"]!)
        for (i, r) in doc.reasons.enumerated() {
            #expect(reasons.cells["B\(i + 2)"]?.text == r.code)
            #expect(reasons.cells["D\(i + 2)"] == ReadCell(type: nil, style: nil, text: String(r.count)))
            #expect(Double(reasons.cells["F\(i + 2)"]?.text ?? "") == ReportNumber.rounded(r.cumulativeShare))
        }
        let complaints = try Self.read(parts["xl/worksheets/sheet6.xml"]!)
        #expect(complaints.cells["C2"]?.text == "ถนน ทางเท้า สะพาน")
        #expect(complaints.cells["G2"]?.text == "290")
    }

    @Test func aMissingFigureIsAnEmptyCellAndEmptyPartsAreLeftOut() throws {
        let doc = F.emptyReport()
        let parts = try Self.parts(try ReportXLSX.render(doc, labels: F.labels, language: .en))
        let names = try Self.read(parts["xl/workbook.xml"]!).sheetNames
        #expect(names == ["7.2 summary", "Breakdowns", "Dissatisfaction reasons", "Frequent complaints"])
        let sheet = try Self.read(parts["xl/worksheets/sheet1.xml"]!)
        let sat = try #require(doc.metrics.firstIndex { $0.id == "satisfaction_pct" }) + 2
        #expect(sheet.cells["D\(sat)"] == nil)
        #expect(sheet.cells["F\(sat)"]?.text == "0")
        #expect(sheet.cells["A1"]?.text == "Metric id")
    }

    @Test func hostileTextIsEscapedAndTheWorkbookStaysWellFormed() throws {
        var doc = F.fiscalYearReport()
        doc.metrics[8].letci?.comparison[0].name = "กรม <ทดสอบ> & \"ลูก\" 'ก'\u{01}\u{0B}"
        doc.metrics[8].nameTh = "]]></t><script>x</script>"
        let parts = try Self.parts(try ReportXLSX.render(doc, labels: F.labels, language: .th))
        for (_, xml) in parts { _ = try Self.read(xml) }
        let comparators = try Self.read(parts["xl/worksheets/sheet4.xml"]!)
        #expect(comparators.cells["D2"]?.text == "กรม <ทดสอบ> & \"ลูก\" 'ก'")
        let summary = try Self.read(parts["xl/worksheets/sheet1.xml"]!)
        #expect(summary.cells["B10"]?.text == "]]></t><script>x</script>")
    }

    @Test func sheetNamesAreMadeSafeForExcel() {
        #expect(XLSXSheet.safeName("a[b]:c*d?e/f\\g", taken: []) == "abcdefg")
        #expect(XLSXSheet.safeName("'quoted'", taken: []) == "quoted")
        #expect(XLSXSheet.safeName("", taken: []) == "Sheet")
        let long = XLSXSheet.safeName("ร้อยละความพึงพอใจของผู้รับบริการจำแนกตามช่องทาง", taken: [])
        #expect(long.utf16.count <= 31 && !long.isEmpty)
        let twice = XLSXSheet.safeName("สรุป", taken: ["สรุป"])
        #expect(twice == "สรุป (2)")
        #expect(XLSXPackage.columnName(0) == "A" && XLSXPackage.columnName(25) == "Z" && XLSXPackage.columnName(26) == "AA")
    }

    @Test func theSameDocumentGivesTheSameBytes() throws {
        let doc = F.fiscalYearReport()
        #expect(try ReportXLSX.render(doc, labels: F.labels, language: .th) == ReportXLSX.render(doc, labels: F.labels, language: .th))
    }
}
