// Hotline call-log reader benchmark (DESIGN.md section 6: hotline import >= 20,000 rows/s; the reader
// is one tenth of that budget, so its own bar is >= 200,000 rows/s).
//
// Generates a Thai call log (UTF-8 and Windows-874, CRLF line ends, one row in ten with a multi-line
// quoted note), reads it fully with HotlineLogReader, and reports rows/s with the ratio to a
// same-run baseline: reading the same file in the same 64 KiB chunks and counting newlines.
//
//   swift run -c release HotlineBench [ROWS]      (default 300000)
import Foundation
import Hotline

let rows = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 300_000
let rounds = 3
let chunkSize = 64 * 1024

/// Thai text to Windows-874: the Thai block is the code page's upper half shifted by 0x0E00 - 0xA0.
func windows874(_ text: String) -> [UInt8] {
    text.unicodeScalars.map { scalar -> UInt8 in
        if scalar.value < 0x80 { return UInt8(scalar.value) }
        precondition((0x0E01...0x0E5B).contains(scalar.value), "not in Windows-874: \(scalar)")
        return UInt8(scalar.value - 0x0E00 + 0xA0)
    }
}

func writeLog(to path: String, rows: Int, encode: (String) -> [UInt8]) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.write(contentsOf: Data(encode("เลขที่สาย,วันเวลา,เวลาสิ้นสุด,เบอร์โทร,ชื่อผู้โทร,เจ้าหน้าที่,คิว,หมวด,เรื่อง,รายละเอียด,ผลการรับสาย\r\n")))
    let summaries = ["ถนนชำรุดเป็นหลุมลึก", "ไฟฟ้าส่องสว่างดับทั้งซอย", "ขยะไม่มีผู้จัดเก็บมาสามวัน", "น้ำประปาไม่ไหล",
                     "เจ้าหน้าที่บริการดีมาก", "สอบถามขั้นตอนการขออนุญาตก่อสร้าง"]
    let dispositions = ["ร้องเรียน", "ร้องเรียน", "ร้องเรียน", "สอบถาม", "ชมเชย", "เสนอแนะ", "สายหลุด", "complaint", "inquiry"]
    var batch = ""
    for row in 0..<rows {
        let summary = summaries[row % summaries.count]
        let notes = row % 10 == 0
            ? "\"ผู้ร้องแจ้งว่า\(summary) บริเวณหน้าบ้านเลขที่ \(row % 300)\r\nขอให้เร่งดำเนินการ \"\"ด่วน\"\"\""
            : "ผู้ร้องแจ้งว่า\(summary) บริเวณหน้าบ้านเลขที่ \(row % 300) ขอให้เร่งดำเนินการ"
        let minute = row % 60 < 10 ? "0\(row % 60)" : "\(row % 60)"
        batch += "HL-\(row),\(row % 28 + 1)/\(row % 12 + 1)/2569 \(8 + row % 9):\(minute),\(9 + row % 9):\(minute):30,"
            + "08\(10_000_000 + row % 89_999_999),สมชาย ใจดี,agent\(row % 40),ทั่วไป,ถนน,\(summary),\(notes),"
            + "\(dispositions[row % dispositions.count])\r\n"
        if row % 2000 == 1999 {
            try handle.write(contentsOf: Data(encode(batch)))
            batch = ""
        }
    }
    try handle.write(contentsOf: Data(encode(batch)))
}

/// The baseline: the same file, the same chunks, only counting line feeds.
func countNewlines(path: String) throws -> Int {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    var count = 0
    while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
        data.withUnsafeBytes { bytes in
            for byte in bytes where byte == 0x0A { count += 1 }
        }
    }
    return count
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Best of `rounds` timings of `body`, with its last result.
func best<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var fastest = Double.infinity
    var result: T?
    for _ in 0..<rounds {
        let clock = ContinuousClock()
        let start = clock.now
        result = try body()
        fastest = min(fastest, seconds(clock.now - start))
    }
    return (fastest, result!)
}

func peakRSSMiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return -1 }
    return kb / 1024
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-bench-\(ProcessInfo.processInfo.processIdentifier)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

print("hotline reader benchmark: \(rows) rows, \(rounds) rounds each, best round reported")
var utf8RowsPerSecond = 0.0
var worstRatio = Double.infinity
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
let encodings: [(name: String, encode: (String) -> [UInt8])] = [("utf-8", utf8), ("windows-874", windows874)]
for (name, encode) in encodings {
    let path = folder.appendingPathComponent("calls-\(name).csv").path
    try writeLog(to: path, rows: rows, encode: encode)
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let mib = Double(size) / 1_048_576

    let baseline = try best { try countNewlines(path: path) }
    let reader = try best { () -> (calls: Int, errors: Int, encoding: HotlineTextEncoding) in
        var reader = try HotlineLogReader(path: path)
        var calls = 0, errors = 0
        while let result = reader.next() {
            switch result {
            case .success: calls += 1
            case .failure(let error):
                if errors == 0 { print("  unexpected bad row: \(error)") }
                errors += 1
            }
        }
        return (calls, errors, reader.encoding)
    }
    precondition(reader.result.calls == rows && reader.result.errors == 0, "read \(reader.result) of \(rows) rows")

    let readerRate = Double(rows) / reader.seconds
    let baselineRate = Double(rows) / baseline.seconds
    let ratio = readerRate / baselineRate
    if name == "utf-8" { utf8RowsPerSecond = readerRate }
    worstRatio = min(worstRatio, ratio)
    print("""
        [\(name), detected \(reader.result.encoding)] \(String(format: "%.1f", mib)) MiB, \(baseline.result) newlines
          reader:   \(String(format: "%.3f", reader.seconds)) s = \(Int(readerRate)) rows/s (\(String(format: "%.0f", mib / reader.seconds)) MiB/s)
          baseline: \(String(format: "%.3f", baseline.seconds)) s = \(Int(baselineRate)) rows/s (\(String(format: "%.0f", mib / baseline.seconds)) MiB/s), 64 KiB chunks counting newlines
          ratio reader / baseline: \(String(format: "%.3f", ratio))
        """)
}
print("summary: reader \(Int(utf8RowsPerSecond)) rows/s on UTF-8; target >= 200000 rows/s (import target >= 20000 rows/s); "
    + "worst ratio to baseline \(String(format: "%.3f", worstRatio)); peak RSS \(peakRSSMiB()) MiB")
