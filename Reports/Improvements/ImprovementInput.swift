import Foundation
import SiangCore
import SiangStore

/// An improvement as staff typed it (the API's JSON, the command's options, the page's form), before
/// it is checked: every field is text, so each caller hands its input over the same way and gets the
/// same answers back. ``draft(_:)`` checks it whole and names every bad field, in Thai and English.
public struct ImprovementInput: Sendable, Equatable {
    public var date: String?
    public var title: String?
    public var action: String?
    public var owningUnit: String?
    public var learningLevel: String?
    public var categories: [String]
    public var reasonCodes: [String]
    public var metricIds: [String]
    public var servicePoint: String?

    public init(date: String? = nil, title: String? = nil, action: String? = nil, owningUnit: String? = nil,
                learningLevel: String? = nil, categories: [String] = [], reasonCodes: [String] = [], metricIds: [String] = [],
                servicePoint: String? = nil) {
        self.date = date
        self.title = title
        self.action = action
        self.owningUnit = owningUnit
        self.learningLevel = learningLevel
        self.categories = categories
        self.reasonCodes = reasonCodes
        self.metricIds = metricIds
        self.servicePoint = servicePoint
    }

    /// A stored entry as input, for a change that replaces some of its fields.
    public init(_ i: Improvement) {
        self.init(date: i.date.description, title: i.title, action: i.action, owningUnit: i.owningUnit,
                  learningLevel: i.learningLevel.rawValue, categories: i.triggers.categories, reasonCodes: i.triggers.reasonCodes,
                  metricIds: i.triggers.metricIds, servicePoint: i.triggers.servicePoint)
    }

    /// The draft, or every problem with the input (field names as in the API's JSON).
    public func draft(_ vocabulary: ImprovementVocabulary) -> Result<ImprovementDraft, ImprovementProblems> {
        var problems: [FieldError] = []
        func trimmed(_ s: String?) -> String { (s ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func text(_ value: String?, _ field: String, limit: Int, th: String, en: String) -> String {
            let t = trimmed(value)
            if t.isEmpty {
                problems.append(FieldError(field, .required, th: "กรุณากรอก\(th)", en: "Give the \(en)."))
            } else if t.count > limit {
                problems.append(FieldError(field, .tooLong, th: "\(th)ยาวได้ไม่เกิน \(limit) ตัวอักษร", en: "The \(en) is at most \(limit) characters."))
            }
            return t
        }
        let day = ImprovementDay(trimmed(date))
        if trimmed(date).isEmpty {
            problems.append(FieldError("date", .required, th: "กรุณาระบุวันที่ดำเนินการปรับปรุง", en: "Give the date the change took effect."))
        } else if day == nil {
            problems.append(FieldError("date", .invalid, th: "วันที่ต้องเป็นวันที่มีจริง ในรูปแบบ ปปปป-ดด-วว (ค.ศ.)",
                                       en: "The date must be a real day written YYYY-MM-DD."))
        }
        let title = text(title, "title", limit: ImprovementDraft.Limits.title, th: "ชื่อเรื่อง", en: "title")
        let action = text(action, "action", limit: ImprovementDraft.Limits.action, th: "สิ่งที่ปรับปรุง", en: "action")
        let unit = text(owningUnit, "owningUnit", limit: ImprovementDraft.Limits.owningUnit, th: "หน่วยงานรับผิดชอบ", en: "owning unit")
        let level = LearningLevel(rawValue: trimmed(learningLevel))
        if level == nil {
            problems.append(FieldError("learningLevel", trimmed(learningLevel).isEmpty ? .required : .invalid,
                                       th: "ระดับการเรียนรู้ต้องเป็น pdca, innovation หรือ sharing",
                                       en: "The learning level is pdca, innovation or sharing."))
        }
        func ids(_ list: [String], _ field: String, _ terms: [ImprovementVocabulary.Term], th: String, en: String) -> [String] {
            var seen = Set<String>()
            let codes = list.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty && seen.insert($0).inserted }
            if codes.count > ImprovementDraft.Limits.idsPerTrigger {
                problems.append(FieldError(field, .tooMany, th: "ระบุ\(th)ได้ไม่เกิน \(ImprovementDraft.Limits.idsPerTrigger) รายการ",
                                           en: "At most \(ImprovementDraft.Limits.idsPerTrigger) \(en)."))
            }
            let known = Set(terms.map(\.code))
            for code in codes where !known.contains(code) {
                problems.append(FieldError(field, .unknown, th: "ไม่มี\(th) \"\(code.prefix(64))\" ในการตั้งค่าของหน่วยงาน",
                                           en: "\"\(code.prefix(64))\" is not one of the configured \(en)."))
            }
            return codes
        }
        let triggers = ImprovementTriggers(
            categories: ids(categories, "triggers.categories", vocabulary.categories, th: "หมวดเรื่องร้องเรียน", en: "categories"),
            reasonCodes: ids(reasonCodes, "triggers.reasonCodes", vocabulary.reasonCodes, th: "เหตุผลที่ไม่พึงพอใจ", en: "reason codes"),
            metricIds: ids(metricIds, "triggers.metricIds", vocabulary.metrics, th: "ตัวชี้วัด", en: "metrics"),
            servicePoint: ids(servicePoint.map { [$0] } ?? [], "triggers.servicePoint", vocabulary.servicePoints,
                              th: "จุดให้บริการ", en: "service points").first)
        if triggers.isEmpty {
            problems.append(FieldError("triggers", .required,
                                       th: "กรุณาระบุสิ่งที่นำไปสู่การปรับปรุงอย่างน้อยหนึ่งอย่าง (หมวดเรื่อง เหตุผล ตัวชี้วัด หรือจุดให้บริการ)",
                                       en: "Name at least one trigger: a category, a reason code, a metric or a service point."))
        }
        guard problems.isEmpty, let day, let level else { return .failure(ImprovementProblems(fields: problems)) }
        return .success(ImprovementDraft(date: day, title: title, triggers: triggers, action: action, owningUnit: unit, learningLevel: level))
    }
}

/// Why an improvement cannot be written: one problem per bad field.
public struct ImprovementProblems: Error, Sendable, Equatable {
    public var fields: [FieldError]

    public init(fields: [FieldError]) { self.fields = fields }

    /// The problems in one line, for the command line.
    public var description: String { fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }
}
