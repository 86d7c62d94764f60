import Foundation
import SiangCore

/// The report as an XLSX workbook, one sheet per part (DESIGN 5.7): the 7.2 summary with LeTCI, the
/// breakdowns, the month-by-month series, comparators, and the two Paretos. Headers are in the reader's
/// language (Thai first); codes stay in their own column next to their names so a pivot table can key on them.
/// A sheet with nothing to show (no monthly series in a monthly report, no comparators) is left out.
public enum ReportXLSX {
    public static func render(_ doc: ReportDocument, labels: ReportLabels, language: Language) throws(ReportRenderingError) -> Data {
        try XLSXPackage.write(sheets(doc, labels: labels, language: language), modified: doc.generatedAt)
    }

    public static func sheets(_ doc: ReportDocument, labels: ReportLabels, language: Language) -> [XLSXSheet] {
        let t = ReportWording(language: language)
        var sheets = [summary(doc, t: t)]
        sheets.append(breakdowns(doc, labels: labels, t: t))
        if doc.metrics.contains(where: { !$0.monthly.isEmpty }) { sheets.append(monthly(doc, t: t)) }
        if doc.metrics.contains(where: { !($0.letci?.comparison.isEmpty ?? true) }) { sheets.append(comparators(doc, t: t)) }
        sheets.append(XLSXSheet(name: t.pick("เหตุผลความไม่พึงพอใจ", "Dissatisfaction reasons"),
                                columns: [.init(t.pick("ลำดับ", "Rank"), width: 7), .init(t.pick("รหัส", "Code"), width: 16),
                                          .init(t.pick("เหตุผล", "Reason"), width: 34), .init(t.pick("จำนวน", "Count"), width: 10),
                                          .init(t.pick("ร้อยละ", "Share %"), width: 10), .init(t.pick("ร้อยละสะสม", "Cumulative %"), width: 12)],
                                rows: doc.reasons.enumerated().map { i, r in
                                    [.count(i + 1), .text(r.code), .text(labels.name("reason", r.code, language)), .count(r.count),
                                     .number(r.share), .number(r.cumulativeShare)]
                                }))
        sheets.append(XLSXSheet(name: t.pick("เรื่องร้องเรียนบ่อย", "Frequent complaints"),
                                columns: [.init(t.pick("ลำดับ", "Rank"), width: 7), .init(t.pick("รหัส", "Code"), width: 16),
                                          .init(t.pick("หมวดเรื่อง", "Category"), width: 40), .init(t.pick("จำนวน", "Count"), width: 10),
                                          .init(t.pick("ร้อยละ", "Share %"), width: 10), .init(t.pick("ร้อยละสะสม", "Cumulative %"), width: 12),
                                          .init(t.pick("งวดก่อนหน้า", "Previous period"), width: 14)],
                                rows: doc.frequentComplaints.enumerated().map { i, c in
                                    [.count(i + 1), .text(c.category), .text(labels.name("category", c.category, language)), .count(c.count),
                                     .number(c.share), .number(c.cumulativeShare), .count(c.previousCount)]
                                }))
        return sheets
    }

    /// One row per metric: the level with its numerator and denominator, the comparison periods, and for a
    /// fiscal-year report the three fiscal years of the trend, its direction, the target and the band.
    static func summary(_ doc: ReportDocument, t: ReportWording) -> XLSXSheet {
        let relations = orderedUnique(doc.metrics.flatMap { $0.comparisons.map(\.relation) })
        let hasLeTCI = doc.metrics.contains { $0.letci != nil }
        let years = hasLeTCI ? [doc.period.fiscalYear - 2, doc.period.fiscalYear - 1, doc.period.fiscalYear] : []
        var columns: [XLSXSheet.Column] = [
            .init(t.pick("รหัสตัวชี้วัด", "Metric id"), width: 30), .init(t.pick("ตัวชี้วัด", "Metric"), width: 46),
            .init(t.pick("หน่วย", "Unit"), width: 12), .init(t.pick("ผลลัพธ์", "Value"), width: 11),
            .init(t.pick("ตัวตั้ง", "Numerator"), width: 11), .init(t.pick("ตัวหาร", "Denominator"), width: 11),
        ]
        columns += relations.map { .init(ReportVocabulary.relation($0).text(t.language), width: 18) }
        columns += years.map { .init(ReportVocabulary.fiscalYear($0, t.language), width: 16) }
        if hasLeTCI {
            columns += [.init(t.pick("แนวโน้ม", "Trend"), width: 18), .init(t.pick("เป้าหมาย", "Target"), width: 10),
                        .init(t.pick("ดีกว่าเป้าหมาย (ร้อยละ)", "Better than target %"), width: 20),
                        .init(t.pick("ระดับผลลัพธ์", "Band"), width: 26)]
        }
        let rows: [[XLSXSheet.Cell]] = doc.metrics.map { m in
            var row: [XLSXSheet.Cell] = [.text(m.id), .text(t.language == .th ? m.nameTh : m.nameEn),
                                         .text(ReportVocabulary.unit(m.unit).text(t.language)),
                                         .figure(m.value), .figure(m.numerator), .figure(m.denominator)]
            row += relations.map { r in .figure(m.comparisons.first { $0.relation == r }?.value) }
            guard hasLeTCI else { return row }
            let l = m.letci
            row += years.map { y in .figure(l?.trend.first { $0.fiscalYear == y }?.value) }
            row += [l.map { .text(ReportVocabulary.direction($0.direction).text(t.language)) } ?? .empty,
                    .figure(l?.target), .figure(l?.betterThanTargetPct),
                    l?.band.map { .text(ReportVocabulary.band($0).text(t.language)) } ?? .empty]
            return row
        }
        return XLSXSheet(name: t.pick("สรุปตัวชี้วัด 7.2", "7.2 summary"), columns: columns, rows: rows)
    }

    static func breakdowns(_ doc: ReportDocument, labels: ReportLabels, t: ReportWording) -> XLSXSheet {
        var rows: [[XLSXSheet.Cell]] = []
        for m in doc.metrics {
            for dimension in ReportDimensions.ordered(m.breakdowns.keys) {
                for b in m.breakdowns[dimension] ?? [] {
                    rows.append([.text(m.id), .text(t.language == .th ? m.nameTh : m.nameEn), .text(labels.dimension(dimension, t.language)),
                                 .text(b.key), .text(labels.name(dimension, b.key, t.language)),
                                 .figure(b.value), .figure(b.numerator), .figure(b.denominator)])
                }
            }
        }
        return XLSXSheet(name: t.pick("แยกตามมิติ", "Breakdowns"),
                         columns: [.init(t.pick("รหัสตัวชี้วัด", "Metric id"), width: 30), .init(t.pick("ตัวชี้วัด", "Metric"), width: 46),
                                   .init(t.pick("มิติ", "Dimension"), width: 22), .init(t.pick("รหัส", "Key"), width: 16),
                                   .init(t.pick("ชื่อ", "Name"), width: 36), .init(t.pick("ผลลัพธ์", "Value"), width: 11),
                                   .init(t.pick("ตัวตั้ง", "Numerator"), width: 11), .init(t.pick("ตัวหาร", "Denominator"), width: 11)],
                         rows: rows)
    }

    /// Metrics down, months across (October first), as a reader lays out a fiscal year.
    static func monthly(_ doc: ReportDocument, t: ReportWording) -> XLSXSheet {
        let months = Set(doc.metrics.flatMap { $0.monthly.map(\.periodID) }).sorted()  // yyyy-MM sorts in time order
        let columns: [XLSXSheet.Column] = [.init(t.pick("รหัสตัวชี้วัด", "Metric id"), width: 30), .init(t.pick("ตัวชี้วัด", "Metric"), width: 46)]
            + months.map { .init(ReportPeriodNames.long($0, t.language), width: 15) }
        let rows: [[XLSXSheet.Cell]] = doc.metrics.filter { !$0.monthly.isEmpty }.map { m in
            [.text(m.id), .text(t.language == .th ? m.nameTh : m.nameEn)] + months.map { p in .figure(m.monthly.first { $0.periodID == p }?.value) }
        }
        return XLSXSheet(name: t.pick("แนวโน้มรายเดือน", "Monthly trend"), columns: columns, rows: rows)
    }

    static func comparators(_ doc: ReportDocument, t: ReportWording) -> XLSXSheet {
        var rows: [[XLSXSheet.Cell]] = []
        for m in doc.metrics {
            for c in m.letci?.comparison ?? [] {
                rows.append([.text(m.id), .text(t.language == .th ? m.nameTh : m.nameEn), .figure(m.value), .text(c.name), .number(c.value),
                             c.outcome.map { .text(ReportVocabulary.outcome($0).text(t.language)) } ?? .empty, .text(c.why)])
            }
        }
        return XLSXSheet(name: t.pick("เทียบหน่วยงานอื่น", "Comparators"),
                         columns: [.init(t.pick("รหัสตัวชี้วัด", "Metric id"), width: 30), .init(t.pick("ตัวชี้วัด", "Metric"), width: 46),
                                   .init(t.pick("ผลลัพธ์ของเรา", "Our value"), width: 13), .init(t.pick("หน่วยงานเปรียบเทียบ", "Comparator"), width: 30),
                                   .init(t.pick("ผลลัพธ์", "Value"), width: 11), .init(t.pick("ผลเทียบ", "Outcome"), width: 11),
                                   .init(t.pick("เหตุผลที่เทียบได้", "Why comparable"), width: 44)],
                         rows: rows)
    }

    static func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
