import Foundation
import SiangTestSupport
import Testing
@testable import Hotline
import SiangCore
import SiangPipeline
import SiangStore

/// The import command's engine end to end: the reader, the pipeline and the SQLite store.
@Suite struct HotlineImporterTests {
    static let log = """
        เลขที่สาย,วันเวลา,เวลาสิ้นสุด,เบอร์โทร,ชื่อผู้โทร,เจ้าหน้าที่,คิว,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย
        H-001,21/11/2569 09:15,09:20,081-234-5678,สมชาย ใจดี,op1,สายด่วน 1,road,ถนนเป็นหลุม,"หน้าตลาดสดมีหลุมลึก
        รถจักรยานยนต์ล้มไปแล้วสองคัน",complaint
        H-002,21/11/2569 09:30,,,,op1,สายด่วน 1,,,,dropped
        H-003,31/02/2569 10:00,,,,op2,สายด่วน 2,,เรื่องทดสอบ,,complaint
        H-004,2026-11-21T10:05:00+07:00,,,,op2,สายด่วน 2,ขอข้อมูลข่าวสาร,ขอทราบเวลาทำการ,,inquiry
        H-005,21/11/2026 10:10,,,,op2,สายด่วน 2,,ขอบคุณเจ้าหน้าที่ที่ช่วยเหลือรวดเร็ว,,compliment
        H-006,21/11/2569 10:15,,,,op1,สายด่วน 1,,,,test
        """

    func importer() throws -> (HotlineImporter, SQLiteStore) {
        let store = try SQLiteStore(dataDirectory: NSTemporaryDirectory() + "siang-hotline-\(UUID().uuidString)", cipher: .forTests)
        let config = try SiangConfiguration.defaults()
        let triage = TriageEngine(configuration: config, classifier: LearningClassifier(try TextClassifier.shipped(taxonomy: config.taxonomy)),
                                  sla: try SLAService(configuration: config))
        return (HotlineImporter(pipeline: IntakePipeline(store: store, configuration: config, triage: triage), store: store), store)
    }

    @Test func aLogBecomesCasesStatisticsAndLineNumberedRejections() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", Self.log)
        let (importer, store) = try importer()
        let summary = try await importer.importFile(path)
        #expect(summary.imported == 3)
        #expect(summary.skipped == 2)
        #expect(summary.duplicates == 0)
        // The multi-line record starts on line 2, so the bad row starts on line 5.
        #expect(summary.rejected.map(\.line) == [5])
        #expect(summary.rejected.first?.reason.contains("31/02/2569") == true)
        #expect(try await store.caseCount() == 3)
        let stats = try await store.callStatistics(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 4_000_000_000))
        #expect(stats.reduce(0) { $0 + $1.calls } == 5)
        #expect(stats.contains { $0.day == "2026-11-21" && $0.disposition == "dropped" && $0.queue == "สายด่วน 1" && $0.calls == 1 })
    }

    @Test func theCaseCarriesTheCallAsTheOperatorWroteIt() async throws {
        let folder = try TemporaryFolder()
        let (importer, store) = try importer()
        _ = try await importer.importFile(try folder.write("calls.csv", Self.log))
        let id = try #require(try await store.caseID(channel: .hotline, key: HotlineIntake.channelKey("H-001")))
        let record = try #require(try await store.record(id))
        #expect(record.state.channel == .hotline && record.state.kind == .complaint && record.state.category == "road")
        #expect(record.subject == "ถนนเป็นหลุม")
        #expect(record.text.contains("รถจักรยานยนต์ล้มไปแล้วสองคัน"))
        #expect(record.state.receivedAt == BangkokTime.calendar.date(from: DateComponents(year: 2026, month: 11, day: 21, hour: 9, minute: 15)))
        #expect(try await store.contact(of: id) == Contact(name: "สมชาย ใจดี", phone: "081-234-5678"))
        // A Thai category label is understood too.
        let inquiry = try #require(try await store.caseID(channel: .hotline, key: HotlineIntake.channelKey("H-004")))
        #expect(try await store.record(inquiry)?.state.category == "information")
    }

    @Test func importingTheSameLogAgainGivesOnlyDuplicates() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("calls.csv", Self.log)
        let (importer, store) = try importer()
        _ = try await importer.importFile(path)
        let again = try await importer.importFile(path)
        #expect(again.imported == 0 && again.skipped == 0)
        #expect(again.duplicates == 5)
        #expect(again.rejected.map(\.line) == [5])
        #expect(try await store.caseCount() == 3)
    }

    @Test func strictImportsNothingFromAFileWithABadRow() async throws {
        let folder = try TemporaryFolder()
        let (importer, store) = try importer()
        let summary = try await importer.importFile(try folder.write("calls.csv", Self.log), strict: true)
        #expect(summary.imported == 0 && summary.rejected.map(\.line) == [5])
        #expect(try await store.caseCount() == 0)
        #expect(try await store.callStatistics(from: .distantPast, to: .distantFuture).isEmpty)
    }

    @Test func aWindows874FileWithABOMlessHeaderImports() async throws {
        let folder = try TemporaryFolder()
        let text = Self.log.replacingOccurrences(of: "H-003,31/02/2569", with: "H-003,28/02/2569")
        let bytes = try #require(Windows874.encode(text))
        let (importer, store) = try importer()
        let summary = try await importer.importFile(try folder.write("calls-874.csv", bytes))
        #expect(summary.imported == 4 && summary.rejected.isEmpty)
        let id = try #require(try await store.caseID(channel: .hotline, key: HotlineIntake.channelKey("H-001")))
        #expect(try await store.record(id)?.subject == "ถนนเป็นหลุม")
    }

    @Test func theWatchedFolderImportsFinishedFilesAndFilesThemAway() async throws {
        let folder = try TemporaryFolder()
        let (importer, store) = try importer()
        let inbox = HotlineInboxFolder(folder: folder.url.path, importer: importer)
        try folder.write("monday.csv", Self.log)
        try folder.write("broken.csv", "not,a,hotline,log\n1,2,3,4\n")
        var sizes: [String: Int] = [:]
        #expect(await inbox.scan(sizes: &sizes).isEmpty, "first look only notes the sizes")
        #expect(Set(await inbox.scan(sizes: &sizes)) == ["monday.csv", "broken.csv"])
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: folder.url.appendingPathComponent("done/monday.csv").path))
        let report = try String(contentsOf: folder.url.appendingPathComponent("done/monday.csv.report.json"), encoding: .utf8)
        #expect(report.contains(#""imported":3"#))
        #expect(fm.fileExists(atPath: folder.url.appendingPathComponent("failed/broken.csv").path))
        #expect(fm.fileExists(atPath: folder.url.appendingPathComponent("failed/broken.csv.report.json").path))
        #expect(try await store.caseCount() == 3)
    }
}
