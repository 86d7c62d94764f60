import Foundation
import Testing
@testable import Hotline

@Suite("Text encodings")
struct TextEncodingTests {
    /// "เลขที่สาย" written out byte by byte from the TIS-620 table, not with our encoder.
    static let callNumberInWindows874: [UInt8] = [0xE0, 0xC5, 0xA2, 0xB7, 0xD5, 0xE8, 0xCA, 0xD2, 0xC2]

    @Test
    func decodesHandWrittenWindows874Bytes() {
        #expect(Windows874.decode(Self.callNumberInWindows874[...]) == "เลขที่สาย")
        // ก and ๛, the first and last Thai letters, and the digits ๐-๙.
        #expect(Windows874.decode([0xA1, 0xFB][...]) == "ก๛")
        #expect(Windows874.decode([0xF0, 0xF9][...]) == "๐๙")
        // The punctuation Windows adds to TIS-620.
        #expect(Windows874.decode([0x80, 0x85, 0x93, 0x41, 0x94, 0x96][...]) == "€…\u{201C}A\u{201D}–")
        // Bytes the code page leaves undefined.
        #expect(Windows874.decode([0xDB, 0xFC, 0x81][...]) == "\u{FFFD}\u{FFFD}\u{FFFD}")
    }

    @Test
    func encoderAndDecoderAgreeOnEveryThaiCharacter() throws {
        let thai = String(String.UnicodeScalarView((0x0E01...0x0E3A).compactMap(Unicode.Scalar.init)
            + (0x0E3F...0x0E5B).compactMap(Unicode.Scalar.init)))
        let bytes = try #require(Windows874.encode(thai))
        #expect(bytes.count == thai.unicodeScalars.count)
        #expect(bytes.allSatisfy { (0xA1...0xFB).contains($0) })
        #expect(Windows874.decode(bytes[...]) == thai)
        #expect(Windows874.encode("เลขที่สาย") == Self.callNumberInWindows874)
        #expect(Windows874.encode("日本") == nil)
    }

    @Test
    func sniffsUTF8() {
        var sniffer = EncodingSniffer()
        sniffer.feed(Array("call_id,เรื่อง\n".utf8))
        #expect(sniffer.verdict == .utf8)
    }

    @Test
    func sniffsWindows874() throws {
        var sniffer = EncodingSniffer()
        sniffer.feed(Array("call_id,".utf8) + Self.callNumberInWindows874)
        #expect(sniffer.verdict == .windows874)
    }

    @Test
    func asciiDecidesNothingUntilTheFirstNonASCIIChunk() {
        var sniffer = EncodingSniffer()
        sniffer.feed(Array("call_id,started_at,disposition\n".utf8))
        #expect(sniffer.verdict == nil)
        sniffer.feed([0x31, 0x2C] + Self.callNumberInWindows874)
        #expect(sniffer.verdict == .windows874)
    }

    @Test
    func aUTF8SequenceCutByAChunkWaitsForTheNextChunk() {
        let bytes = Array("ก".utf8) // E0 B8 81
        var sniffer = EncodingSniffer()
        sniffer.feed(Array("ab".utf8) + bytes.prefix(2))
        #expect(sniffer.verdict == nil)
        sniffer.feed(Array(bytes.suffix(1)) + Array(",x".utf8))
        #expect(sniffer.verdict == .utf8)
    }

    @Test
    func invalidUTF8WithoutThaiBytesIsReadAsUTF8() {
        var sniffer = EncodingSniffer()
        sniffer.feed([0x41, 0xFF, 0x42])
        #expect(sniffer.verdict == .utf8)
    }

    @Test
    func utf8CheckRejectsOverlongsAndSurrogates() {
        #expect(UTF8Check.scan(Array("สวัสดี".utf8)[...]) == .valid)
        #expect(UTF8Check.scan([0xC0, 0x80][...]) == .invalid)
        #expect(UTF8Check.scan([0xED, 0xA0, 0x80][...]) == .invalid)
        #expect(UTF8Check.scan([0x41, 0xE0, 0xB8][...]) == .truncated(at: 1))
    }

    @Test
    func commandLineSpellings() {
        #expect(HotlineTextEncoding(argument: "auto") == .auto)
        #expect(HotlineTextEncoding(argument: "UTF-8") == .utf8)
        #expect(HotlineTextEncoding(argument: "utf8") == .utf8)
        #expect(HotlineTextEncoding(argument: "windows-874") == .windows874)
        #expect(HotlineTextEncoding(argument: "TIS-620") == .windows874)
        #expect(HotlineTextEncoding(argument: "cp874") == .windows874)
        #expect(HotlineTextEncoding(argument: "latin1") == nil)
    }

    @Test
    func fieldsAreTrimmedIncludingNoBreakSpacesAndGetLFLineEnds() {
        let utf8 = FieldDecoder(encoding: .utf8)
        #expect(utf8.text(Array("\u{00A0} ก ข\r\nค \t".utf8)[...]) == "ก ข\nค")
        let thai = FieldDecoder(encoding: .windows874)
        #expect(thai.text(([0xA0, 0x20] + Self.callNumberInWindows874 + [0x0D, 0xA0])[...]) == "เลขที่สาย")
    }
}
