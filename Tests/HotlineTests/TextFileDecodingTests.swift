import Foundation
import Testing
@testable import Hotline

/// Whole files read as UTF-8 or Windows-874 with the hotline detector (`siang import survey`).
@Suite("Text file decoding")
struct TextFileDecodingTests {
    /// A survey export with Thai headers and answers, as Excel on Thai Windows saves it.
    static let csv = "ประทับเวลา,ความพึงพอใจโดยรวม,ความคิดเห็น\n2026-11-20 10:00,2,รอนานเกินไป\n"

    @Test
    func aTIS620FileIsDetectedAndReadAsThai() throws {
        let bytes = try #require(Windows874.encode(Self.csv))
        // ป (0xBB) written out from the TIS-620 table, not by our encoder.
        #expect(bytes.first == 0xBB)
        let decoded = try TextFileDecoding.decode(Data(bytes), encoding: .auto)
        #expect(decoded.encoding == .windows874)
        #expect(decoded.text == Self.csv)
        #expect(try TextFileDecoding.decode(Data(bytes), encoding: .windows874).text == Self.csv)
    }

    @Test
    func utf8WithOrWithoutAByteOrderMarkStaysUTF8() throws {
        let plain = try TextFileDecoding.decode(Data(Self.csv.utf8), encoding: .auto)
        #expect(plain.encoding == .utf8 && plain.text == Self.csv)
        let marked = try TextFileDecoding.decode(Data([0xEF, 0xBB, 0xBF] + Array(Self.csv.utf8)), encoding: .auto)
        #expect(marked.encoding == .utf8 && marked.text == "\u{FEFF}" + Self.csv)
    }

    @Test
    func aFileInNeitherEncodingIsRefusedWhole() {
        // Excel's "Unicode text": UTF-16 with its byte order mark.
        let utf16 = Data([0xFF, 0xFE] + Self.csv.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(throws: TextFileDecoding.Failure.neither) { try TextFileDecoding.decode(utf16, encoding: .auto) }
        #expect(TextFileDecoding.Failure.neither.description.contains("neither UTF-8 nor Windows-874"))
        // Windows-874 named for a UTF-8 file with bytes the code page leaves undefined, and the reverse.
        #expect(throws: TextFileDecoding.Failure.notWindows874) { try TextFileDecoding.decode(utf16, encoding: .windows874) }
        let tis = Data(Windows874.encode(Self.csv)!)
        #expect(throws: TextFileDecoding.Failure.notUTF8) { try TextFileDecoding.decode(tis, encoding: .utf8) }
    }
}
