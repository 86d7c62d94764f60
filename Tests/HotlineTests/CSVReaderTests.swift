import Foundation
import Testing
@testable import Hotline

@Suite("CSV reader")
struct CSVReaderTests {
    @Test(arguments: awkwardChunkSizes)
    func readsPlainAndQuotedFieldsWithEveryLineEnd(chunkSize: Int) throws {
        let text = "a,b,c\r\n1,\"two, with comma\",3\n\"say \"\"hi\"\"\",,\r\"\",x,\n"
        let records = try csvRecords(Array(text.utf8), chunkSize: chunkSize)
        #expect(records.map(\.strings) == [
            ["a", "b", "c"],
            ["1", "two, with comma", "3"],
            ["say \"hi\"", "", ""],
            ["", "x", ""],
        ])
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records.allSatisfy { $0.problem == nil })
    }

    @Test(arguments: awkwardChunkSizes)
    func multiLineQuotedFieldKeepsItsLineBreaksAndShiftsLaterLineNumbers(chunkSize: Int) throws {
        let text = "id,notes\r\n1,\"first\r\nsecond\r\nthird\"\r\n2,after\r\n3,\"a\nb\rc\"\n4,last"
        let records = try csvRecords(Array(text.utf8), chunkSize: chunkSize)
        #expect(records.map(\.strings) == [
            ["id", "notes"], ["1", "first\r\nsecond\r\nthird"], ["2", "after"], ["3", "a\nb\rc"], ["4", "last"],
        ])
        #expect(records.map(\.line) == [1, 2, 5, 6, 9])
    }

    @Test(arguments: awkwardChunkSizes)
    func blankLinesAreSkippedButCounted(chunkSize: Int) throws {
        let records = try csvRecords(Array("h\n\n\r\n1\n\n2\n".utf8), chunkSize: chunkSize)
        #expect(records.map(\.strings) == [["h"], ["1"], ["2"]])
        #expect(records.map(\.line) == [1, 4, 6])
    }

    @Test(arguments: awkwardChunkSizes)
    func byteOrderMarkIsSkippedOnlyAtTheStart(chunkSize: Int) throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8)
        var reader = CSVReader(source: ByteChunkSource(bytes: bytes, chunkSize: chunkSize))
        let header = try #require(try reader.next())
        #expect(header.strings == ["a", "b"])
        #expect(reader.sawByteOrderMark)
        #expect(try reader.next()?.strings == ["1", "2"])
    }

    @Test(arguments: awkwardChunkSizes)
    func strayQuoteMarksTheRecordAndReadingGoesOnAtTheNextRecord(chunkSize: Int) throws {
        let text = "a,b,c\n1,5\" screen,x\n2,\"ok\"junk,y\n3,\"fine\",z\n"
        let records = try csvRecords(Array(text.utf8), chunkSize: chunkSize)
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records[1].problem == .strayQuote(field: 1))
        #expect(records[2].problem == .textAfterClosingQuote(field: 1))
        #expect(records[3].problem == nil)
        #expect(records[3].strings == ["3", "fine", "z"])
    }

    @Test(arguments: awkwardChunkSizes)
    func blanksAroundAQuotedFieldAreIgnored(chunkSize: Int) throws {
        let records = try csvRecords(Array("1,  \"a, b\"  ,c\n".utf8), chunkSize: chunkSize)
        #expect(records.first?.strings == ["1", "a, b", "c"])
        #expect(records.first?.problem == nil)
    }

    @Test(arguments: awkwardChunkSizes)
    func unterminatedQuoteAtTheEndCostsOneLineNotTheRestOfTheFile(chunkSize: Int) throws {
        let text = "a,b\n1,\"never closed\n2,ok\n3,fine\n"
        let records = try csvRecords(Array(text.utf8), chunkSize: chunkSize)
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records[1].problem == .unterminatedQuote(field: 1))
        #expect(records[2].strings == ["2", "ok"])
        #expect(records[3].strings == ["3", "fine"])
        #expect(records[2].problem == nil && records[3].problem == nil)
    }

    @Test
    func unterminatedQuoteLongerThanTheLimitIsCutAndReadingResumes() throws {
        var text = "a,b\n1,\"open\n"
        for i in 0..<200 { text += "\(i + 2),filler line \(i)\n" }
        let records = try csvRecords(Array(text.utf8), chunkSize: 64, maxRecordBytes: 256)
        #expect(records[1].line == 2)
        #expect(records[1].problem == .unterminatedQuote(field: 1))
        #expect(records[2].line == 3)
        #expect(records[2].strings == ["2", "filler line 0"])
        #expect(records.count == 202)
        #expect(records.last?.line == 202)
        #expect(records.dropFirst(2).allSatisfy { $0.problem == nil })
    }

    @Test
    func overlongUnquotedLineIsReportedAndSkipped() throws {
        let long = String(repeating: "x", count: 1000)
        let text = "a,b\n1,\(long)\n2,ok\n"
        let records = try csvRecords(Array(text.utf8), chunkSize: 16, maxRecordBytes: 100)
        #expect(records.map(\.line) == [1, 2, 3])
        #expect(records[1].problem == .recordTooLong(limit: 100))
        #expect(records[2].strings == ["2", "ok"])
    }

    @Test
    func lastRecordWithoutALineEndIsRead() throws {
        let records = try csvRecords(Array("a,b\n1,\"x\"".utf8))
        #expect(records.map(\.strings) == [["a", "b"], ["1", "x"]])
    }

    @Test
    func readsAFileInChunks() throws {
        let folder = try TemporaryFolder()
        let row = "1,\"multi\nline\",x\n"
        let path = try folder.write("big.csv", String(repeating: row, count: 10_000))
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        var reader = CSVReader(source: ByteChunkSource(fileHandle: handle, chunkSize: 4096))
        var count = 0
        var lastLine = 0
        while let record = try reader.next() {
            #expect(record.strings == ["1", "multi\nline", "x"])
            count += 1
            lastLine = record.line
        }
        #expect(count == 10_000)
        #expect(lastLine == 19_999)
    }
}
