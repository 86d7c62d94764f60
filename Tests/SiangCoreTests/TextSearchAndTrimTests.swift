import Foundation
import SiangTestSupport
import Testing
@testable import SiangCore

/// The Foundation-free text helpers bulk intake uses must answer as Foundation does.
@Suite struct TextSearchAndTrimTests {
    static let pieces: [String] = ["ไฟ", "ถนน", "ดับ", "น้ำ", "ไม่", "ไหล", "ซอย", "ขยะ", "a", "b", "ab", "A", " ", "\t", "\n", "é", "😀", "1", "ไ"]

    func text(_ g: inout SplitMix64, maxPieces: Int) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &g)).map { _ in Self.pieces.randomElement(using: &g)! }.joined()
    }

    @Test func byteSearchFindsWhatFoundationFinds() {
        var g = SplitMix64(seed: 7)
        var found = 0
        for _ in 0..<20_000 {
            let haystack = text(&g, maxPieces: 12)
            let needle = text(&g, maxPieces: 3)
            let expected = needle.isEmpty ? false : haystack.contains(needle)
            #expect(UTF8Search.contains(needle, in: haystack) == expected, "\(needle) in \(haystack)")
            if expected { found += 1 }
        }
        #expect(found > 1_000, "the sample should have plenty of matches, had \(found)")
    }

    @Test func byteSearchEdges() {
        #expect(UTF8Search.contains("ไฟดับ", in: "ไฟดับ"))
        #expect(UTF8Search.contains("ดับ", in: "ไฟถนนดับทั้งซอย"))
        #expect(!UTF8Search.contains("ดับ", in: "ดั"))
        #expect(!UTF8Search.contains("", in: "ไฟ"))
        #expect(!UTF8Search.contains("ไฟ", in: ""))
        #expect(UTF8Search.contains("a", in: "ba"))
        #expect(UTF8Search.contains("ab", in: "aab"))
    }

    @Test func trimmingMatchesFoundationForEveryScalarAtEitherEnd() {
        for value in UInt32(0)...0x1_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for s in ["\(scalar)", "\(scalar)ไฟ\(scalar)", "ก\(scalar)"] {
                #expect(s.trimmingWhitespace == s.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
            }
        }
    }

    @Test func trimmingMatchesFoundationOnRandomTexts() {
        var g = SplitMix64(seed: 8)
        for _ in 0..<5_000 {
            let s = text(&g, maxPieces: 8)
            #expect(s.trimmingWhitespace == s.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// Hand-written JSON relies on this being what `JSONEncoder`'s `.iso8601` strategy writes, which
    /// drops fractions of a second (ISO8601DateFormatter rounds them; the encoder is what counts).
    @Test func utcTimestampsMatchTheEncoder() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var g = SplitMix64(seed: 9)
        for _ in 0..<5_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &g))
            let encoded = String(decoding: try encoder.encode([date]), as: UTF8.self)
            #expect("[\"\(BangkokTime.iso8601UTC(date))\"]" == encoded)
        }
        #expect(BangkokTime.iso8601UTC(Date(timeIntervalSince1970: 1_795_000_000.999)) == "2026-11-18T11:06:40Z")
    }
}
