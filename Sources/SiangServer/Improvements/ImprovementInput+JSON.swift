import Foundation
import SiangCore
import SiangReports

/// Reads an improvement's fields from a request body (`POST` and `PATCH /api/v1/improvements`), in
/// the shape the API answers with, so a client may send back what it read. Only the fields present
/// change `input` (a PATCH); `servicePoint: null` clears the service point. The computed and
/// store-given keys (`id`, `effects`, `recordedAt`, `updatedAt`) are ignored. A value of the wrong
/// JSON type is a field problem, answered 422 with the others.
extension ImprovementInput {
    mutating func apply(json o: [String: Any]) -> [FieldError] {
        var problems: [FieldError] = []
        func string(_ value: Any?, _ field: String) -> String?? {
            switch value {
            case nil: return .none
            case is NSNull: return .some(nil)
            case let s as String: return .some(s)
            default:
                problems.append(FieldError(field, .invalid, th: "\(field) ต้องเป็นข้อความ", en: "\(field) must be a string."))
                return .none
            }
        }
        func list(_ value: Any?, _ field: String) -> [String]? {
            guard let value else { return nil }
            guard let items = value as? [Any], items.allSatisfy({ $0 is String }) else {
                problems.append(FieldError(field, .invalid, th: "\(field) ต้องเป็นรายการข้อความ", en: "\(field) must be an array of strings."))
                return nil
            }
            return items.compactMap { $0 as? String }
        }
        if case .some(let v) = string(o["date"], "date") { date = v }
        if case .some(let v) = string(o["title"], "title") { title = v }
        if case .some(let v) = string(o["action"], "action") { action = v }
        if case .some(let v) = string(o["owningUnit"], "owningUnit") { owningUnit = v }
        if case .some(let v) = string(o["learningLevel"], "learningLevel") { learningLevel = v }
        if let raw = o["triggers"] {
            guard let t = raw as? [String: Any] else {
                problems.append(FieldError("triggers", .invalid, th: "triggers ต้องเป็นออบเจ็กต์", en: "triggers must be an object."))
                return problems
            }
            if let v = list(t["categories"], "triggers.categories") { categories = v }
            if let v = list(t["reasonCodes"], "triggers.reasonCodes") { reasonCodes = v }
            if let v = list(t["metricIds"], "triggers.metricIds") { metricIds = v }
            if case .some(let v) = string(t["servicePoint"], "triggers.servicePoint") { servicePoint = v }
        }
        return problems
    }
}
