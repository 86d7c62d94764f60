/// Where a case stands. The raw values are the public contract (DESIGN.md section 4).
public enum Status: String, Codable, CaseIterable, Sendable {
    case received, triaged
    case inProgress = "in_progress"
    case awaitingInfo = "awaiting_info"
    case resolved, closed, referred, rejected, duplicate

    /// The label a citizen sees on the tracking page and in notifications.
    public var label: LocalizedLabel {
        switch self {
        case .received: LocalizedLabel(th: "รับเรื่องแล้ว", en: "Received")
        case .triaged: LocalizedLabel(th: "คัดกรองและส่งหน่วยงานแล้ว", en: "Screened and assigned")
        case .inProgress: LocalizedLabel(th: "อยู่ระหว่างดำเนินการ", en: "In progress")
        case .awaitingInfo: LocalizedLabel(th: "รอข้อมูลเพิ่มเติมจากผู้ร้อง", en: "Waiting for more information from you")
        case .resolved: LocalizedLabel(th: "ดำเนินการแล้วเสร็จ", en: "Resolved")
        case .closed: LocalizedLabel(th: "ปิดเรื่อง", en: "Closed")
        case .referred: LocalizedLabel(th: "ส่งต่อหน่วยงานภายนอก", en: "Referred to another agency")
        case .rejected: LocalizedLabel(th: "ไม่รับเรื่อง", en: "Not accepted")
        case .duplicate: LocalizedLabel(th: "รวมกับเรื่องอื่น", en: "Merged with another case")
        }
    }

    /// No further transition is possible from a terminal status.
    public var isTerminal: Bool { StatusMachine.successors(of: self).isEmpty }

    /// Open cases still count against the agency's workload and SLA.
    public var isOpen: Bool {
        switch self {
        case .received, .triaged, .inProgress, .awaitingInfo: true
        default: false
        }
    }
}
