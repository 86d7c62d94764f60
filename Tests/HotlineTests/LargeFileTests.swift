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

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func twoHundredThousandRowsAreReadInBoundedMemory() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("large.csv").path
        try Self.writeLog(to: path)
        let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)

        let didReset = Self.resetPeak()
        let baseline = try #require(didReset ? Self.status("VmRSS") : Self.status("VmHWM"))
        var calls = 0
        var errorLines: [Int] = []
        var lastLine = 0
        for result in try HotlineLogReader(path: path) {
            switch result {
            case .success(let call):
                calls += 1
                lastLine = call.line
            case .failure(let error):
                errorLines.append(error.line)
            }
        }
        let peak = try #require(Self.status("VmHWM"))

        #expect(calls == Self.rows - Self.rows / Self.badEvery)
        #expect(errorLines == stride(from: 0, to: Self.rows, by: Self.badEvery).map { 2 + 2 * $0 })
        #expect(lastLine == 2 + 2 * (Self.rows - 1))
        // Other suites run in parallel in this process and move its peak too, so the bound is what
        // tells a streaming read from a whole-file one: reading the whole file holds at least its bytes.
        let allowed = fileSize * 3 / 4
        #expect(fileSize > 64 << 20, "the file must be big enough for a whole-file read to show")
        #expect(peak - baseline < allowed, "peak RSS grew by \((peak - baseline) >> 20) MiB reading a \(fileSize >> 20) MiB file")
    }
}
