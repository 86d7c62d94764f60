import Foundation
import SiangReports

/// One GeoReport v2 answer as a tree, written out as JSON or as XML from the same values so the two
/// formats cannot drift apart. The specification gives each answer both shapes: a list is a JSON
/// array and, in XML, one element per item named after the item (`<services><service>…`); an object
/// is a JSON object and a run of child elements.
indirect enum Open311Node: Sendable {
    case text(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    /// Fields in the order they are written; an absent value is left out of both formats.
    case object([(String, Open311Node?)])
    /// Items each written in XML as an `<item>` element.
    case list(item: String, [Open311Node])
}

/// The two formats of every GeoReport v2 resource, chosen by the path's extension (`services.xml`).
enum Open311Format: String, Sendable, CaseIterable {
    case json, xml

    var contentType: String {
        switch self {
        case .json: "application/json; charset=utf-8"
        case .xml: "text/xml; charset=utf-8"
        }
    }

    /// `root` in this format: for XML, under a declaration and inside a `<root>` element.
    func render(_ node: Open311Node, root: String) -> String {
        switch self {
        case .json:
            var out = ""
            Self.json(node, into: &out)
            return out
        case .xml:
            var out = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n"
            Self.xml(node, element: root, into: &out)
            return out + "\n"
        }
    }

    static func json(_ node: Open311Node, into out: inout String) {
        switch node {
        case .text(let s): jsonString(s, into: &out)
        case .number(let d): out += d.isFinite ? "\(d)" : "null"
        case .integer(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .list(_, let items):
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                json(item, into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            var first = true
            for (key, value) in fields {
                guard let value else { continue }
                if !first { out += "," }
                first = false
                jsonString(key, into: &out)
                out += ":"
                json(value, into: &out)
            }
            out += "}"
        }
    }

    static func jsonString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    static func xml(_ node: Open311Node, element: String, into out: inout String) {
        switch node {
        case .list(let item, let items):
            out += "<\(element)>"
            for child in items { xml(child, element: item, into: &out) }
            out += "</\(element)>"
        case .object(let fields):
            out += "<\(element)>"
            for (key, value) in fields {
                guard let value else { continue }
                xml(value, element: key, into: &out)
            }
            out += "</\(element)>"
        // MarkupText drops the control characters XML 1.0 cannot carry, so whatever a case holds the
        // document stays well-formed.
        case .text(let s): out += "<\(element)>\(MarkupText.escape(s))</\(element)>"
        case .number(let d): out += "<\(element)>\(d.isFinite ? "\(d)" : "")</\(element)>"
        case .integer(let i): out += "<\(element)>\(i)</\(element)>"
        case .bool(let b): out += "<\(element)>\(b)</\(element)>"
        }
    }
}
