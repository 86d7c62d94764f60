import SiangCore

/// The language a rendering writes its own words in (headers, captions): Thai first, English second.
struct ReportWording {
    var language: Language
    func pick(_ th: String, _ en: String) -> String { language == .th ? th : en }
}
