import Foundation
import SiangCore
import Testing
@testable import SiangReports

/// DESIGN 5.7: "CSV is one row per metric × breakdown", UTF-8 for Excel, RFC 4180, nulls never written as 0.
@Suite struct ReportCSVTests {
    typealias F = ReportRenderingFixtures

    /// The rows of an RFC 4180 document (BOM already removed), read strictly: a stray quote is an error.
    static func parse(_ text: String) throws -> [[String]] {
        struct Malformed: Error {}
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, afterQuote = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.unicodeScalars.append(c); chars.removeFirst() } else { quoted = false; afterQuote = true }
                } else { field.unicodeScalars.append(c) }
                continue
            }
            switch c {
            case "\"": guard field.isEmpty, !afterQuote else { throw Malformed() }; quoted = true
            case ",": row.append(field); field = ""; afterQuote = false
            case "\r": guard chars.popFirst() == "\n" else { throw Malformed() }
                row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
            case "\n": throw Malformed()  // records end with CRLF
            default: guard !afterQuote else { throw Malformed() }; field.unicodeScalars.append(c)
            }
        }
        guard !quoted, field.isEmpty, row.isEmpty else { throw Malformed() }
        return rows
    }

    static func table(_ doc: ReportDocument) throws -> (header: [String], rows: [[String: String]], raw: String) {
        let data = ReportCSV.render(doc, labels: F.labels)
        let raw = String(decoding: data.dropFirst(3), as: UTF8.self)
        let rows = try parse(raw)
        let header = rows[0]
        return (header, rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }, raw)
    }

    @Test func startsWithAByteOrderMarkSoExcelReadsThaiAndEndsEveryRecordWithCRLF() throws {
        let data = ReportCSV.render(F.fiscalYearReport(), labels: F.labels)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("part,metric_id,metric_th,"))
        #expect(text.hasSuffix("\r\n"))
        #expect(text.contains("ร้อยละความพึงพอใจของผู้รับบริการ"))
    }

    @Test func everyRowHasTheHeadersColumnCount() throws {
        let rows = try Self.parse(String(decoding: ReportCSV.render(F.fiscalYearReport(), labels: F.labels).dropFirst(3), as: UTF8.self))
        #expect(rows[0] == ReportCSV.columns)
        #expect(rows.allSatisfy { $0.count == ReportCSV.columns.count })
    }

    @Test func oneRowPerMetricAndBreakdownWithTheOverallRowFirst() throws {
        let doc = F.fiscalYearReport()
        let t = try Self.table(doc)
        let metricRows = t.rows.filter { $0["part"] == "metric" }
        #expect(metricRows.count == doc.metrics.reduce(0) { $0 + 1 + $1.breakdowns.values.reduce(0) { $0 + $1.count } })
        for m in doc.metrics {
            let mine = metricRows.filter { $0["metric_id"] == m.id }
            #expect(mine.first?["dimension"] == "overall")
            #expect(mine.first?["value"] == ReportNumber.plain(m.value))
            #expect(mine.dropFirst().allSatisfy { $0["dimension"] != "overall" })
        }
        let sla = metricRows.first { $0["metric_id"] == "resolved_within_sla_pct" && $0["dimension"] == "queue" && $0["key"] == "engineering" }
        #expect(sla?["key_th"] == "กองช่าง")
        #expect(sla?["key_en"] == "Engineering division")
        let source = metricRows.first { $0["metric_id"] == "satisfaction_pct" && $0["key"] == "import:kobo" }
        #expect(source?["key_th"] == "นำเข้าจาก kobo")
    }

    @Test func letciParetosAndSeriesFollowInTheirOwnParts() throws {
        let doc = F.fiscalYearReport()
        let t = try Self.table(doc)
        let overall = try #require(t.rows.first { $0["part"] == "metric" && $0["metric_id"] == "satisfaction_pct" })
        let letci = try #require(doc.metric("satisfaction_pct")?.letci)
        #expect(overall["target"] == "80")
        #expect(overall["better_than_target_pct"] == ReportNumber.plain(letci.betterThanTargetPct))
        #expect(overall["band"] == letci.band?.rawValue)
        #expect(overall["trend_direction"] == "improving")
        let trend = t.rows.filter { $0["part"] == "trend" && $0["metric_id"] == "satisfaction_pct" }
        #expect(trend.map { $0["key"] } == ["2567", "2568", "2569"])
        #expect(trend.first?["source"] == "manual")
        let monthly = t.rows.filter { $0["part"] == "monthly" && $0["metric_id"] == "satisfaction_pct" }
        #expect(monthly.count == 12)
        #expect(monthly.first?["key_th"] == "ตุลาคม 2568")
        #expect(monthly[4]["value"] == "")  // February has no figure
        let comparators = t.rows.filter { $0["part"] == "comparator" }
        #expect(comparators.map { $0["key"] } == ["กรมสรรพากร", "เทศบาลนครข้างเคียง"])
        #expect(comparators.first?["outcome"] == "worse")
        let reasons = t.rows.filter { $0["part"] == "reason" }
        #expect(reasons.map { $0["key"] } == doc.reasons.map(\.code))
        #expect(reasons.first?["key_th"] == "ล่าช้า")
        #expect(reasons.first?["count"] == "42")
        #expect(reasons.last?["cumulative_share"] == "100")
        let complaints = t.rows.filter { $0["part"] == "frequent_complaint" }
        #expect(complaints.map { $0["previous_count"] } == ["290", "260", "140", "75", "12"])
        #expect(complaints.first?["share"] == "42.11")  // 320 of 760 = 42.105…
        // The Paretos come last, after every metric.
        let parts = t.rows.map { $0["part"] ?? "" }
        #expect(parts.lastIndex(of: "comparator")! < parts.firstIndex(of: "reason")!)
    }

    @Test func figuresAreRoundedHalfAwayFromZeroToTwoDecimals() throws {
        var doc = F.emptyReport()
        doc.metrics = [MetricResult(id: "x_pct", nameTh: "ทดสอบ", nameEn: "Test", unit: "percent", better: .higher, source: "case",
                                    pmqaItems: [], definitionVersion: 1, value: 12.345, numerator: 2, denominator: 3,
                                    breakdowns: ["channel": [BreakdownRow(key: "web", value: 100.0 * 2 / 3, numerator: 2, denominator: 3),
                                                             BreakdownRow(key: "line", value: -0.001, numerator: 0, denominator: 1)]])]
        let rows = try Self.table(doc).rows
        #expect(rows.map { $0["value"] } == ["12.35", "66.67", "0"])
    }

    @Test func anEmptyDenominatorIsAnEmptyCellNeverZero() throws {
        let rows = try Self.table(F.emptyReport()).rows
        let share = try #require(rows.first { $0["metric_id"] == "satisfaction_pct" && $0["dimension"] == "overall" })
        #expect(share["value"] == "")
        #expect(share["denominator"] == "0")
        #expect(rows.filter { $0["metric_id"] == "satisfaction_pct" && $0["dimension"] == "channel" }.allSatisfy { $0["value"] == "" })
        let count = try #require(rows.first { $0["metric_id"] == "complaints_received" && $0["dimension"] == "overall" })
        #expect(count["value"] == "0")
        #expect(!rows.contains { $0["part"] == "reason" || $0["part"] == "frequent_complaint" })
    }

    @Test func commasQuotesAndLineBreaksAreQuotedAndThaiIsNot() throws {
        var doc = F.fiscalYearReport()
        doc.metrics[8].nameTh = "ความพึงพอใจ, \"ภาพรวม\"\nทุกช่องทาง"
        doc.metrics[8].letci?.comparison[0].name = "กรม \"ก\", ข"
        let t = try Self.table(doc)
        #expect(t.raw.contains(",\"ความพึงพอใจ, \"\"ภาพรวม\"\"\nทุกช่องทาง\","))
        #expect(t.raw.contains(",ร้อยละความเชื่อมั่นต่อหน่วยงาน,"))  // plain Thai needs no quotes
        #expect(t.rows.first { $0["metric_id"] == "satisfaction_pct" }?["metric_th"] == "ความพึงพอใจ, \"ภาพรวม\"\nทุกช่องทาง")
        #expect(t.rows.contains { $0["part"] == "comparator" && $0["key"] == "กรม \"ก\", ข" })
    }

    @Test func textThatExcelWouldRunAsAFormulaIsDefused() throws {
        var doc = F.fiscalYearReport()
        doc.metrics[8].letci?.comparison[0].name = "=HYPERLINK(\"http://x\",\"y\")"
        doc.metrics[8].nameTh = "@SUM(A1)"
        let t = try Self.table(doc)
        #expect(t.rows.contains { $0["key"] == "'=HYPERLINK(\"http://x\",\"y\")" })
        #expect(t.rows.contains { $0["metric_th"] == "'@SUM(A1)" })
        // A negative figure stays a number.
        #expect(CSVField.number(-3.5) == "-3.5")
    }
}
