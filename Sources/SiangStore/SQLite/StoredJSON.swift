import Foundation
import SiangCore

/// The JSON every new case stores (its receipt and first events), written by hand.
///
/// Foundation's `JSONEncoder` costs more per case than the SQLite inserts on a bulk import (it goes
/// through keyed containers, boxing and a sorting pass for every value). These writers produce the
/// same bytes as the store's encoder (sorted keys, slashes unescaped, ISO 8601 dates in UTC to the
/// second, `nil` fields left out) for the few shapes intake writes; anything else goes to the encoder.
/// A test compares the two on many values.
enum StoredJSON {
    static func receipt(_ r: CaseReceipt) -> String {
        var w = Writer()
        w.open()
        w.field("category", r.category)
        w.field("kind", r.kind.rawValue)
        w.field("receivedAt", date: r.receivedAt)
        if let sla = r.sla {
            w.key("sla")
            w.open()
            w.field("firstResponseDueAt", date: sla.firstResponseDueAt)
            w.field("resolutionDueAt", date: sla.resolutionDueAt)
            w.field("state", sla.state)
            w.close()
        }
        w.field("status", r.status.rawValue)
        w.field("trackingId", r.trackingId.description)
        w.close()
        return w.string
    }

    /// The change as the encoder would write it, or nil for changes left to the encoder.
    static func change(_ change: CaseChange) -> String? {
        var w = Writer()
        switch change {
        case .received(let r):
            w.enumCase("received") { w in
                w.open()
                w.field("category", r.category)
                w.field("channel", r.channel.rawValue)
                w.field("kind", r.kind.rawValue)
                w.field("priority", r.priority.rawValue)
                w.field("segment", r.segment?.rawValue)
                w.close()
            }
        case .categorized(let c):
            w.enumCase("categorized") { w in w.category(c) }
        case .suggested(let c):
            w.enumCase("suggested") { w in w.category(c) }
        case .queueChanged(let queue?):
            w.enumCase("queueChanged") { w in w.string(queue) }
        case .possibleDuplicate(let d):
            guard let similarity = Writer.number(d.similarity) else { return nil }
            w.enumCase("possibleDuplicate") { w in
                w.open()
                w.field("of", d.of.description)
                w.key("similarity")
                w.raw(similarity)
                w.close()
            }
        default:
            return nil
        }
        return w.string
    }

    struct Writer {
        private var bytes: [UInt8] = []
        /// Whether the object being written needs a comma before its next member.
        private var needsComma = false

        init() { bytes.reserveCapacity(160) }

        var string: String { String(decoding: bytes, as: UTF8.self) }

        mutating func open() {
            bytes.append(UInt8(ascii: "{"))
            needsComma = false
        }

        mutating func close() {
            bytes.append(UInt8(ascii: "}"))
            needsComma = true
        }

        mutating func key(_ name: StaticString) {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
            needsComma = false
        }

        mutating func field(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            key(name)
            string(value)
        }

        mutating func field(_ name: StaticString, date: Date?) {
            guard let date else { return }
            key(name)
            string(BangkokTime.iso8601UTC(date))
        }

        mutating func raw(_ text: String) {
            bytes.append(contentsOf: text.utf8)
            needsComma = true
        }

        /// A synthesised `Codable` enum case with one unlabelled value: `{"name":{"_0":value}}`.
        mutating func enumCase(_ name: StaticString, _ value: (inout Writer) -> Void) {
            open()
            key(name)
            open()
            key("_0")
            value(&self)
            close()
            close()
        }

        mutating func category(_ c: CategoryChange) {
            open()
            field("category", c.category)
            if let confidence = c.confidence.flatMap(Self.number) {
                key("confidence")
                raw(confidence)
            }
            close()
        }

        /// A JSON string with the escapes `JSONEncoder` uses: `\"`, `\\`, the short forms of control
        /// characters and `\u00XX` for the rest of them; everything else as it is.
        mutating func string(_ s: String) {
            bytes.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
                case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [92, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [92, UInt8(ascii: "f")])
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                default: bytes.append(b)
                }
            }
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
        }

        /// A finite number as `JSONEncoder` writes it (Swift's shortest form, without a trailing `.0`);
        /// nil for values the encoder would refuse.
        static func number(_ value: Double) -> String? {
            guard value.isFinite else { return nil }
            let text = value.description
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
    }
}
