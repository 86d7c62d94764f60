import Foundation
import SiangCore

/// A JSON value built by hand, for the report document and the target book: the shape is designed and
/// documented (DESIGN.md 5.7, docs/reports.md), never synthesised by `Codable`, and written with
/// sorted keys so two runs over the same facts give the same bytes.
public indirect enum JSONValue: Equatable, Sendable, Codable {
    public typealias Object = [String: JSONValue]

    case object(Object)
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// A number, or `null` when absent (the report writes an empty denominator's value as null, never 0).
    public static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    public static func integer(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// The compact JSON text; with `rounding`, every number is written rounded to 2 decimals, half away
    /// from zero (``ReportRounding``).
    public func serialized(rounding: Bool) -> String {
        var out = JSONWriter(capacity: 4096)
        write(into: &out, rounding: rounding)
        return out.string
    }

    private func write(into w: inout JSONWriter, rounding: Bool) {
        switch self {
        case .object(let members):
            w.raw("{")
            var first = true
            for key in members.keys.sorted() {
                if !first { w.raw(",") }
                first = false
                w.string(key)
                w.raw(":")
                members[key]!.write(into: &w, rounding: rounding)
            }
            w.raw("}")
        case .array(let items):
            w.raw("[")
            for (index, item) in items.enumerated() {
                if index > 0 { w.raw(",") }
                item.write(into: &w, rounding: rounding)
            }
            w.raw("]")
        case .string(let s): w.string(s)
        case .number(let n): w.raw(JSONWriter.number(rounding ? ReportRounding.round2(n) : n) ?? "null")
        case .bool(let b): w.raw(b ? "true" : "false")
        case .null: w.raw("null")
        }
    }

    /// Reads JSON text; nil when it is not JSON.
    public static func parse(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    // MARK: Reading

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var objectValue: Object? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var isNull: Bool { self == .null }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode(Object.self)) }
    }
}

extension JSONValue {
    /// Writes the value through an `Encoder`, so a hand-built value can be one part of a `Codable`
    /// document (the evidence pack's L2 entries, the scoring-core export's parts) without a second
    /// mapping of its shape. Numbers are written as they are; round them when building the value.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .object(let members):
            var c = encoder.container(keyedBy: AnyKey.self)
            for (key, value) in members { try c.encode(value, forKey: AnyKey(key)) }
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .number(let n):
            var c = encoder.singleValueContainer()
            // Whole numbers as integers, as the hand writer writes them (`3`, not `3.0`); a number JSON
            // cannot hold as null, as the hand writer does.
            if !n.isFinite { try c.encodeNil() } else if n.rounded() == n, abs(n) < 1e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ key: String) { stringValue = key }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
