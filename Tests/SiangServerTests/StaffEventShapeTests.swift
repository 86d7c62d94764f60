import Foundation
import Testing
@testable import SiangServer
import SiangCore
import WebForm

/// Staff API events have the shape `openapi.yaml` documents (`StaffEvent`), never Swift's synthesised
/// enum coding (issue 11: `"received":{"_0":{…}}`).
@Suite struct StaffEventShapeTests {
    static let at = Date(timeIntervalSince1970: 1_795_000_000)
    static let other = try! TrackingID.parse("CMP-69K7MQ2XDJN", expectedPrefix: "CMP")

    /// Every kind of change, with the keys its event must carry besides `at`, `actor` and `type`.
    static let cases: [(CaseChange, String, Set<String>)] = [
        (.received(ReceivedChange(kind: .complaint, channel: .line, category: nil, segment: .citizen, priority: .normal)), "received",
         ["kind", "channel", "category", "segment", "priority"]),
        (.statusChanged(StatusChange(from: .inProgress, to: .duplicate, publicNote: "รวมเรื่อง", duplicateOf: other)), "status_changed",
         ["from", "to", "publicNote", "reason", "referredTo", "duplicateOf"]),
        (.categorized(CategoryChange(category: "road")), "categorized", ["category", "confidence"]),
        (.suggested(CategoryChange(category: "water", confidence: 0.42)), "classifier_suggestion", ["category", "confidence"]),
        (.kindChanged(.inquiry), "kind_changed", ["kind"]),
        (.priorityChanged(.urgent), "priority_changed", ["priority"]),
        (.queueChanged(nil), "queue_changed", ["queue"]),
        (.assigned("somchai"), "assigned", ["assignee"]),
        (.publicReply("กำลังดำเนินการ"), "public_reply", ["text"]),
        (.internalNote("โทรแล้ว"), "internal_note", ["text"]),
        (.citizenMessage("ขอบคุณครับ"), "citizen_message", ["text"]),
        (.possibleDuplicate(PossibleDuplicate(of: other, similarity: 0.8)), "possible_duplicate", ["of", "similarity"]),
        (.escalated(Escalation(clock: "resolution", level: "breached", dueAt: at, queue: "engineering")), "escalated",
         ["clock", "level", "dueAt", "queue"]),
    ]

    @Test func everyEventTypeHasItsDocumentedFlatShape() throws {
        for (change, type, keys) in Self.cases {
            let data = try JSON.encoder.encode(StaffEventView(event: CaseEvent(at: Self.at, actor: "staff:boss", change: change)))
            let text = String(decoding: data, as: UTF8.self)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object["type"] as? String == type)
            #expect(object["actor"] as? String == "staff:boss")
            #expect(object["at"] as? String == ISO8601.format(Self.at))
            #expect(Set(object.keys) == keys.union(["at", "actor", "type"]), "\(type): \(text)")
            #expect(!text.contains("_0"), "\(type): \(text)")
        }
        let status = try JSON.encoder.encode(StaffEventView(event: CaseEvent(at: Self.at, actor: "staff:boss", change: Self.cases[1].0)))
        let o = try #require(try JSONSerialization.jsonObject(with: status) as? [String: Any])
        #expect(o["from"] as? String == "in_progress" && o["to"] as? String == "duplicate")
        #expect(o["duplicateOf"] as? String == "CMP-69K7MQ2XDJN" && o["reason"] is NSNull)
    }

    @Test func theDocumentNamesEveryEventType() throws {
        let yaml = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
        for (_, type, _) in Self.cases { #expect(yaml.contains(type), "openapi.yaml does not name \(type)") }
        #expect(yaml.contains("StaffEvent:"))
    }
}
