import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore
@testable import SiangStore

/// Reading stored changes by hand must give exactly what `JSONDecoder` gives, or nothing (the store
/// then uses the decoder).
@Suite struct StoredJSONReadingTests {
    let helpers = StoredJSONTests()

    func anyChange(_ i: Int, _ g: inout SplitMix64) -> CaseChange {
        let h = helpers
        switch i % 14 {
        case 0: return .received(ReceivedChange(kind: Kind.allCases.randomElement(using: &g)!, channel: Channel.allCases.randomElement(using: &g)!,
                                                category: h.maybe(&g, h.text(&g)), segment: h.maybe(&g, Segment.allCases.randomElement(using: &g)!),
                                                priority: Priority.allCases.randomElement(using: &g)!))
        case 1: return .statusChanged(StatusChange(from: Status.allCases.randomElement(using: &g)!, to: Status.allCases.randomElement(using: &g)!,
                                                   publicNote: h.maybe(&g, h.text(&g, maxLength: 80)), reason: h.maybe(&g, h.text(&g)),
                                                   referredTo: h.maybe(&g, h.text(&g)), duplicateOf: h.maybe(&g, TrackingID.sample(seed: UInt64(i)))))
        case 2: return .categorized(CategoryChange(category: h.text(&g), confidence: h.maybe(&g, h.number(&g))))
        case 3: return .suggested(CategoryChange(category: h.text(&g), confidence: h.maybe(&g, h.number(&g))))
        case 4: return .kindChanged(Kind.allCases.randomElement(using: &g)!)
        case 5: return .priorityChanged(Priority.allCases.randomElement(using: &g)!)
        case 6: return .queueChanged(h.maybe(&g, h.text(&g)))
        case 7: return .assigned(h.maybe(&g, h.text(&g)))
        case 8: return .publicReply(h.text(&g, maxLength: 200))
        case 9: return .internalNote(h.text(&g, maxLength: 200))
        case 10: return .citizenMessage(h.text(&g, maxLength: 200))
        case 11: return .possibleDuplicate(PossibleDuplicate(of: TrackingID.sample(seed: UInt64(i)), similarity: h.number(&g)))
        default: return .escalated(Escalation(clock: "resolution", level: "breached", dueAt: h.maybe(&g, h.date(&g)), queue: h.maybe(&g, h.text(&g))))
        }
    }

    @Test func everyStoredChangeReadsBackAsTheDecoderReadsIt() throws {
        let (store, _) = try temporaryStore()
        var g = SplitMix64(seed: 43)
        var byHand = 0
        for i in 0..<7_000 {
            let change = anyChange(i, &g)
            let json = try store.json(change)
            let decoded = try store.decoder.decode(CaseChange.self, from: Data(json.utf8))
            if let read = StoredJSON.readChange(json) {
                #expect(read == decoded, "\(json)")
                byHand += 1
            } else {
                #expect(change.type == "escalated", "\(json) was left to the decoder")
            }
        }
        #expect(byHand == 6_000, "twelve of the fourteen shapes are read by hand")
    }

    /// Escapes the store's encoder never writes, but JSON allows, decode like the decoder does.
    @Test func allOfJSONsStringEscapesAreRead() throws {
        let json = #"{"publicReply":{"_0":"a\/b \u0e44\u0e1f \ud83d\ude00 \"q\" \\ \b\f\n\r\t \u001F"}}"#
        let read = try #require(StoredJSON.readChange(json))
        #expect(read == (try JSONDecoder().decode(CaseChange.self, from: Data(json.utf8))))
        #expect(read == .publicReply("a/b ไฟ 😀 \"q\" \\ \u{08}\u{0C}\n\r\t \u{1F}"))
        #expect(StoredJSON.readChange(" { \"assigned\" : { \"_0\" : \"somchai\" } } ") == .assigned("somchai"))
    }

    @Test func anythingUnexpectedIsLeftToTheDecoder() {
        let unexpected = [
            #"{"publicReply":{"_0":"x"}} x"#,                                 // trailing text
            #"{"publicReply":{"_0":"x"},"internalNote":{"_0":"y"}}"#,         // two changes
            #"{"received":{"_0":{"kind":"complaint","channel":"web"}}}"#,     // priority missing
            #"{"received":{"_0":{"kind":"complaint","channel":"web","priority":"normal","colour":"red"}}}"#,  // unknown key
            #"{"received":{"_0":{"kind":"grumble","channel":"web","priority":"normal"}}}"#,  // unknown kind
            #"{"categorized":{"_0":{"category":"road","confidence":"high"}}}"#,  // wrong type
            #"{"categorized":{"_0":{"category":"road","confidence":01}}}"#,    // not a JSON number
            #"{"categorized":{"_0":{"category":"road","confidence":.5}}}"#,
            #"{"categorized":{"_0":{"category":"road","confidence":+1}}}"#,
            #"{"publicReply":{"_0":"\ud83d"}}"#,                              // lone surrogate
            #"{"publicReply":{"_0":"\x"}}"#,                                  // bad escape
            "{\"publicReply\":{\"_0\":\"a\nb\"}}",                            // raw control character
            #"{"publicReply":{"_0":"x""#,                                     // cut short
            #"{"somethingNew":{"_0":"x"}}"#,
            #"{"publicReply":{"_1":"x"}}"#,
            "",
        ]
        for json in unexpected { #expect(StoredJSON.readChange(json) == nil, "\(json)") }
    }
}
