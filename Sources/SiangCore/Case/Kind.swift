/// What a citizen's message is: the four kinds of voice the agency listens to.
public enum Kind: String, Codable, CaseIterable, Sendable {
    case complaint, suggestion, compliment, inquiry

    public var label: LocalizedLabel {
        switch self {
        case .complaint: LocalizedLabel(th: "ข้อร้องเรียน", en: "Complaint")
        case .suggestion: LocalizedLabel(th: "ข้อเสนอแนะ", en: "Suggestion")
        case .compliment: LocalizedLabel(th: "คำชมเชย", en: "Compliment")
        case .inquiry: LocalizedLabel(th: "สอบถาม/ขอข้อมูล", en: "Inquiry")
        }
    }
}

/// A text shown to people in Thai (first) and English.
public struct LocalizedLabel: Codable, Hashable, Sendable {
    public var th: String
    public var en: String
    public init(th: String, en: String) {
        self.th = th
        self.en = en
    }
    public func text(_ language: Language) -> String { language == .th ? th : en }
}

/// The two languages of the product; Thai is the default everywhere.
public enum Language: String, Codable, Sendable, CaseIterable {
    case th, en
}
