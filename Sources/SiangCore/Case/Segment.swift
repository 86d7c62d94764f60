/// Stakeholder groups (PMQA 3.2): the agency serves and reports on each group separately.
public enum Segment: String, Codable, CaseIterable, Sendable {
    case citizen, business, agency, network, staff, vulnerable

    public var label: LocalizedLabel {
        switch self {
        case .citizen: LocalizedLabel(th: "ประชาชนทั่วไป", en: "General public")
        case .business: LocalizedLabel(th: "ผู้ประกอบการ", en: "Business")
        case .agency: LocalizedLabel(th: "หน่วยงานภาครัฐ", en: "Government agency")
        case .network: LocalizedLabel(th: "เครือข่ายและภาคประชาสังคม", en: "Networks and civil society")
        case .staff: LocalizedLabel(th: "บุคลากรภายใน", en: "Internal staff")
        case .vulnerable: LocalizedLabel(th: "ผู้สูงอายุ ผู้พิการ และกลุ่มเปราะบาง", en: "Elderly, disabled and vulnerable people")
        }
    }
}
