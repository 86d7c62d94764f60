import Foundation
import SiangTestSupport
import Testing
@testable import Email

/// The fixture corpus: hand-made Thai complaint mails to a municipality (invented people, `.example`
/// domains), one per encoding or breakage the email channel must read.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name + ".eml")))
    }

    static func parse(_ name: String) throws -> ParsedEmail {
        MIMEParser.parse(try bytes(name))
    }

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }

    static func utc(_ iso: String) -> Date {
        ISO8601DateFormatter().date(from: iso)!
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hex(bytes) }
}

@Suite("MIME parser: encodings and charsets")
struct MIMEEncodingTests {
    @Test func plainUTF8MessageGivesItsFieldsAndExactText() throws {
        let mail = try Fixtures.parse("01-plain-utf8-8bit")
        #expect(mail.messageID == "20261121093000.1234@mail.example.com")
        #expect(mail.subject == "ไฟถนนดับ ซอยสุขใจ 5")
        #expect(mail.from == EmailAddress(name: "สมชาย ใจดี", address: "somchai.j@example.com"))
        #expect(mail.date == Fixtures.utc("2026-11-21T02:30:00Z"))
        #expect(mail.text == """
            เรียน เจ้าหน้าที่เทศบาล

            ไฟถนนในซอยสุขใจ 5 ดับมาแล้ว 3 คืน ช่วงหน้าบ้านเลขที่ 12/3 มืดมาก
            กลัวเกิดอุบัติเหตุและมีคนร้าย ขอให้ช่วยตรวจสอบด้วยครับ

            ขอบคุณครับ
            สมชาย
            """)
        #expect(mail.attachments.isEmpty)
        #expect(mail.warnings.isEmpty)
        #expect(!mail.isAutomatic)
        #expect(mail.messageKey == "20261121093000.1234@mail.example.com")
    }

    @Test func tis620QuotedPrintableBodyAndQEncodedSubjectWithUnderscores() throws {
        let mail = try Fixtures.parse("02-plain-tis620-qp")
        #expect(mail.subject == "น้ำประปาไม่ไหล หมู่ 4")
        #expect(mail.from?.name == "วันเพ็ญ มีสุข")
        #expect(mail.text == """
            เรียน ผู้อำนวยการกองช่าง

            น้ำประปาไม่ไหลตั้งแต่เมื่อวานเย็น หมู่ 4 ตำบลบ้านใหม่ ประมาณ 20 หลังคาเรือน ขอให้ส่งรถน้ำมาช่วยก่อนและแจ้งกำหนดการซ่อมด้วยค่ะ

            วันเพ็ญ
            """)
        #expect(mail.warnings.isEmpty)
    }

    @Test func windows874Base64KeepsItsPunctuation() throws {
        let mail = try Fixtures.parse("03-windows874-base64")
        #expect(mail.subject == "ร้องเรียน “หาบเร่แผงลอย” บนทางเท้า")
        #expect(mail.from?.name == "ประยุทธ์ ทองดี")
        #expect(mail.text == "ร้านค้าริมทาง “ตลาดเช้า” วางของล้นทางเท้า… คนเดินต้องลงไปเดินบนถนน – อันตรายมาก\nขอให้เทศกิจมาดูแลช่วง 06:00–09:00 น.")
        #expect(mail.warnings.isEmpty)
    }

    @Test func iso8859_11EightBitBody() throws {
        let mail = try Fixtures.parse("04-iso8859-11-8bit")
        #expect(mail.subject == "สุนัขจรจัดหน้าโรงเรียน")
        #expect(mail.from == EmailAddress(name: nil, address: "anon-citizen@example.org"))
        #expect(mail.text == "สุนัขจรจัดประมาณ 10 ตัว อยู่หน้าโรงเรียนเทศบาล 2 เด็กนักเรียนถูกไล่กัดเมื่อเช้านี้\nรบกวนประสานปศุสัตว์ด้วยครับ")
        #expect(mail.warnings.isEmpty)
    }

    @Test func encodedWordsSplitInsideAUTF8LetterAreJoinedBeforeDecoding() throws {
        let mail = try Fixtures.parse("11-encoded-words-split")
        #expect(mail.subject == "ร้องเรียน: ขยะไม่ได้เก็บ 2 สัปดาห์")
        #expect(mail.from == EmailAddress(name: "นางสาว สมใจ รักดี", address: "somjai.r@example.com"))
        #expect(mail.warnings.isEmpty)
    }

    @Test func adjacentTIS620WordsJoinAndTextBetweenWordsIsKept() throws {
        let mail = try Fixtures.parse("12-reply-tis620-words")
        #expect(mail.subject == "Re: [CMP-69K7MQ2XDJN] ท่อระบายน้ำอุดตัน ยังไม่ได้แก้ไข (ครั้งที่ 2)")
        // Whitespace between two encoded words is not part of the text (RFC 2047 6.2).
        #expect(mail.from?.name == "วันเพ็ญมีสุข")
        #expect(mail.text == "ยังไม่มีเจ้าหน้าที่มาตรวจสอบเลยค่ะ\n\n> เทศบาลได้รับเรื่องของท่านแล้ว")
    }

    @Test func quotedPrintableSoftBreakInsideAThaiLetter() throws {
        let mail = try Fixtures.parse("23-reply-qp-soft-break")
        #expect(mail.text == "ได้รับการแก้ไขแล้ว ขอบคุณมากครับ\n\n> เทศบาลได้ดำเนินการแล้ว")
        #expect(mail.warnings.isEmpty)
    }

    @Test func unknownCharsetsFallBackToUTF8ThenWindows874WithWarnings() throws {
        let mail = try Fixtures.parse("15-unknown-charset")
        #expect(mail.subject == "ต้นไม้บังป้ายจราจร")
        #expect(mail.text == "ต้นไม้บังป้ายหยุดที่สี่แยก\n\nรบกวนตัดแต่งกิ่งด้วย")
        #expect(mail.warnings == [
            "Header Subject: unknown charset \"x-thai-unknown\"; read as UTF-8.",
            "Part 1: unknown charset \"x-thai-unknown\"; read as UTF-8.",
            "Part 2: unknown charset \"x-mac-thai\"; read as Windows-874.",
        ])
    }

    @Test func mislabelledCharsetsAreCorrected() throws {
        let mail = try Fixtures.parse("29-mislabelled-charsets")
        #expect(mail.subject == "ไฟดับ")
        #expect(mail.text == "ไฟฟ้าดับทั้งหมู่บ้าน\n\nตั้งแต่สองทุ่ม\n\nตู้เย็นเสียหาย")
        #expect(mail.warnings == [
            "Header Subject: declared ISO-8859-1 but is Thai; read as Windows-874.",
            "Part 1: declared ISO-8859-1 but is Thai; read as Windows-874.",
            "Part 2: declared TIS-620 but is UTF-8; read as UTF-8.",
            "Part 3: no charset but contains 8-bit text; read as UTF-8.",
        ])
    }

    @Test func formatFlowedLinesAreRejoined() throws {
        let mail = try Fixtures.parse("25-format-flowed")
        #expect(mail.text == """
            ชุมชนริมคลองมียุงเยอะมาก มีเด็กป่วยเป็นไข้เลือดออกแล้ว 2 คนขอให้มาพ่นหมอกควันด้วยครับ

            > เมื่อเดือนที่แล้วพ่นไปครั้งหนึ่งแล้ว
            --
            Tawan
            """)
    }
}

@Suite("MIME parser: multipart structure and body choice")
struct MIMEStructureTests {
    @Test func alternativePrefersPlainText() throws {
        let mail = try Fixtures.parse("05-alternative-plain-html")
        #expect(mail.from == EmailAddress(name: "มานี มีนา", address: "manee.m@example.com"))
        #expect(mail.text == "ท่อระบายน้ำหน้าตลาดสดอุดตัน น้ำท่วมขังทุกครั้งที่ฝนตก ส่งกลิ่นเหม็นมาก\nพิกัดโดยประมาณ 13.7563, 100.5018")
        #expect(mail.attachments.isEmpty)
        #expect(mail.warnings.isEmpty)
    }

    @Test func htmlOnlyBodyBecomesReadableText() throws {
        let mail = try Fixtures.parse("06-html-only")
        #expect(mail.text == """
            เรียน เจ้าหน้าที่

            ต้นไม้ล้มขวางถนน ซอยคลองหลวง 7
            ตั้งแต่ตี 3 ยังไม่มีใครมาเก็บ

            - รถยนต์ผ่านไม่ได้
            - สายไฟ & สายโทรศัพท์ขาด

            จุดที่ 1 <หน้าวัด>
            จุดที่ 2 "ปากซอย"

            ขอบคุณค่ะ
            สุดา
            """)
        #expect(mail.warnings.isEmpty)
    }

    @Test func htmlCharsetDeclaredInMetaIsUsedWhenMIMEGivesNone() throws {
        let mail = try Fixtures.parse("27-html-meta-charset")
        #expect(mail.subject == "สะพานไม้ผุ")
        #expect(mail.text == "ขอให้ซ่อมสะพานไม้ข้ามคลองหมู่ 7\n\nไม้ผุหลายแผ่น")
        #expect(mail.warnings.isEmpty)
    }

    @Test func outlookWindows874AlternativeReadsThePlainPart() throws {
        let mail = try Fixtures.parse("30-outlook-windows874")
        #expect(mail.subject == "ภาษีป้ายซ้ำซ้อน")
        #expect(mail.from?.name == "ฝ่ายบัญชี")
        #expect(mail.text == "เรียน นายกเทศมนตรี\n\nขอร้องเรียนเรื่องการจัดเก็บภาษีป้ายซ้ำซ้อน ได้รับหนังสือแจ้ง 2 ฉบับ ในปีเดียวกัน\n\nด้วยความเคารพ\nบริษัท ตัวอย่าง จำกัด")
    }

    @Test func mixedMessageKeepsBodyAndNamedAttachments() throws {
        let mail = try Fixtures.parse("07-mixed-attachments")
        #expect(mail.from?.name == "ชัยวัฒน์")
        #expect(mail.text == "แนบรูปถนนชำรุดและหนังสือร้องเรียนมาด้วยครับ\nหลุมลึกประมาณ 30 ซม. รถจักรยานยนต์ล้มไปแล้ว 2 คัน")
        #expect(mail.attachments.map(\.filename) == ["ถนนชำรุด.jpg", "หนังสือร้องเรียน.pdf"])
        #expect(mail.attachments.map(\.contentType) == ["image/jpeg", "application/pdf"])
        #expect(mail.attachments.map(\.size) == [6022, 1076])
        #expect(Fixtures.sha256(mail.attachments[0].data) == "c232bd176e54a4cb0d96c09ef6acc03488b645bbde951c5395f02a61cb4bd1a6")
        #expect(Fixtures.sha256(mail.attachments[1].data) == "a2ae0837e4e73a2d9596471f20e6f1a8c6790617feb3f344c9b3f54549820d09")
        #expect(mail.attachments.allSatisfy { !$0.isInline })
        #expect(mail.warnings.isEmpty)
    }

    @Test func rfc2231ContinuationsNameOnlyAndTIS620FileNames() throws {
        let mail = try Fixtures.parse("08-rfc2231-continuations")
        #expect(mail.attachments.map(\.filename) == ["รูปถ่ายจุดเกิดเหตุ ซอยวัดกลาง.jpg", "แบบคำร้อง.docx", "แผนที่.pdf"])
        #expect(mail.attachments[1].contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(mail.attachments.map(\.size) == [922, 304, 15])
        #expect(mail.text == "ไฟไหม้หญ้าข้างทางใกล้ปั๊มน้ำมัน ควันเต็มถนน แนบรูปและเอกสาร 3 ไฟล์")
        #expect(mail.warnings.isEmpty)
    }

    @Test func inlineImageOfARelatedHTMLPartIsStillAnAttachment() throws {
        let mail = try Fixtures.parse("09-related-inline-image")
        #expect(mail.text == "ป้ายโฆษณาริมถนนใหญ่เอียงจะล้ม [image: ป้าย.png]\nลมแรงมากวันนี้")
        #expect(mail.attachments.count == 1)
        let image = try #require(mail.attachments.first)
        #expect(image.filename == nil)
        #expect(image.suggestedFilename == "attachment.png")
        #expect(image.contentType == "image/png")
        #expect(image.contentID == "ii_photo09@example")
        #expect(image.isInline)
        #expect(image.data.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test func nestedUnquotedBoundariesThatExtendEachOther() throws {
        let mail = try Fixtures.parse("10-nested-unquoted-boundaries")
        #expect(mail.subject == "เสียงดังรบกวนยามวิกาล")
        #expect(mail.text == "ขอร้องเรียนเรื่องเสียงดังจากร้านคาราโอเกะหลังตลาดทุกคืนจนถึงตี 2\nเด็กในชุมชนไม่ได้นอน")
        #expect(mail.attachments.map(\.filename) == ["รายละเอียดเพิ่มเติม.txt"])
        #expect(String(decoding: mail.attachments[0].data, as: UTF8.self) == "ร้านชื่อ ABC คาราโอเกะ เปิด 20:00-02:00")
        #expect(mail.warnings.isEmpty)
    }

    @Test func iPhoneInlinePhotoIsAnAttachmentWithItsName() throws {
        let mail = try Fixtures.parse("31-iphone-photo")
        #expect(mail.messageID == "31A2B3C4-D5E6-4F70-8192-A3B4C5D6E7F8@example.com")
        #expect(mail.text == "ต้นไม้ใหญ่ล้มทับรั้วโรงเรียนเทศบาล 3 ตามรูปครับ")
        let photo = try #require(mail.attachments.first)
        #expect(photo.filename == "IMG_0042.jpeg")
        #expect(photo.isInline)
        #expect(Fixtures.sha256(photo.data) == "1cc6a0a1da96daef5316f6695ed2e1fdd01fc4fba8e21426b53741d1b5e375cd")
    }

    @Test func forwardedMessageIsKeptAsAnEmlAttachment() throws {
        let mail = try Fixtures.parse("28-forwarded-message")
        #expect(mail.text == "ส่งต่อเรื่องจากเพื่อนบ้านค่ะ")
        let forwarded = try #require(mail.attachments.first)
        #expect(forwarded.contentType == "message/rfc822")
        #expect(forwarded.suggestedFilename == "attachment.eml")
        #expect(MIMEParser.parse(forwarded.data).text == "คลองหลังบ้านน้ำเน่าส่งกลิ่น")
    }
}

@Suite("MIME parser: headers, threading and automatic mail")
struct MIMEHeaderTests {
    @Test func replyCarriesThreadingIdentifiers() throws {
        let mail = try Fixtures.parse("12-reply-tis620-words")
        #expect(mail.messageID == "reply.1212@example.net")
        #expect(mail.inReplyTo == "ack.CMP-69K7MQ2XDJN.1@siang.city.example")
        #expect(mail.references == ["CAF3k2x9QpW1@mail.example.net", "ack.CMP-69K7MQ2XDJN.1@siang.city.example",
                                    "notice.CMP-69K7MQ2XDJN.2@siang.city.example"])
        #expect(mail.headers.values("received").count == 2)
    }

    @Test func foldedHeadersAnyCaseNamesAndQuotedDisplayName() throws {
        let mail = try Fixtures.parse("24-folded-headers")
        #expect(mail.messageID == "folded.2424@example.com")
        #expect(mail.subject == "แจ้งซ่อมทางเท้าชำรุด ถนนราชดำเนิน")
        #expect(mail.from == EmailAddress(name: "Kanda \"Kate\" S.", address: "kanda@example.com"))
        #expect(mail.date == Fixtures.utc("2026-10-30T14:05:00Z"))
        #expect(mail.headers.values("Received").count == 2)
        #expect(mail.headers.value("x-note") == "obsolete space before colon")
        // Unfolding removes the line break and keeps the folding blanks.
        #expect(mail.headers.value("CONTENT-TYPE") == "text/plain;  charset=\"utf-8\"")
        #expect(mail.text == "ทางเท้าหน้าที่ว่าการอำเภอ กระเบื้องแตก")
        #expect(mail.warnings.isEmpty)
    }

    @Test func messageWithoutMessageIDIsKeyedByItsContentHash() throws {
        let raw = try Fixtures.bytes("26-no-message-id")
        let mail = MIMEParser.parse(raw)
        #expect(mail.messageID == nil)
        #expect(mail.date == nil)
        #expect(mail.contentHash == "eee2285472e502cc65e041fafedaa73b6138fe02c457bb9361d0e84ee13861c7")
        #expect(mail.messageKey == "sha256:eee2285472e502cc65e041fafedaa73b6138fe02c457bb9361d0e84ee13861c7")
        #expect(mail.text == "ต้องใช้เอกสารอะไรบ้างคะ")
    }

    @Test func autoReplyIsAutomatic() throws {
        let mail = try Fixtures.parse("20-auto-reply")
        #expect(mail.isAutomatic)
        #expect(mail.autoSubmitted == "auto-replied")
        #expect(mail.precedence == "auto_reply")
        #expect(mail.subject == "ตอบกลับอัตโนมัติ: [CMP-69K7MQ2XDJN] ได้รับเรื่องแล้ว")
    }

    @Test func bounceFromMailerDaemonIsAutomaticWithItsReportParts() throws {
        let mail = try Fixtures.parse("21-bounce-report")
        #expect(mail.isAutomatic)
        #expect(mail.from == EmailAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mx1.city.example"))
        #expect(mail.date == Fixtures.utc("2026-11-02T07:00:00Z"))
        #expect(mail.text.hasPrefix("This is the mail system at host mx1.city.example."))
        #expect(mail.attachments.map(\.contentType) == ["message/delivery-status", "text/rfc822-headers"])
    }

    @Test func bulkNewsletterIsAutomatic() throws {
        let mail = try Fixtures.parse("22-precedence-bulk")
        #expect(mail.isAutomatic)
        #expect(mail.text == "ข่าวประจำเดือน\n\nกิจกรรมวันลอยกระทง")
    }

    @Test func citizenMailIsNotAutomatic() throws {
        for name in ["01-plain-utf8-8bit", "07-mixed-attachments", "12-reply-tis620-words", "31-iphone-photo"] {
            #expect(try !Fixtures.parse(name).isAutomatic, "\(name)")
        }
    }

    @Test(arguments: [
        ("Auto-Submitted: auto-generated", true),
        ("Auto-Submitted: no", false),
        ("Auto-Submitted: No ; comment", false),
        ("Precedence: junk", true),
        ("Precedence: list", true),
        ("Precedence: first-class", false),
        ("X-Autoreply: yes", true),
        ("X-Autorespond: วันหยุด", true),
        ("Return-Path: <>", true),
        ("Return-Path: <somchai@example.com>", false),
        ("Content-Type: multipart/report; report-type=disposition-notification; boundary=x", true),
    ])
    func automaticMailRules(header: String, automatic: Bool) {
        let mail = MIMEParser.parse(Array("From: a@example.com\r\n\(header)\r\n\r\nbody\r\n".utf8))
        #expect(mail.isAutomatic == automatic)
    }

    @Test(arguments: ["postmaster@city.example", "Mailer-Daemon@example.com", "MAILER-DAEMON"])
    func mailFromMailerDaemonOrPostmasterIsAutomatic(from: String) {
        #expect(MIMEParser.parse(Array("From: \(from)\r\n\r\nx\r\n".utf8)).isAutomatic)
    }
}

@Suite("MIME parser: broken input")
struct MIMEBrokenInputTests {
    @Test func missingFinalBoundaryKeepsEverythingReceived() throws {
        let mail = try Fixtures.parse("13-missing-final-boundary")
        #expect(mail.text == "สัญญาณไฟจราจรแยกโรงพยาบาลเสีย กะพริบเหลืองตลอด รถติดยาว")
        let image = try #require(mail.attachments.first)
        #expect(image.filename == "signal.jpg")
        #expect(image.size == 888)
        #expect(Fixtures.sha256(image.data) == "db0834d290bceb67742a3da3b1423d0b23d5de27bb38034876a0d0db1b9e6246")
        #expect(mail.warnings == [
            "Message body: closing boundary missing; read to the end of the message.",
            "Part 2: base64 ends in the middle of a byte; dropped the incomplete end.",
        ])
    }

    @Test func badBase64CharactersAreSkipped() throws {
        let mail = try Fixtures.parse("14-bad-base64")
        #expect(mail.text == "ฝาท่อระบายน้ำหายไป 2 ฝา บริเวณหน้าร้านสะดวกซื้อ ถนนมิตรภาพ")
        #expect(mail.warnings == ["Message body: skipped 3 characters that are not base64."])
    }

    @Test func multipartWithoutBoundaryParameterFindsItsBoundaryLines() throws {
        let mail = try Fixtures.parse("16-boundary-guessed")
        #expect(mail.text == "น้ำท่วมถนนหน้าวัด สูง 40 ซม.")
        #expect(mail.attachments.map(\.filename) == ["flood.jpg"])
        #expect(mail.warnings == ["Message body: multipart/mixed has no boundary parameter; used the first line that looks like a boundary."])
    }

    @Test func noBlankLineBetweenHeadersAndBody() throws {
        let mail = try Fixtures.parse("17-no-blank-line")
        #expect(mail.subject == "รถจอดขวางทางเข้าออก")
        #expect(mail.text == "มีรถกระบะจอดขวางทางเข้าซอยทุกวัน\nเรียกเทศกิจแล้วไม่มา")
        #expect(mail.warnings == ["Message header: no blank line before the body; the body starts at the first line that is not a header."])
    }

    @Test func lfOnlyLineEndings() throws {
        let mail = try Fixtures.parse("18-lf-only")
        #expect(mail.subject == "ไฟทางเดินในสวนสาธารณะ")
        #expect(mail.text == "ขอแจ้งว่าสวนสาธารณะเทศบาลไม่มีไฟส่องสว่างทางเดินด้านทิศเหนือ ตอนค่ำมืดมาก ผู้สูงอายุที่มาออกกำลังกายหกล้มบ่อย")
        #expect(mail.warnings.isEmpty)
    }

    @Test func nulBytesAreRemovedWithWarnings() throws {
        let mail = try Fixtures.parse("19-nul-bytes")
        #expect(mail.subject == "Fwd: ขยะเกลื่อน")
        #expect(mail.text == "ขยะเกลื่อนริมคลอง\nช่วยเก็บด้วย")
        #expect(mail.warnings == [
            "Header Subject: removed 1 NUL byte.",
            "Message body: removed 3 NUL bytes.",
            "Message body: removed 1 control character.",
        ])
    }

    @Test func oneMegabyteHeaderLineIsCutAndTheMessageStillRead() {
        let long = String(repeating: "ก", count: 350_000)  // 1,050,000 bytes of UTF-8
        let raw = Array(("From: a@example.com\r\nX-Long: \(long)\r\nSubject: =?UTF-8?B?\(Data("ทดสอบ".utf8).base64EncodedString())?=\r\n"
                         + "Content-Type: text/plain; charset=utf-8\r\n\r\nเนื้อหา\r\n").utf8)
        let mail = MIMEParser.parse(raw)
        #expect(mail.subject == "ทดสอบ")
        #expect(mail.text == "เนื้อหา")
        // Cut at a letter boundary: 21,845 whole letters of 3 bytes.
        #expect(mail.headers.value("x-long") == String(repeating: "ก", count: 21_845))
        #expect(mail.warnings == ["Header X-Long: 1050000 bytes long; kept the first 65535."])
    }

    @Test func unterminatedMultipartWithoutAnyBoundaryIsReadAsText() {
        let raw = Array("Content-Type: multipart/mixed; boundary=zz\r\n\r\nข้อความที่ไม่มีขอบเขต\r\n".utf8)
        let mail = MIMEParser.parse(raw)
        #expect(mail.text == "ข้อความที่ไม่มีขอบเขต")
        #expect(mail.warnings == [
            "Header From: missing.",
            "Message body: multipart/mixed has no boundary lines; read as plain text.",
            "Message body: no charset but contains 8-bit text; read as UTF-8.",
        ])
    }

    @Test func emptyContentTypeIsPlainTextWithoutComplaint() {
        let mail = MIMEParser.parse(Array("From: a@example.com\r\nContent-Type:\r\n\r\nhello\r\n".utf8))
        #expect(mail.text == "hello")
        #expect(mail.warnings.isEmpty)
    }

    /// Found by the fuzz-mime target (Fuzz/README.md): a Message-ID opened with `<` and never closed.
    @Test func aMessageIDWithAnUnclosedBracketComesWithoutIt() {
        let mail = MIMEParser.parse(Array("Message-ID: <noblank.1714LiH4@example\r\nIn-Reply-To: <\r\n\r\nbody\r\n".utf8))
        #expect(mail.messageID == "noblank.1714LiH4@example")
        #expect(mail.inReplyTo == nil)
        let lone = MIMEParser.parse(Array("Message-ID: <noblank.1714LiH4\r\n\r\nbody\r\n".utf8))
        #expect(lone.messageID == "noblank.1714LiH4")
        let nested = MIMEParser.parse(Array("Message-ID: <a <b@example>\r\n\r\nbody\r\n".utf8))
        #expect(nested.messageID == "b@example")
    }

    @Test func emptyAndHeaderOnlyInputs() {
        let empty = MIMEParser.parse([])
        #expect(empty.text == "")
        #expect(empty.warnings == ["The message is empty.", "Header From: missing."])
        #expect(empty.contentHash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")

        let headersOnly = MIMEParser.parse(Array("From: a@example.com\r\nSubject: x".utf8))
        #expect(headersOnly.subject == "x")
        #expect(headersOnly.text == "")
        #expect(headersOnly.warnings.isEmpty)
    }

    @Test func deepNestingStopsAtTheLimitAndKeepsTheRest() {
        var raw = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
        let depth = 30
        for level in 0..<depth {
            raw += "--b\(level)\r\nContent-Type: multipart/mixed; boundary=b\(level + 1)\r\n\r\n"
        }
        raw += "--b\(depth)\r\nContent-Type: text/plain\r\n\r\ndeep\r\n"
        let mail = MIMEParser.parse(Array(raw.utf8))
        #expect(mail.attachments.count == 1)
        #expect(mail.attachments.first?.contentType == "multipart/mixed")
        #expect(mail.warnings.contains("Part 1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1: multipart nested more than 20 levels deep; kept as an attachment."))
    }

    /// Truncations and byte flips of every fixture: parsing always returns, with a hash.
    @Test func damagedCopiesOfTheCorpusNeverCrash() throws {
        var generator = SplitMix64(seed: 0x5349_414E_47)
        for name in try Fixtures.names() {
            let original = try Fixtures.bytes(name)
            for _ in 0..<40 {
                var damaged = original
                let cut = Int(generator.next() % UInt64(damaged.count + 1))
                if generator.next() % 2 == 0 { damaged.removeSubrange(cut...) }
                for _ in 0..<Int(generator.next() % 16) where !damaged.isEmpty {
                    let at = Int(generator.next() % UInt64(damaged.count))
                    damaged[at] = UInt8(truncatingIfNeeded: generator.next())
                }
                let mail = MIMEParser.parse(damaged)
                #expect(mail.contentHash.count == 64)
            }
        }
    }
}

