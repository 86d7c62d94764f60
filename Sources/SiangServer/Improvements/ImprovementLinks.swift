import Foundation
import SiangCore

/// The "record an improvement" links other pages offer (a Pareto row of the reports page, the case
/// page): the new-entry form prefilled with the finding and a date, with an accessible name that says
/// which finding it records.
enum ImprovementLinks {
    /// `/staff/improvements/new?category=road&date=2026-03-31[&lang=en]`.
    static func newEntry(category: String? = nil, reason: String? = nil, day: Date, language: Language) -> String {
        var items: [(String, String)] = []
        if let category { items.append(("category", category)) }
        if let reason { items.append(("reason", reason)) }
        items.append(("date", StaffWorkspace.isoDay(day)))
        if language == .en { items.append(("lang", "en")) }
        return "/staff/improvements/new?" + items.map { "\($0.0)=\(ReportPageModel.encode($0.1))" }.joined(separator: "&")
    }

    /// The link's words, and its accessible name naming the row (`บันทึกการปรับปรุง: ถนน`).
    static func label(_ language: Language) -> String { language == .th ? "บันทึกการปรับปรุง" : "Record an improvement" }
    static func accessibleName(_ row: String, _ language: Language) -> String { "\(label(language)): \(row)" }

    /// The last day a report period covers up to its as-of instant: the day a finding was made.
    static func findingDay(asOf: Date) -> Date { asOf.addingTimeInterval(-1) }

    /// The values a Pareto row needs for its link; none for the unclassified row, which no entry can name.
    static func paretoRow(category: String? = nil, reason: String? = nil, label: String, asOf: Date, language: Language) -> [String: Any] {
        guard (category ?? reason) != "none" else { return [:] }
        return ["improveHref": newEntry(category: category, reason: reason, day: findingDay(asOf: asOf), language: language),
                "improveLabel": self.label(language), "improveName": accessibleName(label, language)]
    }
}
