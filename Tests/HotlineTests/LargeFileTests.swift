import Foundation
import Testing
@testable import Hotline

/// Memory is a property of the design (one chunk plus one record), checked here on a file far larger
/// than the allowed growth. Speed is measured by `bench/hotline`, not by tests.
@Suite("Large files")
struct LargeFileTests {
    static let rows = 200_000
    static let badEvery = 10_000

    /// Writes the log a batch of rows at a time; every row spans two lines.
    static func writeLog(to path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data("call_id,started_at,ended_at,caller_phone,caller_name,agent,queue,category,summary,notes,disposition\n".utf8))
        let notes = String(repeating: "ถนนหน้าโรงเรียนชำรุดเป็นหลุมลึก ", count: 3)
        var batch = ""
        for row in 0..<rows {
            let disposition = row % badEvery == 0 ? "unknown" : "ร้องเรียน"
            let day = row % 28 + 1
            batch += "L\(row),\(day)/01/2569 \(row % 24):\(String(format: "%02d", row % 60)),,08\(row % 100_000_000),สมชาย ใจดี,agent\(row % 40),ทั่วไป,ถนน,"
                + "ถนนชำรุด \(row),\"\(notes)\nบรรทัดที่สอง\",\(disposition)\n"
            if row % 1000 == 999 {
                try handle.write(contentsOf: Data(batch.utf8))
                batch = ""
            }
        }
        try handle.write(contentsOf: Data(batch.utf8))
    }

    /// A `/proc/self/status` figure in bytes.
    static func status(_ key: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let digits = line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first
            return digits.flatMap { Int($0) }.map { $0 * 1024 }
        }
        return nil
    }

    /// Lowers the peak-RSS mark to the current RSS (Linux 4.0+); false where that is not possible.
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// How far the process has read into `path` through any open descriptor (Linux `/proc`), nil
    /// when no descriptor has it open.
    static func readOffset(of path: String) -> Int? {
        guard let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        for fd in fds {
            guard (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) == path,
                  let info = try? String(contentsOfFile: "/proc/self/fdinfo/\(fd)", encoding: .utf8),
                  let line = info.split(separator: "\n").first(where: { $0.hasPrefix("pos:") }) else { continue }
            return Int(line.dropFirst(4).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The reader streams: when it hands out the first hundred rows it has read only a few chunks of
    /// a file of tens of megabytes, and it reads the whole file to the end with every row accounted
    /// for. (Measured through the file position, not the process's memory, which the suites running
    /// in parallel in this process move too.)
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fdinfo")))
    func twoHundredThousandRowsAreStreamedNotLoaded() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("large.csv").path
        try Self.writeLog(to: path)
        let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(fileSize > 64 << 20, "the file must be big enough for a whole-file read to show")

        var calls = 0
        var errorLines: [Int] = []
        var lastLine = 0
        var offsetAfterFirstRows: Int?
        let canonicalPath = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        for result in try HotlineLogReader(path: path) {
            switch result {
            case .success(let call):
                calls += 1
                lastLine = call.line
            case .failure(let error):
                errorLines.append(error.line)
            }
            if calls + errorLines.count == 100 { offsetAfterFirstRows = Self.readOffset(of: canonicalPath) ?? Self.readOffset(of: path) }
        }

        let offset = try #require(offsetAfterFirstRows, "the reader keeps the file open while reading")
        #expect(offset <= 4 * 64 * 1024, "read \(offset) bytes of a \(fileSize >> 20) MiB file to give the first 100 rows")
        #expect(calls == Self.rows - Self.rows / Self.badEvery)
        #expect(errorLines == stride(from: 0, to: Self.rows, by: Self.badEvery).map { 2 + 2 * $0 })
        #expect(lastLine == 2 + 2 * (Self.rows - 1))
    }
}
