import Foundation
import SiangCore
import SiangReports

/// The targets form of the reports page read into one metric's entry for one fiscal year, with a
/// field error for each thing a person can get wrong: an unknown metric, a year that is not a BE
/// fiscal year, a number that is not a number, a comparator without a name or a value. The book it
/// lands in is then checked as a whole by the same rules as `siang targets import` (``TargetBook``),
/// which also refuses what only the catalog knows (a zero target, a value for a computed metric).
struct TargetForm {
    var metric: String
    var fiscalYear: Int
    var entry: TargetBook.Entry

    static let comparatorRows = 3

    static func read(_ fields: [String: String], metrics: Set<String>) -> Result<TargetForm, ReportFailure> {
        var problems: [FieldError] = []
        func text(_ key: String) -> String { (fields[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func number(_ key: String, th: String, en: String) -> Double? {
            let raw = text(key).replacingOccurrences(of: ",", with: "")
            guard !raw.isEmpty else { return nil }
            guard raw.count <= 20, let value = Double(raw), value.isFinite else {
                problems.append(FieldError(key, .invalid, th: "\(th)ต้องเป็นตัวเลข", en: "\(en) must be a number."))
                return nil
            }
            return value
        }
        let metric = text("metric")
        if !metrics.contains(metric) {
            problems.append(FieldError("metric", metric.isEmpty ? .required : .unknown, th: "กรุณาเลือกตัวชี้วัด", en: "Choose a metric."))
        }
        let yearText = text("fiscalYear")
        let year = Int(yearText).flatMap { (2443...2743).contains($0) ? $0 : nil }
        if year == nil {
            problems.append(FieldError("fiscalYear", yearText.isEmpty ? .required : .invalid,
                                       th: "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2569", en: "The fiscal year is a 4-digit BE year such as 2569."))
        }
        let target = number("target", th: "ค่าเป้าหมาย", en: "The target")
        let baseline = number("baseline", th: "ข้อมูลฐาน", en: "The baseline")
        var comparators: [TargetBook.Comparator] = []
        for i in 1...comparatorRows {
            let name = text("c\(i)_name"), why = text("c\(i)_why"), valueText = text("c\(i)_value")
            guard !(name.isEmpty && valueText.isEmpty && why.isEmpty) else { continue }
            let value = number("c\(i)_value", th: "ค่าของหน่วยงานเปรียบเทียบ", en: "The comparator's value")
            if name.isEmpty || name.count > 200 {
                problems.append(FieldError("c\(i)_name", name.isEmpty ? .required : .tooLong,
                                           th: "กรุณาระบุชื่อหน่วยงานเปรียบเทียบ (ไม่เกิน 200 ตัวอักษร)", en: "Name the comparator (at most 200 characters)."))
            }
            if valueText.isEmpty {
                problems.append(FieldError("c\(i)_value", .required, th: "กรุณาระบุค่าของหน่วยงานเปรียบเทียบ", en: "Give the comparator's value."))
            }
            if why.count > 500 {
                problems.append(FieldError("c\(i)_why", .tooLong, th: "เหตุผลยาวเกิน 500 ตัวอักษร", en: "The reason is longer than 500 characters."))
            }
            if let value, !name.isEmpty { comparators.append(.init(name: name, value: value, why: why)) }
        }
        if problems.isEmpty, target == nil, baseline == nil, comparators.isEmpty {
            problems.append(FieldError("target", .required, th: "กรุณาระบุค่าเป้าหมาย ข้อมูลฐาน หรือหน่วยงานเปรียบเทียบอย่างน้อยหนึ่งอย่าง",
                                       en: "Give a target, a baseline or a comparator."))
        }
        guard problems.isEmpty, let year else { return .failure(.invalid(problems)) }
        return .success(TargetForm(metric: metric, fiscalYear: year,
                                   entry: TargetBook.Entry(target: target, baseline: baseline, comparators: comparators)))
    }
}
