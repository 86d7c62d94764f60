import Foundation
import SiangCore

/// A case's subject and text as the emerging-topics analysis reads them (docs/reports.md, "Emerging
/// topics"). The analysis reduces each to the corpus's dictionary words at once; the text itself goes
/// into no report, log or export.
public struct CaseText: Sendable, Equatable {
    public var category: String?
    public var receivedAt: Date
    public var subject: String?
    public var text: String

    public init(category: String?, receivedAt: Date, subject: String?, text: String) {
        self.category = category
        self.receivedAt = receivedAt
        self.subject = subject
        self.text = text
    }
}

/// Reads the texts of the cases received in a window, for the emerging topics of a monthly report.
/// Restricted cases (corruption) are included: what comes out is counts of dictionary words.
public protocol CaseTextStore: Sendable {
    /// Every case received in `[from, to)`, oldest first.
    func caseTexts(receivedFrom from: Date, to: Date) async throws(StoreError) -> [CaseText]
}
