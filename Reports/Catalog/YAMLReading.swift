import Foundation
import Yams

/// Reads hand-written YAML (the catalog override, the targets file) node by node, so a mistake is
/// reported by the key path it sits at (`targets.satisfaction_pct.2569.target`) rather than by a
/// decoder's coding path; the `make` closure turns the message into the caller's error.
struct YAMLReading {
    let make: (String) -> ReportError

    func compose(_ text: String) throws(ReportError) -> Node? {
        do { return try Yams.compose(yaml: text) } catch {
            throw make("the text is not valid YAML (\(String(describing: error).prefix(200)))")
        }
    }

    func mapping(_ node: Node, at path: String) throws(ReportError) -> [(key: String, value: Node)] {
        guard let mapping = node.mapping else { throw make("\(path) must be a mapping of keys") }
        var seen = Set<String>()
        var out: [(key: String, value: Node)] = []
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { throw make("\(path) has a key that is not plain text") }
            guard seen.insert(key).inserted else { throw make("\(path).\(key) is given twice") }
            out.append((key, v))
        }
        return out
    }

    func sequence(_ node: Node, at path: String) throws(ReportError) -> [Node] {
        guard let sequence = node.sequence else { throw make("\(path) must be a list") }
        return Array(sequence)
    }

    func string(_ node: Node, at path: String) throws(ReportError) -> String {
        guard let text = node.scalar?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw make("\(path) must be a non-empty text")
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    func number(_ node: Node, at path: String) throws(ReportError) -> Double {
        guard let text = node.scalar?.string, let value = Double(text.trimmingCharacters(in: .whitespaces)),
              value.isFinite else {
            throw make("\(path) must be a number, not \"\(node.scalar?.string ?? "a list or mapping")\"")
        }
        return value
    }

    func integer(_ node: Node, at path: String) throws(ReportError) -> Int {
        guard let text = node.scalar?.string, let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw make("\(path) must be a whole number, not \"\(node.scalar?.string ?? "a list or mapping")\"")
        }
        return value
    }

    /// One of a closed set of words (`higher`, `lower`, `none`), refused with the words to use.
    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, at path: String, what: String,
                                                    _ cases: E.AllCases) throws(ReportError) -> E where E.RawValue == String {
        let text = try string(node, at: path)
        guard let value = E(rawValue: text) else {
            let words = cases.map(\.rawValue)
            throw make("\(path): unknown \(what) \"\(text)\"; use \(words.dropLast().joined(separator: ", ")) or \(words.last ?? "")")
        }
        return value
    }

    func refuseUnknown(_ keys: [String], allowed: [String], at path: String) throws(ReportError) {
        for key in keys where !allowed.contains(key) {
            throw make("\(path).\(key) is not a known key; use \(allowed.joined(separator: ", "))")
        }
    }
}
