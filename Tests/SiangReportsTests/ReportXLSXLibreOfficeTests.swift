import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// The workbook opened by a real spreadsheet: LibreOffice (Debian `libreoffice-calc`, installed by
/// `scripts/install-deps.sh test`) converts every sheet to CSV, and the figures it reads must be the
/// document's. A workbook LibreOffice cannot open gives no CSV and fails here.
@Suite(.serialized) struct ReportXLSXLibreOfficeTests {
    typealias F = ReportRenderingFixtures

    /// Converts `xlsx` with a throwaway profile; returns each sheet's rows in sheet order.
    static func convert(_ xlsx: Data) throws -> [[[String]]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("siang-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("report.xlsx")
        try xlsx.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["180", "libreoffice", "-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--norestore",
                             "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                             "--outdir", dir.path, input.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        struct ConversionFailed: Error { var status: Int32 }
        guard process.terminationStatus == 0 else { throw ConversionFailed(status: process.terminationStatus) }
        // One file per sheet, `report-<sheet name>.csv`, in no particular order: ordered by the workbook's sheet list.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }
        let names = ReportXLSX.sheets(F.fiscalYearReport(), labels: F.labels, language: .th).map(\.name)
        return try names.map { name in
            let file = try #require(files.first { $0 == "report-\(name).csv" }, "no CSV for sheet \(name) in \(files)")
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            return try ReportCSVTests.parse(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    @Test func libreOfficeOpensTheWorkbookAndReadsTheDocumentsFigures() throws {
        let doc = F.fiscalYearReport()
        let sheets = try Self.convert(try ReportXLSX.render(doc, labels: F.labels, language: .th))
        #expect(sheets.count == 6)
        let summary = sheets[0]
        #expect(summary[0].prefix(4) == ["รหัสตัวชี้วัด", "ตัวชี้วัด", "หน่วย", "ผลลัพธ์"])
        #expect(summary.count == doc.metrics.count + 1)
        for (i, m) in doc.metrics.enumerated() {
            let row = summary[i + 1]
            #expect(row[0] == m.id)
            #expect(row[1] == m.nameTh)
            #expect(Double(row[3]) == ReportNumber.rounded(m.value), "\(m.id): \(row[3])")
            #expect(row[4].isEmpty == (m.numerator == nil))
        }
        let breakdowns = sheets[1]
        #expect(breakdowns.count - 1 == doc.metrics.reduce(0) { $0 + $1.breakdowns.values.reduce(0) { $0 + $1.count } })
        let queue = try #require(breakdowns.first { $0[0] == "resolved_within_sla_pct" && $0[3] == "it" })
        let expected = try #require(doc.metric("resolved_within_sla_pct")?.breakdowns["queue"]?.first { $0.key == "it" })
        #expect(queue[4] == "งานเทคโนโลยีสารสนเทศ")
        #expect(Double(queue[5]) == ReportNumber.rounded(expected.value))
        let reasons = sheets[4]
        #expect(reasons.dropFirst().map { Int($0[3]) } == doc.reasons.map(\.count))
        #expect(reasons.dropFirst().map { Double($0[5]) } == doc.reasons.map { ReportNumber.rounded($0.cumulativeShare) })
        let complaints = sheets[5]
        #expect(complaints.dropFirst().map { $0[1] } == doc.frequentComplaints.map(\.category))
        #expect(complaints.dropFirst().map { Int($0[6]) } == doc.frequentComplaints.map(\.previousCount))
    }
}
