import Foundation
import ZIPFoundation

/// Writes worksheets as a minimal SpreadsheetML package (ECMA-376 part 1): `[Content_Types].xml`,
/// `_rels/.rels`, `xl/workbook.xml` with its relationships, `xl/styles.xml` (style 1 is the bold header)
/// and one `xl/worksheets/sheetN.xml` per sheet, text as inline strings. The smallest set of parts both
/// Excel and LibreOffice open without a repair prompt; the archive is built in memory with ZIPFoundation.
public enum XLSXPackage {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let prolog = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    /// The package's bytes. `modified` stamps the zip entries, so the same sheets at the same instant give
    /// the same bytes (the clock is the caller's).
    public static func write(_ sheets: [XLSXSheet], modified: Date) throws(ReportRenderingError) -> Data {
        var taken = Set<String>()
        let named = (sheets.isEmpty ? [XLSXSheet(name: "Sheet", columns: [], rows: [])] : sheets).map { sheet in
            var s = sheet
            s.name = XLSXSheet.safeName(sheet.name, taken: taken)
            taken.insert(s.name.lowercased())
            return s
        }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: named.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(named)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: named.count)),
            ("xl/styles.xml", styles),
        ]
        for (i, sheet) in named.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet))) }
        do {
            let archive = try Archive(accessMode: .create)
            for (path, xml) in parts {
                let bytes = Data(xml.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: modified,
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw ReportRenderingError.archive("the in-memory archive has no data") }
            return data
        } catch let error as ReportRenderingError {
            throw error
        } catch {
            throw .archive(String(describing: error))
        }
    }

    static func contentTypes(sheetCount: Int) -> String {
        let sheets = (1...sheetCount).map {
            #"<Override PartName="/xl/worksheets/sheet\#($0).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }.joined()
        return prolog + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + sheets + "</Types>"
    }

    static let rootRelationships = prolog
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbook(_ sheets: [XLSXSheet]) -> String {
        let list = sheets.enumerated().map { i, s in
            #"<sheet name="\#(MarkupText.escape(s.name))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
        }.joined()
        return prolog + #"<workbook xmlns="\#(mainNS)" xmlns:r="\#(relNS)"><bookViews><workbookView/></bookViews><sheets>"#
            + list + "</sheets></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        let sheets = (1...sheetCount).map {
            #"<Relationship Id="rId\#($0)" Type="\#(relNS)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
        }.joined()
        return prolog + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            + sheets + #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relNS)/styles" Target="styles.xml"/>"#
            + "</Relationships>"
    }

    /// Style 0 is the body, style 1 the bold header, style 2 wrapped body text.
    static let styles = prolog + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Tahoma"/></font><font><b/><sz val="11"/><name val="Tahoma"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    static func worksheet(_ sheet: XLSXSheet) -> String {
        var xml = prolog + #"<worksheet xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#
        xml += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            + #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        xml += #"<sheetFormatPr defaultRowHeight="15"/>"#
        if !sheet.columns.isEmpty {
            xml += "<cols>" + sheet.columns.enumerated().map { i, c in
                #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(ReportNumber.plain(c.width))" customWidth="1"/>"#
            }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        xml += row(1, sheet.columns.map { .text($0.header) }, style: 1)
        for (i, cells) in sheet.rows.enumerated() { xml += row(i + 2, cells, style: 0) }
        return xml + "</sheetData></worksheet>"
    }

    static func row(_ number: Int, _ cells: [XLSXSheet.Cell], style: Int) -> String {
        var xml = #"<row r="\#(number)">"#
        let s = style == 0 ? "" : #" s="\#(style)""#
        for (i, cell) in cells.enumerated() {
            let ref = columnName(i) + String(number)
            switch cell {
            case .text(let t):
                xml += #"<c r="\#(ref)"\#(s) t="inlineStr"><is><t xml:space="preserve">\#(MarkupText.escape(t))</t></is></c>"#
            case .number(let v):
                let text = ReportNumber.plain(v)
                xml += text.isEmpty ? "" : #"<c r="\#(ref)"\#(s)><v>\#(text)</v></c>"#
            case .empty:
                continue
            }
        }
        return xml + "</row>"
    }

    /// `A`, `B`, …, `Z`, `AA`, … for the zero-based column `index`.
    static func columnName(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
