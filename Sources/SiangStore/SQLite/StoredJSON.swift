import Foundation
import SiangCore

/// The JSON every new case stores (its receipt and first events), written by hand (``JSONWriter``):
/// Foundation's `JSONEncoder` cost more per case than the SQLite inserts on a bulk import. The bytes
/// are the store's encoder's (ISO 8601 dates in UTC to the second) for the few shapes intake writes;
/// anything else goes to the encoder. A test compares the two on many values.
enum StoredJSON {
    static func receipt(_ r: CaseReceipt) -> String {
        var w = JSONWriter()
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
        var w = JSONWriter()
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
            guard let similarity = JSONWriter.number(d.similarity) else { return nil }
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
}

/// The shapes only the store writes.
extension JSONWriter {
    /// A date as the store's encoder writes it (UTC, to the second), left out when nil.
    mutating func field(_ name: StaticString, date: Date?) {
        field(name, date.map(BangkokTime.iso8601UTC))
    }

    /// A synthesised `Codable` enum case with one unlabelled value: `{"name":{"_0":value}}`.
    mutating func enumCase(_ name: StaticString, _ value: (inout JSONWriter) -> Void) {
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
}
