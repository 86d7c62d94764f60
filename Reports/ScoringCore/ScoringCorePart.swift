import Foundation
import SiangCore

/// Encoding one category 3 part of the export (``ScoringCoreParts``) into the document: sorted keys,
/// dates as Bangkok ISO 8601 (as every Siang answer writes them), the part's outline checked, and no key
/// that names personal data anywhere inside it.
enum ScoringCorePart {
    enum Outline {
        /// An object with at least these keys.
        case object(Set<String>)
        case array
    }

    /// Keys that name personal data or who did something; none may appear in an export (DESIGN.md 5.12).
    /// `name` and `text` are not here: readiness figures and comparators have a `name`, evidence items a
    /// generated `text`, and neither is a person's.
    static let personalKeys: Set<String> = [
        "phone", "email", "contact", "address", "lineUserId", "userId", "citizenName", "callerName", "callerPhone",
        "complainant", "trackingId", "username", "recordedBy", "actor", "staff", "comment",
    ]

    static func encode(_ part: any Encodable & Sendable, as name: String, outline: Outline) throws(ReportError) -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(BangkokTime.iso8601(date))
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: try encoder.encode(part))
        } catch {
            throw .document("the \(name) part cannot be written as JSON: \(error)")
        }
        switch (outline, value) {
        case (.array, .array): break
        case (.object(let keys), .object(let members)):
            let missing = keys.subtracting(members.keys).sorted()
            guard missing.isEmpty else { throw .document("the \(name) part lacks \(missing.joined(separator: ", "))") }
        default:
            throw .document("the \(name) part must be a JSON \(outline.word)")
        }
        if let path = firstPersonalKey(in: value, path: name) {
            throw .document("the \(name) part carries \(path), which names personal data; an export holds aggregates only")
        }
        return value
    }

    /// The path of the first key (depth first, keys in order) that names personal data.
    static func firstPersonalKey(in value: JSONValue, path: String) -> String? {
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                if personalKeys.contains(key) { return "\(path).\(key)" }
                if let found = firstPersonalKey(in: members[key]!, path: "\(path).\(key)") { return found }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let found = firstPersonalKey(in: item, path: "\(path)[\(i)]") { return found }
            }
        default: break
        }
        return nil
    }
}

extension ScoringCorePart.Outline {
    var word: String {
        switch self {
        case .object: "object"
        case .array: "array"
        }
    }
}
