/// How fast a case must be resolved; each priority has its own resolution allowance.
public enum Priority: String, Codable, CaseIterable, Sendable {
    case urgent, normal, complex

    public var label: LocalizedLabel {
        switch self {
        case .urgent: LocalizedLabel(th: "เร่งด่วน", en: "Urgent")
        case .normal: LocalizedLabel(th: "ปกติ", en: "Normal")
        case .complex: LocalizedLabel(th: "ซับซ้อน", en: "Complex")
        }
    }
}
