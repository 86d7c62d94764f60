import Foundation
import Testing
@testable import SiangReports

/// A hand-built `JSONValue` written through `Encodable` (the evidence pack's L2 entries, the scoring-core
/// parts) reads back as the same value, and numbers come out as the hand writer writes them.
@Suite struct JSONValueEncodingTests {
    func encoded(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func aValueWrittenThroughEncodableReadsBackTheSame() throws {
        let value = JSONValue.object([
            "id": .integer(3), "share": .number(71.43), "none": .null, "ok": .bool(true), "name": .string("กองช่าง \"ก\""),
            "list": .array([.integer(-2), .number(0.5), .object([:])]),
        ])
        let text = try encoded(value)
        #expect(JSONValue.parse(text) == value)
        #expect(text == value.serialized(rounding: false), "the same bytes as the hand writer, keys sorted")
    }

    @Test func wholeNumbersAreIntegersAndNumbersJSONCannotHoldAreNull() throws {
        #expect(try encoded(.array([.integer(20), .number(85.0), .number(.infinity), .number(.nan)])) == "[20,85,null,null]")
    }
}
