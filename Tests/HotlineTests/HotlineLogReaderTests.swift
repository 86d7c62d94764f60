import Foundation
import Testing
@testable import Hotline

@Suite("Hotline log reader")
struct HotlineLogReaderTests {
    static let thaiLog = #"""
        เลขที่สาย,วันเวลา,เวลาสิ้นสุด,เบอร์โทร,ชื่อผู้โทร,เจ้าหน้าที่,คิว,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย
        H-0001,15/01/2569 09:05,09:12:30,0812345678,สมชาย ใจดี,agent7,ทั่วไป,ถนน,ถนนชำรุด,"หลุมใหญ่หน้าบ้านเลขที่ 12
        รถจักรยานยนต์ล้ม ""อันตราย""",ร้องเรียน
        H-0002,15/01/2569 09:20,,,,agent7,,,,,สายหลุด
        H-0003,2026-01-15T09:30:00+07:00,2026-01-15T09:31:00+07:00,021234567,,agent8,ทั่วไป,,ขอบคุณเจ้าหน้าที่,,ชมเชย

        """#

    static func expectThaiLog(_ results: [Result<HotlineCall, HotlineRowError>]) throws {
        #expect(results.count == 3)
        let first = try results[0].get()
        #expect(first == HotlineCall(
            callID: "H-0001", startedAt: bangkok(2026, 1, 15, 9, 5), endedAt: bangkok(2026, 1, 15, 9, 12, 30),
            callerPhone: "0812345678", callerName: "สมชาย ใจดี", agent: "agent7", queue: "ทั่วไป", category: "ถนน",
            summary: "ถนนชำรุด", notes: "หลุมใหญ่หน้าบ้านเลขที่ 12\nรถจักรยานยนต์ล้ม \"อันตราย\"",
            disposition: .complaint, line: 2))
        let second = try results[1].get()
        #expect(second == HotlineCall(callID: "H-0002", startedAt: bangkok(2026, 1, 15, 9, 20), agent: "agent7",
                                      disposition: .dropped, line: 4))
        #expect(!second.disposition.opensCase)
        let third = try results[2].get()
        #expect(third.line == 5)
        #expect(third.disposition == .compliment)
        #expect(third.endedAt == bangkok(2026, 1, 15, 9, 31))
        #expect(third.callerName == nil)
    }

    @Test(arguments: awkwardChunkSizes)
    func readsAUTF8LogWithThaiHeaders(chunkSize: Int) throws {
        try Self.expectThaiLog(readAll(Array(Self.thaiLog.utf8), chunkSize: chunkSize))
    }

    @Test(arguments: awkwardChunkSizes)
    func readsAUTF8LogWithAByteOrderMarkAndCRLF(chunkSize: Int) throws {
        let crlf = Self.thaiLog.replacingOccurrences(of: "\n", with: "\r\n")
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(crlf.utf8)
        let reader = try HotlineLogReader(source: ByteChunkSource(bytes: bytes, chunkSize: chunkSize), name: "t.csv",
                                          encoding: .auto, mapping: .standard)
        #expect(reader.header.first == "เลขที่สาย")
        #expect(reader.encoding == .utf8)
        try Self.expectThaiLog(Array(reader))
    }

    @Test(arguments: awkwardChunkSizes)
    func detectsAWindows874Log(chunkSize: Int) throws {
        let bytes = try #require(Windows874.encode(Self.thaiLog))
        let reader = try HotlineLogReader(source: ByteChunkSource(bytes: bytes, chunkSize: chunkSize), name: "t.csv",
                                          encoding: .auto, mapping: .standard)
        #expect(reader.encoding == .windows874)
        try Self.expectThaiLog(Array(reader))
    }

    @Test
    func detectsWindows874WhenThaiFirstAppearsFarIntoTheFile() throws {
        var text = "call_id,started_at,disposition,summary\n"
        for i in 0..<2_000 { text += "A\(i),15/01/2569 09:00,inquiry,plain ascii\n" }
        text += "B1,15/01/2569 10:00,complaint,ไฟฟ้าดับ\n"
        let bytes = try #require(Windows874.encode(text))
        let results = try readAll(bytes, chunkSize: 4096)
        #expect(results.count == 2_001)
        #expect(results.last?.value?.summary == "ไฟฟ้าดับ")
    }

    @Test
    func readsAHandWrittenWindows874File() throws {
        // "call_id,started_at,disposition,summary" then a row whose summary is "เลขที่สาย" and whose
        // disposition is "ร้องเรียน" (ร ้ อ ง เ ร ี ย น), all written out in TIS-620 bytes.
        let complaint: [UInt8] = [0xC3, 0xE9, 0xCD, 0xA7, 0xE0, 0xC3, 0xD5, 0xC2, 0xB9]
        let bytes = Array("call_id,started_at,disposition,summary\r\nX1,01/02/2569 08:00,".utf8) + complaint
            + [0x2C] + TextEncodingTests.callNumberInWindows874 + [0x0D, 0x0A]
        let results = try readAll(bytes)
        let call = try #require(results.first?.value)
        #expect(call.disposition == .complaint)
        #expect(call.summary == "เลขที่สาย")
        #expect(call.startedAt == bangkok(2026, 2, 1, 8, 0))
    }

    @Test
    func readsBytesAlreadyInMemory() throws {
        let bytes = try #require(Windows874.encode(Self.thaiLog))
        let reader = try HotlineLogReader(bytes: bytes, name: "upload.csv", encoding: .windows874)
        #expect(reader.source == "upload.csv")
        try Self.expectThaiLog(Array(reader))
    }

    @Test
    func encodingOptionOverridesDetection() throws {
        // These TIS-620 bytes (ส ก) happen to be valid UTF-8 (U+02A1): detection would say UTF-8.
        let bytes = Array("call_id,started_at,disposition,summary\nX1,01/02/2569 08:00,test,".utf8) + [0xCA, 0xA1, 0x0A]
        #expect(try readAll(bytes, encoding: .auto).first?.value?.summary == "\u{02A1}")
        #expect(try readAll(bytes, encoding: .windows874).first?.value?.summary == "สก")
    }

    @Test
    func englishHeadersInMixedCaseAndNonCaseDispositions() throws {
        let log = #"""
            Call_ID,Started_At,DISPOSITION,Notes
            C1,15/01/2569 10:00,dropped,
            C2,15/01/2569 10:01,Wrong Number,
            C3,15/01/2569 10:02,wrong_number,
            C4,15/01/2569 10:03,TEST,
            C5,15/01/2569 10:04,โทรผิด,
            C6,15/01/2569 10:05,ทดสอบ,
            C7,15/01/2569 10:06,Suggestion,
            C8,15/01/2569 10:07,เสนอแนะ,
            C9,15/01/2569 10:08,สอบถาม,
            """#
        let dispositions = try readAll(log).map { try $0.get().disposition }
        #expect(dispositions == [.dropped, .wrongNumber, .wrongNumber, .test, .wrongNumber, .test, .suggestion,
                                 .suggestion, .inquiry])
        #expect(dispositions.filter(\.opensCase).count == 3)
    }

    @Test(arguments: awkwardChunkSizes)
    func badRowsAreReportedOnTheLineTheyStartAndTheRestIsRead(chunkSize: Int) throws {
        let log = #"""
            call_id,started_at,disposition,notes
            C1,15/01/2569 10:00,complaint,"first line
            second line"
            C2,31/02/2569 10:00,complaint,ok
            C3,15/01/2569 10:05,xyz,"a
            b
            c"
            ,15/01/2569 10:06,inquiry,
            C5,15/01/2569 10:07,dropped,bad"quote
            C6,15/01/2569 10:08,test,fine
            C7,15/01/2569 10:09,complaint
            C8,,,"spans
            two lines"
            C9,15/01/2569 10:10,inquiry,"never closed
            C10,15/01/2569 10:11,inquiry,after the broken one

            """#
        let results = try readAll(log, chunkSize: chunkSize)
        let expected: [Result<String, HotlineRowError>] = [
            .success("C1"),
            .failure(.init(line: 4, reason: "started_at \"31/02/2569 10:00\" is not a valid date (February 2026 has 28 days)")),
            .failure(.init(line: 5, reason: "disposition \"xyz\" is not one of complaint, suggestion, compliment, inquiry, dropped, wrong_number, test")),
            .failure(.init(line: 8, reason: "call_id is empty")),
            .failure(.init(line: 9, reason: "stray quote in column 4 (notes); a field that contains a quote must be enclosed in quotes, with the quote doubled")),
            .success("C6"),
            .failure(.init(line: 11, reason: "the row has 3 fields but the header has 4 columns; does a field with a comma or a line break lack its quotes?")),
            .failure(.init(line: 12, reason: "started_at is empty; disposition is empty")),
            .failure(.init(line: 14, reason: "unterminated quoted field in column 4 (notes); reading resumed on the next line")),
            .success("C10"),
        ]
        #expect(results.map { $0.map(\.callID) } == expected)
        #expect(results.compactMap(\.value).map(\.line) == [2, 10, 15])
    }

    @Test
    func endBeforeStartAndBadEndAreRowErrors() throws {
        let log = #"""
            call_id,started_at,ended_at,disposition
            C1,15/01/2569 10:00,14/01/2569 10:00,inquiry
            C2,15/01/2569 10:00,soon,inquiry
            C3,15/01/2569 23:50,00:10,inquiry
            """#
        let results = try readAll(log)
        #expect(results[0].error == HotlineRowError(line: 2, reason: "ended_at \"14/01/2569 10:00\" is before started_at"))
        #expect(results[1].error == HotlineRowError(line: 3, reason: "ended_at \"soon\" is not a date and time in the form dd/MM/yyyy HH:mm[:ss] or ISO 8601"))
        #expect(results[2].value?.endedAt == bangkok(2026, 1, 16, 0, 10))
    }

    @Test
    func extraEmptyColumnsAreTolerated() throws {
        let results = try readAll("call_id,started_at,disposition\nC1,15/01/2569 10:00,test,,\n,,\n")
        #expect(results.count == 1)
        #expect(results.first?.value?.callID == "C1")
    }

    @Test
    func aHeaderEndingInACommaAndBlankRowsAreHarmless() throws {
        let results = try readAll("call_id,started_at,disposition,\nC1,15/01/2569 10:00,test\n   \n , ,\t\nC2,15/01/2569 10:01,test,\nC3\n")
        #expect(results.map { $0.map(\.callID) } == [
            .success("C1"), .success("C2"),
            .failure(HotlineRowError(line: 6, reason: "the row has 1 field but the header has 3 columns; does a field with a comma or a line break lack its quotes?")),
        ])
    }

    @Test
    func spreadsheetFilesThatAreNotCSVAreNamed() throws {
        let folder = try TemporaryFolder()
        let xlsx = try folder.write("calls.xlsx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array(repeating: 0, count: 100))
        #expect(throws: HotlineLogError.notCSV(path: xlsx, kind: .excelWorkbook)) { try HotlineLogReader(path: xlsx) }
        let utf16 = try folder.write("calls.txt", [0xFF, 0xFE] + Array("call_id\tstarted_at\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
        #expect(throws: HotlineLogError.notCSV(path: utf16, kind: .utf16Text)) { try HotlineLogReader(path: utf16) }
        #expect(HotlineLogError.notCSV(path: "calls.xlsx", kind: .excelWorkbook).description
            == "calls.xlsx is an Excel workbook (.xlsx), not CSV; save it from the spreadsheet as \"CSV UTF-8 (Comma delimited)\"")
    }

    @Test
    func longValuesAreShortenedInReasons() throws {
        let junk = String(repeating: "ก", count: 100)
        let results = try readAll("call_id,started_at,disposition\nC1,15/01/2569 10:00,\(junk)\n")
        let reason = try #require(results.first?.error?.reason)
        #expect(reason.hasPrefix("disposition \"\(String(repeating: "ก", count: 57))…\" is not one of"))
    }

    @Test
    func readsAFileWithACustomMappingFile() throws {
        let folder = try TemporaryFolder()
        let mappingPath = try folder.write("acme.yaml", #"""
            call_id: Ticket
            started_at: [Call Start]
            caller_phone: ANI
            summary: Subject
            dispositions:
              complaint: [Complaint Call, ร้องทุกข์]
            """#)
        let logPath = try folder.write("acme.csv", #"""
            Ticket,Call Start,ANI,Subject,Disposition
            T-9,2026-03-01 14:00,0899999999,น้ำไม่ไหล,Complaint Call
            T-10,2026-03-01 14:05,,ไฟดับ,ร้องทุกข์
            """#)
        let mapping = try HotlineMapping(contentsOfFile: mappingPath)
        let calls = try HotlineLogReader(path: logPath, mapping: mapping).map { try $0.get() }
        #expect(calls.map(\.callID) == ["T-9", "T-10"])
        #expect(calls[0].callerPhone == "0899999999")
        #expect(calls[0].summary == "น้ำไม่ไหล")
        #expect(calls.allSatisfy { $0.disposition == .complaint })
        #expect(calls[0].startedAt == bangkok(2026, 3, 1, 14, 0))
    }

    @Test
    func missingRequiredColumnFailsBeforeAnyRow() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", "call_id,วันเวลา,notes\nC1,15/01/2569 10:00,x\n")
        #expect(throws: HotlineLogError.missingColumns(path: path, fields: [.disposition], lookedFor: [["disposition", "ผลการรับสาย"]])) {
            try HotlineLogReader(path: path)
        }
    }

    @Test
    func unreadableAndEmptyFilesFailClearly() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.path + "/nope.csv"
        #expect(throws: HotlineLogError.unreadableFile(path: missing, reason: "there is no such file")) {
            try HotlineLogReader(path: missing)
        }
        #expect(throws: HotlineLogError.unreadableFile(path: folder.url.path, reason: "it is a folder, not a file")) {
            try HotlineLogReader(path: folder.url.path)
        }
        let empty = try folder.write("empty.csv", "\n\n")
        #expect(throws: HotlineLogError.emptyFile(path: empty)) { try HotlineLogReader(path: empty) }
        let broken = try folder.write("broken.csv", "call_id,\"started_at,disposition\n")
        #expect(throws: HotlineLogError.unreadableHeader(path: broken, reason: "unterminated quoted field in column 2")) {
            try HotlineLogReader(path: broken)
        }
    }

    @Test
    func readsFromAFilePath() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", Self.thaiLog)
        try Self.expectThaiLog(Array(HotlineLogReader(path: path)))
    }
}
