import Foundation
import SiangCore

/// The targets book as JSON for `GET`/`PUT /api/v1/reports/targets`: the structure of the YAML that
/// `siang targets import` reads, `{"targets":{metric:{"2569":{"target","baseline","comparators":[{"name","value","why"}]}}}}`,
/// read with a field error naming the exact place of every mistake.
enum TargetsJSON {
    static func object(_ targets: ReportService.Targets) -> [String: Any] {
        var metrics: [String: Any] = [:]
        for (metric, years) in targets {
            var byYear: [String: Any] = [:]
            for (year, e) in years {
                var entry: [String: Any] = ["comparators": e.comparators.map { ["name": $0.name, "value": $0.value, "why": $0.why] }]
                if let t = e.target { entry["target"] = t }
                if let b = e.baseline { entry["baseline"] = b }
                byYear[String(year)] = entry
            }
            metrics[metric] = byYear
        }
        return ["targets": metrics]
    }

    static func data(_ targets: ReportService.Targets) -> Data {
        (try? JSONSerialization.data(withJSONObject: object(targets), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// Reads a book; `metrics` are the catalog's ids.
    static func read(_ data: Data, metrics: Set<String>) throws(ReportFailure) -> ReportService.Targets {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ReportFailure(status: .badRequest, code: "bad_request", th: "ข้อมูลที่ส่งต้องเป็นออบเจ็กต์ JSON", en: "The body must be a JSON object.")
        }
        var problems: [FieldError] = []
        func problem(_ path: String, _ code: FieldError.Code, _ th: String, _ en: String) { problems.append(FieldError(path, code, th: th, en: en)) }
        func number(_ any: Any?) -> Double? {
            // A JSON true/false arrives as an NSNumber too; its type code ("c"/"B") tells it from a number.
            guard !(any is Bool && !(any is Int)), let n = any as? NSNumber, !["c", "B"].contains(String(cString: n.objCType)),
                  n.doubleValue.isFinite else { return nil }
            return n.doubleValue
        }
        guard let metricsObject = root["targets"] as? [String: Any] else {
            throw ReportFailure.invalid([FieldError("targets", .required, th: "ต้องมี targets เป็นออบเจ็กต์", en: "targets must be an object.")])
        }
        var book: ReportService.Targets = [:]
        for (metric, yearsAny) in metricsObject {
            guard metrics.contains(metric) else { problem("targets.\(metric)", .unknown, "ไม่มีตัวชี้วัดนี้", "No such metric."); continue }
            guard let years = yearsAny as? [String: Any] else { problem("targets.\(metric)", .invalid, "ต้องเป็นออบเจ็กต์ของปีงบประมาณ", "Must be an object of fiscal years."); continue }
            for (yearText, entryAny) in years {
                let path = "targets.\(metric).\(yearText)"
                guard yearText.count == 4, let year = Int(yearText), (2443...2743).contains(year) else {
                    problem(path, .invalid, "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก", "A fiscal year is a 4-digit BE year."); continue
                }
                guard let e = entryAny as? [String: Any] else { problem(path, .invalid, "ต้องเป็นออบเจ็กต์", "Must be an object."); continue }
                for key in e.keys where !["target", "baseline", "comparators"].contains(key) {
                    problem("\(path).\(key)", .unknown, "ไม่รู้จักช่องนี้", "Unknown field (target, baseline, comparators).")
                }
                var entry = ReportService.TargetEntry(target: nil, baseline: nil, comparators: [])
                for key in ["target", "baseline"] where e[key] != nil && !(e[key] is NSNull) {
                    guard let v = number(e[key]) else { problem("\(path).\(key)", .invalid, "ต้องเป็นตัวเลข", "Must be a number."); continue }
                    if key == "target" { entry.target = v } else { entry.baseline = v }
                }
                if let list = e["comparators"], !(list is NSNull) {
                    guard let items = list as? [Any] else { problem("\(path).comparators", .invalid, "ต้องเป็นรายการ", "Must be a list."); continue }
                    for (i, itemAny) in items.enumerated() {
                        let cp = "\(path).comparators[\(i)]"
                        guard let item = itemAny as? [String: Any], let name = (item["name"] as? String)?.trimmingCharacters(in: .whitespaces),
                              !name.isEmpty, name.count <= 200 else { problem("\(cp).name", .required, "ต้องมีชื่อหน่วยงาน", "name is required (at most 200 characters)."); continue }
                        guard let value = number(item["value"]) else { problem("\(cp).value", .invalid, "ต้องเป็นตัวเลข", "value must be a number."); continue }
                        let why = item["why"] as? String ?? ""
                        guard why.count <= 500 else { problem("\(cp).why", .tooLong, "ยาวเกิน 500 ตัวอักษร", "why is longer than 500 characters."); continue }
                        entry.comparators.append(.init(name: name, value: value, why: why))
                    }
                }
                book[metric, default: [:]][year] = entry
            }
        }
        guard problems.isEmpty else { throw .invalid(problems.sorted { $0.field < $1.field }) }
        return book
    }
}
