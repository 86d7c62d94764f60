import Foundation
import SiangCore

/// One event of a case as the staff API shows it: `at`, `actor`, `type` and the fields of that type
/// side by side (`{"type":"status_changed","at":…,"actor":…,"from":…,"to":…,"publicNote":…}`).
///
/// Why a designed shape: the stored form is Swift's synthesised enum coding
/// (`{"statusChanged":{"_0":{…}}}`), which names a Swift case, not a thing a caller knows, and changes
/// whenever the enum does. This shape is documented in `openapi.yaml` (`StaffEvent`) and held by
/// tests; the store keeps reading and writing its own form.
struct StaffEventView: Encodable, Sendable {
    var event: CaseEvent

    /// Any key, so each event type writes exactly its own fields.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(event.at, forKey: Key("at"))
        try c.encode(event.actor, forKey: Key("actor"))
        try c.encode(event.change.type, forKey: Key("type"))
        func put<T: Encodable>(_ name: String, _ value: T?) throws {
            if let value { try c.encode(value, forKey: Key(name)) } else { try c.encodeNil(forKey: Key(name)) }
        }
        switch event.change {
        case .received(let r):
            try put("kind", r.kind.rawValue)
            try put("channel", r.channel.rawValue)
            try put("category", r.category)
            try put("segment", r.segment?.rawValue)
            try put("priority", r.priority.rawValue)
        case .statusChanged(let s):
            try put("from", s.from.rawValue)
            try put("to", s.to.rawValue)
            try put("publicNote", s.publicNote)
            try put("reason", s.reason)
            try put("referredTo", s.referredTo)
            try put("duplicateOf", s.duplicateOf?.description)
        case .categorized(let x), .suggested(let x):
            try put("category", x.category)
            try put("confidence", x.confidence)
        case .kindChanged(let kind):
            try put("kind", kind.rawValue)
        case .priorityChanged(let priority):
            try put("priority", priority.rawValue)
        case .queueChanged(let queue):
            try put("queue", queue)
        case .assigned(let assignee):
            try put("assignee", assignee)
        case .publicReply(let text), .internalNote(let text), .citizenMessage(let text):
            try put("text", text)
        case .possibleDuplicate(let d):
            try put("of", d.of.description)
            try put("similarity", d.similarity)
        case .escalated(let e):
            try put("clock", e.clock)
            try put("level", e.level)
            try put("dueAt", e.dueAt)
            try put("queue", e.queue)
        }
    }
}
