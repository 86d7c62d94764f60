import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The one entry point the CLI and the staff pages call, the labels it names codes with, and the promise
/// that a report carries no personal data whatever the format.
@Suite struct ReportRenderingTests {
    typealias F = ReportRenderingFixtures

    @Test func eachFormatIsTheRenderersOutput() throws {
        let doc = F.fiscalYearReport()
        #expect(try ReportRendering.render(doc, as: .csv, labels: F.labels) == ReportCSV.render(doc, labels: F.labels))
        #expect(try ReportRendering.render(doc, as: .xlsx, labels: F.labels) == ReportXLSX.render(doc, labels: F.labels, language: .th))
        #expect(try ReportRendering.render(doc, as: .html, labels: F.labels, language: .en)
            == Data(ReportHTML.render(doc, labels: F.labels, language: .en).utf8))
        #expect(ReportFormat(rawValue: "xlsx")?.mediaType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(ReportFormat(rawValue: "pdf") == nil)
    }

    @Test func jsonIsTheEnginesDocumentByteForByte() throws {
        let doc = F.fiscalYearReport()
        let json = try ReportRendering.render(doc, as: .json, labels: F.labels)
        #expect(json == Data(ReportJSON.encode(doc).utf8))
        #expect(String(decoding: json, as: UTF8.self).hasPrefix("{"))
    }

    @Test func labelsComeFromTheConfigurationAndFallBackToTheCode() throws {
        let labels = ReportLabels(configuration: try SiangConfiguration.defaults())
        #expect(labels.name("category", "staff_conduct", .th) == "พฤติกรรมการให้บริการของเจ้าหน้าที่")
        #expect(labels.name("queue", "engineering", .en) == "Engineering division")
        #expect(labels.name("reason", "delay", .th) == "ล่าช้า")
        #expect(labels.name("channel", "walk_in", .th) == "ติดต่อด้วยตนเอง")
        #expect(labels.name("segment", "vulnerable", .en) == "Elderly, disabled and vulnerable people")
        #expect(labels.name("kind", "inquiry", .th) == "สอบถาม/ขอข้อมูล")
        #expect(labels.name("source", "service_point", .th) == "แบบสำรวจ ณ จุดให้บริการ")
        #expect(labels.name("category", "retired_code", .th) == "retired_code")
        #expect(labels.name("nonsense", "x", .en) == "x")
        #expect(labels.dimension("segment", .th) == "กลุ่มผู้รับบริการ")
        // An agency that renames a category is shown its own name.
        var config = try SiangConfiguration.defaults()
        config.taxonomy.categories[0].th = "ถนนและสะพาน"
        #expect(ReportLabels(configuration: config).name("category", config.taxonomy.categories[0].code, .th) == "ถนนและสะพาน")
    }

    /// Names, phones, emails, LINE user IDs and tracking IDs must never reach a report.
    @Test func noFormatCarriesPersonalData() throws {
        // The document model itself has no field that could hold them.
        var labelsSeen = Set<String>()
        func walk(_ value: Any) {
            for child in Mirror(reflecting: value).children {
                if let l = child.label { labelsSeen.insert(l.lowercased()) }
                walk(child.value)
            }
        }
        walk(F.fiscalYearReport())
        walk(F.monthlyReport())
        for pii in ["contact", "phone", "email", "lineuserid", "userid", "trackingid", "comment", "text", "address", "caller"] {
            #expect(!labelsSeen.contains(pii), "the document has a field \(pii)")
        }
        let patterns = [#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, #"\b0[689]\d{8}\b"#, #"\b0\d-?\d{3}-?\d{4}\b"#,
                        #"\bU[0-9a-f]{32}\b"#, #"\b[A-Z]{2,5}-[0-9A-HJKMNP-TV-Z]{11}\b"#]
        for doc in [F.fiscalYearReport(), F.monthlyReport(), F.emptyReport()] {
            for format in [ReportFormat.csv, .html] {
                let text = String(decoding: try ReportRendering.render(doc, as: format, labels: F.labels), as: UTF8.self)
                for p in patterns { #expect(text.range(of: p, options: .regularExpression) == nil, "\(format) matches \(p)") }
            }
            for (_, xml) in try ReportXLSXTests.parts(try ReportRendering.render(doc, as: .xlsx, labels: F.labels)) {
                let text = String(decoding: xml, as: UTF8.self)
                for p in patterns { #expect(text.range(of: p, options: .regularExpression) == nil, "xlsx matches \(p)") }
            }
        }
    }

    @Test func numbersAreWrittenRoundedWithoutTrailingZeros() {
        #expect(ReportNumber.plain(85.0) == "85")
        #expect(ReportNumber.plain(85.5) == "85.5")
        #expect(ReportNumber.plain(2.675) == "2.68")
        #expect(ReportNumber.plain(-0.001) == "0")
        #expect(ReportNumber.plain(nil) == "")
        #expect(ReportNumber.plain(.nan) == "")
        #expect(ReportNumber.display(1234567.125) == "1,234,567.13")
        #expect(ReportNumber.display(-1234.5) == "-1,234.5")
        #expect(ReportNumber.display(nil) == "–")
    }
}
