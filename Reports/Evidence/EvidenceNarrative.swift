import Foundation
import SiangCore

/// The Thai narrative draft of one approach (DESIGN.md 5.9): four paragraphs in A-D-L-I order, each
/// made of its items' sentences in key order, as the application report (รายงานผลการดำเนินการ)
/// writes an approach. An item still missing is kept in the draft as a bracketed note of what to add,
/// so the writer sees the gap where the sentence belongs.
///
/// Written only from the items, which hold codes, counts, agency settings and staff-written
/// improvement titles, never a citizen's words; the same items give the same text.
enum EvidenceNarrative {
    static let headings: [(dimension: String, th: String)] = [
        ("A", "๑. แนวทาง (Approach)"), ("D", "๒. การนำไปปฏิบัติ (Deployment)"),
        ("L", "๓. การเรียนรู้ (Learning)"), ("I", "๔. การบูรณาการ (Integration)"),
    ]

    static func thai(name: String, fiscalYear: Int, asOf: Date, items: [EvidenceItem]) -> String {
        var paragraphs = ["\(name) ปีงบประมาณ \(fiscalYear) (ข้อมูล ณ วันที่ \(EvidenceWording.date(asOf)))"]
        for heading in headings {
            let sentences = items.filter { $0.dimension == heading.dimension }.map { item in
                item.source == .none ? "[\(item.key.rawValue) \(item.key.label.th): \(item.text)]" : item.text
            }
            paragraphs.append(heading.th + "\n" + sentences.joined(separator: " "))
        }
        return paragraphs.joined(separator: "\n\n")
    }
}
