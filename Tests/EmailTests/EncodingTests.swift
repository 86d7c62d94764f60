import Foundation
import Testing
@testable import Email

private func bytes(_ s: String) -> ArraySlice<UInt8> { Array(s.utf8)[...] }
private func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

@Suite("Transfer encodings")
struct TransferEncodingTests {
    @Test func quotedPrintableSoftBreaksEscapesAndTrailingBlanks() {
        let input = "=E0=B8=81=E0=B8=\r\n=82 a=3Db  \r\nline=  \nnext=\nend=e0=b8=84"
        let result = TransferDecoding.quotedPrintable(bytes(input))
        #expect(text(result.bytes) == "กข a=b\r\nlinenextendค")
        #expect(result.malformed == 0)
    }

    @Test func quotedPrintableKeepsMalformedEscapes() {
        let result = TransferDecoding.quotedPrintable(bytes("100=% =ZZ ok="))
        #expect(text(result.bytes) == "100=% =ZZ ok")
        #expect(result.malformed == 2)
    }

    @Test func base64IgnoresWhitespaceAndCountsForeignCharacters() {
        let encoded = Data("ถนนชำรุด".utf8).base64EncodedString()
        var damaged = encoded
        damaged.insert(contentsOf: " \r\n\t", at: damaged.index(damaged.startIndex, offsetBy: 4))
        damaged.insert(contentsOf: "!*", at: damaged.index(damaged.startIndex, offsetBy: 12))
        let result = TransferDecoding.base64(bytes(damaged))
        #expect(text(result.bytes) == "ถนนชำรุด")
        #expect(result.invalid == 2)
        #expect(!result.truncated)
    }

    @Test func base64WithoutPaddingAndConcatenatedBlocks() {
        #expect(text(TransferDecoding.base64(bytes("4LiB")).bytes) == "ก")
        #expect(text(TransferDecoding.base64(bytes("YWI")).bytes) == "ab")
        #expect(text(TransferDecoding.base64(bytes("YQ==YWI=")).bytes) == "aab")
        let lone = TransferDecoding.base64(bytes("YWJjZ"))
        #expect(text(lone.bytes) == "abc")
        #expect(lone.truncated)
    }

    @Test(arguments: [
        ("base64", TransferEncoding.base64), ("BASE64", .base64), ("\"Base64\"", .base64), (" base64; ", .base64),
        ("Quoted-Printable", .quotedPrintable), ("7bit", .identity), ("8BIT", .identity), ("binary", .identity),
        ("", .identity), ("x-uuencode", .unknown("x-uuencode")),
    ])
    func transferEncodingNames(value: String, expected: TransferEncoding) {
        #expect(TransferEncoding(header: bytes(value)) == expected)
    }

    @Test func qEncodingUnderscoresAreSpaces() {
        #expect(text(TransferDecoding.qEncoding(bytes("=E0=B8=81_=E0=B8=82=5F"))) == "ก ข_")
    }
}

@Suite("Charsets")
struct CharsetTests {
    @Test(arguments: [
        ("UTF-8", Charset.utf8), ("utf8", .utf8), ("\"utf-8\"", .utf8), ("utf-8*th", .utf8),
        ("TIS-620", .tis620), ("tis620", .tis620), ("TIS_620", .tis620), ("iso-ir-166", .tis620),
        ("windows-874", .windows874), ("x-windows-874", .windows874), ("cp874", .windows874), ("MS874", .windows874),
        ("ISO-8859-11", .iso8859_11), ("iso8859-11", .iso8859_11), ("iso_8859-11", .iso8859_11),
        ("us-ascii", .usASCII), ("ASCII", .usASCII), ("iso-8859-1", .latin1), ("latin1", .latin1),
        ("windows-1252", .windows1252), ("CP1252", .windows1252),
    ])
    func labelsAndAliases(label: String, expected: Charset) {
        #expect(Charset(label: bytes(label)) == expected)
    }

    @Test func unknownLabelsAreNotGuessed() {
        #expect(Charset(label: bytes("x-mac-thai")) == nil)
        #expect(Charset(label: bytes("utf-16")) == nil)
    }

    @Test func thaiRangeMapsToU0E01ThroughU0E5B() {
        let all = TextDecoder.windows874(Array(UInt8(0xA1)...UInt8(0xFB))[...])
        let scalars = String(decoding: all, as: UTF8.self).unicodeScalars.map(\.value)
        #expect(scalars == Array(0x0E01...0x0E5B))
    }

    @Test func windows874PunctuationAndTheRest() {
        let decoded = text(TextDecoder.windows874([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xA0, 0x81, 0xFF, 0x41][...]))
        #expect(decoded == "€…‘’“”•–—\u{A0}\u{FFFD}\u{FFFD}A")
    }

    @Test func sameBytesInAllThreeThaiCharsets() {
        let raw: ArraySlice<UInt8> = [0xCA, 0xC7, 0xD1, 0xCA, 0xB4, 0xD5]  // "สวัสดี" in TIS-620
        var diagnostics = Diagnostics()
        for label in ["tis-620", "windows-874", "iso-8859-11"] {
            #expect(text(TextDecoder.decode(raw, label: bytes(label), subject: "t", diagnostics: &diagnostics)) == "สวัสดี")
        }
        #expect(diagnostics.warnings.isEmpty)
    }

    @Test func invalidUTF8IsRepairedWhenMostlyUTF8() {
        var diagnostics = Diagnostics()
        let input = Array("ถนน".utf8) + [0xFF] + Array("ชำรุด".utf8)
        #expect(text(TextDecoder.decode(input[...], label: bytes("utf-8"), subject: "Part 1", diagnostics: &diagnostics)) == "ถนน\u{FFFD}ชำรุด")
        #expect(diagnostics.warnings == ["Part 1: replaced 1 byte that is not valid UTF-8 with U+FFFD."])
    }

    @Test func tis620LabelledUTF8IsReadAsWindows874() {
        var diagnostics = Diagnostics()
        let tis: ArraySlice<UInt8> = [0xB6, 0xB9, 0xB9, 0xAA, 0xD3, 0xC3, 0xD8, 0xB4]  // "ถนนชำรุด"
        #expect(text(TextDecoder.decode(tis, label: bytes("utf-8"), subject: "Part 1", diagnostics: &diagnostics)) == "ถนนชำรุด")
        #expect(diagnostics.warnings == ["Part 1: declared UTF-8 but is not; read as Windows-874."])
    }
}

@Suite("RFC 2047 encoded words")
struct EncodedWordTests {
    private func decode(_ s: String) -> (String, [String]) {
        var diagnostics = Diagnostics()
        let out = EncodedWords.decode(bytes(s), subject: "Header Subject", diagnostics: &diagnostics)
        return (text(out), diagnostics.warnings)
    }

    @Test func bAndQWords() {
        #expect(decode("=?UTF-8?B?4LiX4LiU4Liq4Lit4Lia?=").0 == "ทดสอบ")
        #expect(decode("=?utf-8?q?=E0=B8=97=E0=B8=94_=E0=B8=AA?=").0 == "ทด ส")
    }

    @Test func whitespaceBetweenAdjacentWordsIsDroppedButNotAroundText() {
        #expect(decode("=?UTF-8?Q?=E0=B8=81?= \r\n\t =?UTF-8?Q?=E0=B8=82?=").0 == "กข")
        #expect(decode("Re: =?UTF-8?Q?=E0=B8=81?= x =?UTF-8?Q?=E0=B8=82?= end").0 == "Re: ก x ข end")
    }

    @Test func aLetterSplitAcrossWordsOfTheSameCharsetIsWhole() {
        // "ก" is E0 B8 81: the first word ends after E0 B8.
        #expect(decode("=?UTF-8?B?4Lg=?= =?utf-8?Q?=81=E0=B8=82?=").0 == "กข")
    }

    @Test func wordsInDifferentCharsetsAreDecodedSeparately() {
        #expect(decode("=?TIS-620?Q?=A1?= =?UTF-8?Q?=E0=B8=82?=").0 == "กข")
    }

    @Test func wordGluedToTextAndMalformedWords() {
        #expect(decode("ID:=?UTF-8?Q?=E0=B8=81?=!").0 == "ID:ก!")
        #expect(decode("=?UTF-8?X?abc?= =?broken").0 == "=?UTF-8?X?abc?= =?broken")
        #expect(decode("a = b ?= c").0 == "a = b ?= c")
    }

    @Test func rawEightBitHeaderTextIsUTF8OrWindows874() {
        #expect(decode("ถนน").0 == "ถนน")
        var diagnostics = Diagnostics()
        let tis: ArraySlice<UInt8> = [0xB6, 0xB9, 0xB9, 0xAA, 0xD3, 0xC3, 0xD8, 0xB4]  // "ถนนชำรุด" in TIS-620
        #expect(text(EncodedWords.decode(tis, subject: "s", diagnostics: &diagnostics)) == "ถนนชำรุด")
    }

    @Test func unknownCharsetInAWordWarns() {
        let (value, warnings) = decode("=?x-unknown?Q?=E0=B8=81?=")
        #expect(value == "ก")
        #expect(warnings == ["Header Subject: unknown charset \"x-unknown\"; read as UTF-8."])
    }
}

@Suite("Structured header values")
struct HeaderValueTests {
    private func filename(_ header: String) -> String? {
        var diagnostics = Diagnostics()
        return ParameterizedValue(bytes(header)).text("filename", subject: "Part 1 file name", diagnostics: &diagnostics)
    }

    @Test func typeAndParametersQuotedOrNot() {
        let value = ParameterizedValue(bytes("Multipart/Mixed; BOUNDARY=\"a;b \\\"c\\\"\"; charset=utf-8 ; empty=; flag"))
        #expect(value.value == "multipart/mixed")
        #expect(value.raw("boundary").map { text(Array($0)) } == "a;b \"c\"")
        #expect(value.raw("charset").map { text(Array($0)) } == "utf-8")
        #expect(value.raw("empty").map { text(Array($0)) } == "")
        #expect(ParameterizedValue(bytes("text/plain charset=utf-8")).value == "text/plain")
        #expect(ParameterizedValue(bytes(" TEXT/HTML (generated) ; charset=tis-620")).value == "text/html")
    }

    @Test func rfc2231ExtendedAndContinuedFileNames() {
        #expect(filename("attachment; filename*=utf-8''%E0%B8%A3%E0%B8%B9%E0%B8%9B.jpg") == "รูป.jpg")
        #expect(filename("attachment; filename*=UTF-8'th'%E0%B8%A3%E0%B8%B9%E0%B8%9B.jpg") == "รูป.jpg")
        #expect(filename("attachment; filename*1*=%E0%B8%9B.jpg; filename*0*=utf-8''%E0%B8%A3%E0%B8%B9") == "รูป.jpg")
        #expect(filename("attachment; filename*0=\"part one \"; filename*1=\"and two.txt\"") == "part one and two.txt")
        #expect(filename("attachment; filename*=tis-620''%C3%D9%BB.jpg") == "รูป.jpg")
        #expect(filename("attachment; filename=\"=?UTF-8?B?4Lij4Li54LibLmpwZw==?=\"") == "รูป.jpg")
        #expect(filename("attachment; filename=plain.pdf") == "plain.pdf")
        #expect(filename("inline") == nil)
    }

    @Test func fileNamesLoseTheirPaths() {
        #expect(MessageBody.sanitizedFilename("C:\\Users\\somchai\\รูป.jpg") == "รูป.jpg")
        #expect(MessageBody.sanitizedFilename("../../etc/passwd") == "passwd")
        #expect(MessageBody.sanitizedFilename(" .. ") == nil)
    }

    @Test(arguments: [
        ("สมชาย ใจดี <somchai@example.com>", "สมชาย ใจดี", "somchai@example.com"),
        ("\"ใจดี, สมชาย\" <somchai@example.com>, other@example.com", "ใจดี, สมชาย", "somchai@example.com"),
        ("somchai@example.com (สมชาย)", "สมชาย", "somchai@example.com"),
        ("<somchai@example.com>", nil, "somchai@example.com"),
        ("somchai@example.com", nil, "somchai@example.com"),
        ("\"=?UTF-8?B?4Liq4Lih4LiK4Liy4Lii?=\" <somchai@example.com>", "สมชาย", "somchai@example.com"),
        ("Somchai <@relay.example:somchai@example.com>", "Somchai", "somchai@example.com"),
    ] as [(String, String?, String)])
    func addresses(header: String, name: String?, address: String) {
        var diagnostics = Diagnostics()
        #expect(AddressParser.firstMailbox(bytes(header), header: "From", diagnostics: &diagnostics)
                == EmailAddress(name: name, address: address))
    }

    @Test func messageIdentifiers() {
        #expect(MessageIdentifiers.all(bytes(" <a@b>  <c@d>\t<e@f> ")) == ["a@b", "c@d", "e@f"])
        #expect(MessageIdentifiers.all(bytes("a@b")) == ["a@b"])
        #expect(MessageIdentifiers.all(bytes("Your message of Monday <x@y>")) == ["x@y"])
        #expect(MessageIdentifiers.all(bytes("Your message of Monday")) == [])
    }
}
