import Foundation
import Testing
import SiangCore
import SiangTestSupport
@testable import SiangStore

/// ``SurveyResponseReader`` reads what the store's encoders write exactly as `JSONDecoder` does, and
/// hands anything else back to the decoder instead of guessing.
@Suite struct SurveyResponseReaderTests {
    /// What the reader made of `json`, or nil when it handed it back.
    func read(_ json: String) -> (ratings: [String: Int], reasons: [String])? {
        var reader = SurveyResponseReader()
        var names = SurveyFactColumns()
        var bytes = Array(json.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            guard reader.read(UnsafeBufferPointer(buffer), place: { names.place($0) }) else { return nil }
            return (Dictionary(uniqueKeysWithValues: reader.ratings.map { (names.names[Int($0.id)], $0.score) }),
                    reader.reasons.map { names.names[Int($0)] })
        }
    }

    func decoded(_ json: String) -> SurveyResponse? {
        try? JSONDecoder().decode(SurveyResponse.self, from: Data(json.utf8))
    }

    /// Responses with every field, as the store writes them (with and without escaped slashes).
    @Test func readsWhatTheEncodersWriteAsTheDecoderDoes() throws {
        let store = JSONEncoder()
        store.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let completion = JSONEncoder()
        completion.outputFormatting = [.sortedKeys]
        var generator = SplitMix64(seed: 7)
        let codes = ["delay", "no_update", "unresolved", "staff_manner", "other"]
        var read = 0
        for n in 0..<300 {
            var ratings: [String: Int] = [:]
            for id in [SurveyQuestion.overall, SurveyQuestion.trust, SurveyQuestion.recommend, "process", "staff", "channel", "outcome"]
            where generator.next() % 3 != 0 { ratings[id] = Int(1 + generator.next() % 5) }
            let reasons = (0..<Int(generator.next() % 4)).map { _ in codes[Int(generator.next() % 5)] }
            let comment: String? = switch n % 5 {
            case 0: nil
            case 1: "ดีมาก ขอบคุณเจ้าหน้าที่"
            case 2: "ช้า \"มาก\"\nโทรไม่ติด"
            case 3: "ดูที่ https://example.invalid/a/b"
            default: "ok"
            }
            let response = SurveyResponse(ratings: ratings, choices: n % 2 == 0 ? [SurveyQuestion.frequency: "monthly"] : [:],
                                          reasons: reasons, reasonText: n % 7 == 0 ? "อื่น ๆ" : nil, comment: comment)
            for encoder in [store, completion] {
                let json = String(decoding: try encoder.encode(response), as: UTF8.self)
                let decoded = try #require(self.decoded(json))
                guard let got = self.read(json) else {
                    #expect(json.contains("\\"), "only an escaped string is handed back: \(json)")
                    continue
                }
                read += 1
                #expect(got.ratings == decoded.ratings && got.reasons == decoded.reasons, "\(json)")
            }
        }
        #expect(read > 400, "most answers are read without the decoder")
    }

    /// Whatever the reader reads, it reads as the decoder does; and every text here that it must not
    /// read (the decoder refuses it, or reads it in a way the reader does not follow) it hands back.
    @Test func handsBackWhatItDoesNotRead() {
        let read = [
            #"{"choices":{},"ratings":{"overall":5},"reasons":[]}"#,
            #" { "choices" : { "frequency" : "first" } , "ratings" : { } , "reasons" : [ "a" , "b" ] , "comment" : null } "#,
            #"{"reasons":["x"],"ratings":{"overall":-0,"trust":12},"choices":{},"reasonText":"ไทย"}"#,
        ]
        for json in read {
            let decoded = decoded(json)
            let got = self.read(json)
            #expect(decoded != nil && got != nil, "\(json)")
            #expect(got?.ratings == decoded?.ratings && got?.reasons == decoded?.reasons, "\(json)")
        }
        let handedBack = [
            "", "null", "[]", "{}", #"{"ratings":{"overall":5},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"overall":5},"reasons":[]} x"#,
            #"{"choices":{},"ratings":{"overall":5.0},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"overall":5e0},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"overall":05},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"overall":"5"},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"overall":99999999999999999999},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"overall":5,"overall":4},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"overall":5},"reasons":[],"reasons":["a"]}"#,
            #"{"choices":{"a":"1","a":"2"},"ratings":{},"reasons":[]}"#,
            #"{"choices":{"a":1},"ratings":{},"reasons":[]}"#,
            #"{"choices":{},"ratings":{"over\u0061ll":5},"reasons":[]}"#,
            #"{"choices":{},"ratings":{},"reasons":["de\/lay"]}"#,
            #"{"choices":{},"ratings":{},"reasons":[1]}"#,
            #"{"choices":{},"ratings":{},"reasons":[],"comment":5}"#,
            #"{"choices":{},"ratings":{},"reasons":[],"extra":1}"#,
            #"{"choices":{},"ratings":{},"reasons":[],}"#,
            #"{"choices":{},"ratings":{},"reasons":["a",]}"#,
            "{\"choices\":{},\"ratings\":{},\"reasons\":[\"a\tb\"]}",
            #"{"choices":null,"ratings":{},"reasons":[]}"#,
            #"{"choices":{},"ratings":{},"reasons":[]"#,
        ]
        for json in handedBack {
            #expect(self.read(json) == nil, "\(json)")
        }
        // Bytes that are not UTF-8 inside a string are handed back too.
        var reader = SurveyResponseReader()
        var bytes = Array(#"{"choices":{},"ratings":{},"reasons":[],"comment":"x"}"#.utf8)
        bytes[bytes.count - 3] = 0xE0
        var names = SurveyFactColumns()
        #expect(!bytes.withUnsafeBufferPointer { reader.read($0, place: { names.place($0) }) })
    }
}
