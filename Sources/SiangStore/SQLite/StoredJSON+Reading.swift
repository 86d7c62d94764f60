import Foundation
import SiangCore

/// Reading stored event JSON back without Foundation's `JSONDecoder`.
///
/// A citizen's tracking lookup decodes every event of the case; through `JSONDecoder` that was most
/// of the lookup's time (tens of microseconds an event for the nested enum containers). This reads
/// the shapes the store writes for the common changes; anything it does not recognise exactly (an
/// unknown key, a missing field, an escalation with its date) returns nil and goes to the decoder, so
/// it can only be faster, never different. A test compares the two on many values.
extension StoredJSON {
    static func readChange(_ json: String) -> CaseChange? {
        var json = json
        return json.withUTF8 { bytes -> CaseChange? in
            var parser = Parser(bytes: bytes)
            guard let value = parser.document(), case .object(let top) = value, top.count == 1,
                  case .object(let wrapper) = top[0].value, wrapper.allSatisfy({ $0.key == "_0" }) else { return nil }
            return change(named: top[0].key, wrapper.first?.value)
        }
    }

    private static func change(named name: String, _ payload: Value?) -> CaseChange? {
        switch name {
        case "received":
            guard let o = Object(payload, keys: ["kind", "channel", "category", "segment", "priority"]),
                  let kind = o.string("kind").flatMap(Kind.init(rawValue:)), let channel = o.string("channel").flatMap(Channel.init(rawValue:)),
                  let priority = o.string("priority").flatMap(Priority.init(rawValue:)),
                  let category = o.optionalString("category"), let segment = o.optional("segment", Segment.init(rawValue:)) else { return nil }
            return .received(ReceivedChange(kind: kind, channel: channel, category: category, segment: segment, priority: priority))
        case "statusChanged":
            guard let o = Object(payload, keys: ["from", "to", "publicNote", "reason", "referredTo", "duplicateOf"]),
                  let from = o.string("from").flatMap(Status.init(rawValue:)), let to = o.string("to").flatMap(Status.init(rawValue:)),
                  let note = o.optionalString("publicNote"), let reason = o.optionalString("reason"),
                  let referredTo = o.optionalString("referredTo"),
                  let duplicateOf = o.optional("duplicateOf", { try? TrackingID(from: $0) }) else { return nil }
            return .statusChanged(StatusChange(from: from, to: to, publicNote: note, reason: reason, referredTo: referredTo, duplicateOf: duplicateOf))
        case "categorized", "suggested":
            guard let o = Object(payload, keys: ["category", "confidence"]), let category = o.string("category"),
                  let confidence = o.optionalNumber("confidence") else { return nil }
            let change = CategoryChange(category: category, confidence: confidence)
            return name == "categorized" ? .categorized(change) : .suggested(change)
        case "kindChanged": return string(payload).flatMap(Kind.init(rawValue:)).map { .kindChanged($0) }
        case "priorityChanged": return string(payload).flatMap(Priority.init(rawValue:)).map { .priorityChanged($0) }
        case "queueChanged": return payload == nil ? .queueChanged(nil) : string(payload).map { .queueChanged($0) }
        case "assigned": return payload == nil ? .assigned(nil) : string(payload).map { .assigned($0) }
        case "publicReply": return string(payload).map { .publicReply($0) }
        case "internalNote": return string(payload).map { .internalNote($0) }
        case "citizenMessage": return string(payload).map { .citizenMessage($0) }
        case "possibleDuplicate":
            guard let o = Object(payload, keys: ["of", "similarity"]), let of = o.string("of").flatMap({ try? TrackingID(from: $0) }),
                  case .number(let similarity)? = o["similarity"] else { return nil }
            return .possibleDuplicate(PossibleDuplicate(of: of, similarity: similarity))
        default:
            return nil
        }
    }

    private static func string(_ value: Value?) -> String? {
        if case .string(let s)? = value { return s }
        return nil
    }

    indirect enum Value {
        case object([(key: String, value: Value)])
        case array([Value])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    /// An object's members, with only `keys` allowed, so a field this reader does not know sends the
    /// whole change to the decoder.
    private struct Object {
        let members: [(key: String, value: Value)]

        init?(_ value: Value?, keys: Set<String>) {
            guard case .object(let members)? = value, members.allSatisfy({ keys.contains($0.key) }) else { return nil }
            self.members = members
        }

        subscript(key: String) -> Value? { members.first { $0.key == key }?.value }

        func string(_ key: String) -> String? { StoredJSON.string(self[key]) }

        /// `.some(nil)` when absent or null, nil when present but not a string.
        func optionalString(_ key: String) -> String?? {
            switch self[key] {
            case nil, .null?: .some(nil)
            case .string(let s)?: .some(s)
            default: nil
            }
        }

        func optionalNumber(_ key: String) -> Double?? {
            switch self[key] {
            case nil, .null?: .some(nil)
            case .number(let n)?: .some(n)
            default: nil
            }
        }

        func optional<T>(_ key: String, _ make: (String) -> T?) -> T?? {
            guard let present = optionalString(key) else { return nil }
            guard let s = present else { return .some(nil) }
            guard let made = make(s) else { return nil }
            return .some(made)
        }
    }

    /// A strict JSON parser (RFC 8259) over UTF-8 bytes; nil for anything malformed.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// One value and nothing after it but white space.
        mutating func document() -> Value? {
            guard let v = value() else { return nil }
            skipSpace()
            return i == bytes.count ? v : nil
        }

        private mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        private mutating func value(depth: Int = 0) -> Value? {
            guard depth < 32 else { return nil }
            skipSpace()
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(key: String, value: Value)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard let v = value(depth: depth + 1) else { return nil }
                    members.append((key, v))
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    return nil
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    guard let v = value(depth: depth + 1) else { return nil }
                    items.append(v)
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "\""):
                return string().map(Value.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default:
                return number()
            }
        }

        private mutating func literal(_ word: StaticString, _ v: Value) -> Value? {
            let n = word.utf8CodeUnitCount
            guard i + n <= bytes.count else { return nil }
            for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return nil }
            i += n
            return v
        }

        private mutating func number() -> Value? {
            let start = i
            while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
            guard i > start, let d = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)),
                  d.isFinite, Self.isJSONNumber(bytes[start..<i]) else { return nil }
            return .number(d)
        }

        private static func isNumberByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
        }

        /// JSON's number grammar, stricter than `Double.init` (no leading `+`, no `.5`, no `01`).
        private static func isJSONNumber(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            var k = s.startIndex
            func digits() -> Int { let from = k; while k < s.endIndex, s[k] >= 0x30, s[k] <= 0x39 { k += 1 }; return k - from }
            if k < s.endIndex, s[k] == UInt8(ascii: "-") { k += 1 }
            let intStart = k
            let intDigits = digits()
            guard intDigits > 0, !(intDigits > 1 && s[intStart] == 0x30) else { return false }
            if k < s.endIndex, s[k] == UInt8(ascii: ".") { k += 1; guard digits() > 0 else { return false } }
            if k < s.endIndex, s[k] == UInt8(ascii: "e") || s[k] == UInt8(ascii: "E") {
                k += 1
                if k < s.endIndex, s[k] == UInt8(ascii: "+") || s[k] == UInt8(ascii: "-") { k += 1 }
                guard digits() > 0 else { return false }
            }
            return k == s.endIndex
        }

        private mutating func string() -> String? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            // The common case: no escapes, read the bytes as they are.
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            var out = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if b < 0x20 { return nil }
                if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var unit = hex4() else { return nil }
                    var scalarValue = UInt32(unit)
                    if (0xD800..<0xDC00).contains(unit) {
                        // A high surrogate must be followed by an escaped low one.
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                        i += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        unit = 0
                    } else if (0xDC00..<0xE000).contains(unit) {
                        return nil
                    }
                    guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                    out.append(contentsOf: String(scalar).utf8)
                default:
                    return nil
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt16? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt16 = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x41...0x46: d = b - 0x41 + 10
                case 0x61...0x66: d = b - 0x61 + 10
                default: return nil
                }
                v = v << 4 | UInt16(d)
                i += 1
            }
            return v
        }
    }
}
