import Foundation
import Testing
@testable import Hotline
import SiangStore

/// The watched folder of `siang serve` (`hotline.watchFolder`) over a real SQLite store: what is
/// taken, when, and where it ends up with which report.
@Suite struct HotlineInboxFolderTests {
    let folder: TemporaryFolder
    let inbox: HotlineInboxFolder
    let store: SQLiteStore

    init() throws {
        folder = try TemporaryFolder()
        let (importer, store) = try HotlineImporterTests().importer()
        self.store = store
        inbox = HotlineInboxFolder(folder: folder.url.path, importer: importer)
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: folder.url.appendingPathComponent(path).path) }

    func report(_ path: String) throws -> Data { try Data(contentsOf: folder.url.appendingPathComponent(path + ".report.json")) }

    @Test func aFinishedLogIsImportedAndFiledInDoneWithItsCounts() async throws {
        try folder.write("monday.csv", HotlineImporterTests.log)
        var sizes: [String: Int] = [:]
        #expect(await inbox.scan(sizes: &sizes).isEmpty, "the first look only notes the size")
        #expect(await inbox.scan(sizes: &sizes) == ["monday.csv"])
        #expect(!exists("monday.csv") && exists("done/monday.csv"))
        let summary = try JSONDecoder().decode(HotlineImporter.Summary.self, from: try report("done/monday.csv"))
        #expect(summary.imported == 3 && summary.skipped == 2 && summary.duplicates == 0)
        #expect(summary.rejected.map(\.line) == [5])
        #expect(try await store.caseCount() == 3)
        #expect(await inbox.scan(sizes: &sizes).isEmpty, "nothing is taken twice")
    }

    @Test func aFileThatIsNotAHotlineLogGoesToFailedWithTheReason() async throws {
        // The export without its header line: the first call is read as the header.
        let headless = HotlineImporterTests.log.split(separator: "\n", maxSplits: 1)[1]
        try folder.write("no-header.csv", String(headless))
        try folder.write("empty.csv", "")
        var sizes: [String: Int] = [:]
        _ = await inbox.scan(sizes: &sizes)
        #expect(Set(await inbox.scan(sizes: &sizes)) == ["no-header.csv", "empty.csv"])
        #expect(exists("failed/no-header.csv") && exists("failed/empty.csv") && !exists("done/no-header.csv"))
        let noHeader = try JSONDecoder().decode([String: String].self, from: try report("failed/no-header.csv"))
        #expect(noHeader["error"]?.contains("the header has no column for call_id") == true, "\(noHeader)")
        let empty = try JSONDecoder().decode([String: String].self, from: try report("failed/empty.csv"))
        #expect(empty["error"]?.contains("is empty") == true, "\(empty)")
        #expect(try await store.caseCount() == 0)
    }

    @Test func aGrowingFileIsLeftAloneUntilItsSizeHoldsStill() async throws {
        let lines = HotlineImporterTests.log.components(separatedBy: "\n")
        let path = try folder.write("tuesday.csv", lines.prefix(4).joined(separator: "\n") + "\n")
        var sizes: [String: Int] = [:]
        #expect(await inbox.scan(sizes: &sizes).isEmpty)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(lines.dropFirst(4).joined(separator: "\n").utf8))
        try handle.close()
        #expect(await inbox.scan(sizes: &sizes).isEmpty, "the size changed since the last look")
        #expect(exists("tuesday.csv") && !exists("done/tuesday.csv"))
        #expect(try await store.caseCount() == 0)
        #expect(await inbox.scan(sizes: &sizes) == ["tuesday.csv"])
        let summary = try JSONDecoder().decode(HotlineImporter.Summary.self, from: try report("done/tuesday.csv"))
        #expect(summary.imported == 3 && summary.skipped == 2, "the whole file, not the part first seen")
    }

    @Test func aLaterLogOfTheSameNameKeepsTheEarlierOneAndHiddenFilesWait() async throws {
        var sizes: [String: Int] = [:]
        try folder.write("export.csv", HotlineImporterTests.log)
        _ = await inbox.scan(sizes: &sizes)
        _ = await inbox.scan(sizes: &sizes)
        let second = HotlineImporterTests.log.replacingOccurrences(of: "H-00", with: "H-10")
        try folder.write("export.csv", second)
        try folder.write(".export.csv", second)
        _ = await inbox.scan(sizes: &sizes)
        #expect(await inbox.scan(sizes: &sizes) == ["export.csv"])
        #expect(exists("done/export.csv") && exists("done/export-2.csv") && exists("done/export-2.csv.report.json"))
        #expect(try JSONDecoder().decode(HotlineImporter.Summary.self, from: try report("done/export.csv")).imported == 3)
        #expect(try JSONDecoder().decode(HotlineImporter.Summary.self, from: try report("done/export-2.csv")).imported == 3)
        #expect(exists(".export.csv"), "a file still being written under a hidden name is not taken")
    }
}
