import Foundation
import SiangCore

/// Looks for personal data in a text staff are about to publish (a reply, a status note, a
/// referral, a rejection reason): a telephone number, an email address, the complainant's name.
///
/// Why: those texts go to the public tracking page, which anyone with the tracking ID reads, and to
/// the complainant's channel. A number or a name typed into them by habit is a leak the staff member
/// would not make on purpose, so they are asked to confirm (`confirmPersonalData`), not forbidden:
/// an agency's own hotline number is fine to publish.
public struct PersonalDataCheck: Sendable {
    /// What was found, by kind; the found text itself is never repeated back or logged.
    public enum Finding: String, Sendable, Equatable, CaseIterable {
        case phone, email, name

        var th: String {
            switch self {
            case .phone: "หมายเลขโทรศัพท์"
            case .email: "อีเมล"
            case .name: "ชื่อผู้ร้อง"
            }
        }
        var en: String {
            switch self {
            case .phone: "a telephone number"
            case .email: "an email address"
            case .name: "the complainant's name"
            }
        }
    }

    /// Words that come before a Thai name and are no part of it.
    static let titles: Set<String> = ["นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "คุณ", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss"]

    let nameParts: [String]

    /// `complainantName` is the case's contact name, if any.
    public init(complainantName: String?) {
        let name = complainantName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var parts = name.split(whereSeparator: \.isWhitespace).map { Self.withoutTitle(String($0)) }.filter { $0.count >= 3 }
        if name.count >= 3 { parts.append(name) }
        nameParts = parts
    }

    /// A name word without the title Thai writes before it, spaced or not (`นางสาวสมหญิง` → `สมหญิง`).
    static func withoutTitle(_ word: String) -> String {
        if titles.contains(word.lowercased()) { return "" }
        for title in titles.sorted(by: { $0.count > $1.count }) where word.hasPrefix(title) && word.count - title.count >= 3 {
            return String(word.dropFirst(title.count))
        }
        return word
    }

    public func findings(in text: String) -> [Finding] {
        var found: [Finding] = []
        if Self.hasPhone(text) { found.append(.phone) }
        if text.range(of: #"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+"#, options: .regularExpression) != nil { found.append(.email) }
        let lowered = text.lowercased()
        if nameParts.contains(where: { lowered.contains($0.lowercased()) }) { found.append(.name) }
        return found
    }

    /// A run of 9 to 15 digits (Thai or Arabic), allowing spaces, hyphens, dots and brackets between
    /// them, as Thai mobile and land-line numbers are written (`081-234-5678`, `02 123 4567`, `+66 81…`).
    static func hasPhone(_ text: String) -> Bool {
        var digits = 0
        var separators = 0
        for ch in text {
            if let v = ch.unicodeScalars.first?.value, ch.unicodeScalars.count == 1, (0x30...0x39).contains(v) || (0x0E50...0x0E59).contains(v) {
                digits += 1
                separators = 0
                if digits >= 9 { return true }
            } else if " -.()+".contains(ch), digits > 0 || ch == "+", separators < 2 {
                separators += 1
            } else {
                digits = 0
                separators = 0
            }
        }
        return false
    }

    /// The field errors for `fields` (name to text), one per field with findings; empty when clean.
    public func problems(_ fields: [(String, String?)]) -> [FieldError] {
        fields.compactMap { field, text in
            guard let text else { return nil }
            let found = findings(in: text)
            guard !found.isEmpty else { return nil }
            return FieldError(field, .invalid,
                              th: "ข้อความนี้จะเผยแพร่ให้ผู้ร้องและผู้ที่มีเลขติดตามเรื่องเห็น แต่มี\(found.map(\.th).joined(separator: " ")) กรุณาตรวจสอบ หากต้องการเผยแพร่จริงให้ยืนยัน",
                              en: "This text is published, and it contains \(found.map(\.en).joined(separator: ", ")); check it, and confirm to publish it anyway.")
        }
    }
}
