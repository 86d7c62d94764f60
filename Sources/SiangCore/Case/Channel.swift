/// Where a case came from. The first five have adapters (`open311`: civic apps and other systems
/// posting through the GeoReport v2 API, DESIGN.md 5.10); the rest are entered by staff.
public enum Channel: String, Codable, CaseIterable, Sendable {
    case web, email, line, hotline, open311
    case walkIn = "walk_in"
    case letter, phone, other

    /// Channels that only a staff member may record a case for (through a staff token).
    public var needsStaff: Bool { self != .web }

    public var label: LocalizedLabel {
        switch self {
        case .web: LocalizedLabel(th: "เว็บไซต์", en: "Web form")
        case .email: LocalizedLabel(th: "อีเมล", en: "Email")
        case .line: LocalizedLabel(th: "LINE", en: "LINE")
        case .hotline: LocalizedLabel(th: "สายด่วน", en: "Hotline")
        case .open311: LocalizedLabel(th: "แอปพลิเคชันภายนอก (Open311)", en: "Civic apps (Open311)")
        case .walkIn: LocalizedLabel(th: "ติดต่อด้วยตนเอง", en: "Walk-in")
        case .letter: LocalizedLabel(th: "หนังสือ", en: "Letter")
        case .phone: LocalizedLabel(th: "โทรศัพท์", en: "Phone")
        case .other: LocalizedLabel(th: "อื่น ๆ", en: "Other")
        }
    }
}
