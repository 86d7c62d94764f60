import Foundation
import SiangCore
import SiangPipeline
import SiangStore

// Fills a data directory with realistic cases through the real intake path (validation, IDs,
// events, channel keys), in batches of one transaction each, and writes a sample of the tracking
// IDs for the lookup benchmark.
//
// usage: siang-bench-seed DATA_DIR COUNT IDS_FILE
let args = CommandLine.arguments
guard args.count == 4, let count = Int(args[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: siang-bench-seed DATA_DIR COUNT IDS_FILE\n".utf8))
    exit(2)
}
let store = try SQLiteStore(dataDirectory: args[1])
let configuration = try SiangConfiguration.defaults()
let pipeline = IntakePipeline(store: store, configuration: configuration)

let texts = [
    "ไฟส่องสว่างดับทั้งซอย กลางคืนมืดมาก อันตรายต่อผู้สัญจร", "ถนนหน้าตลาดเป็นหลุมบ่อ รถจักรยานยนต์ล้มบ่อย",
    "น้ำประปาไม่ไหลตั้งแต่เช้า ขอให้ตรวจสอบด่วน", "ขยะไม่มีคนมาเก็บมาหนึ่งสัปดาห์แล้ว ส่งกลิ่นเหม็น",
    "ร้านอาหารเปิดเพลงเสียงดังหลังเที่ยงคืนทุกวัน", "สุนัขจรจัดไล่กัดเด็กนักเรียนหน้าโรงเรียน",
    "เจ้าหน้าที่พูดจาไม่สุภาพเมื่อไปติดต่อขอใบอนุญาต", "ยื่นขออนุญาตก่อสร้างมาสามเดือนยังไม่ได้รับคำตอบ",
    "ระบบจองคิวออนไลน์เข้าไม่ได้ตั้งแต่เมื่อวาน", "ขอทราบขั้นตอนการขอรับเบี้ยยังชีพผู้สูงอายุ",
]
let categories = ["lighting", "road", "water", "waste", "nuisance", "safety", "staff_conduct", "process_delay", "digital_service", "information"]
let segments = Segment.allCases
let now = Date()
let threeYears = 3 * 365 * 86_400.0
let batch = 10_000
var written = 0
var sample: [String] = []
var generator = SystemRandomNumberGenerator()
let started = Date()
while written < count {
    let n = min(batch, count - written)
    let intakes = (0..<n).map { i -> Intake in
        let k = (written + i) % texts.count
        return Intake(kind: .complaint, text: texts[k] + " (#\(written + i))", channel: [.web, .line, .email, .hotline][(written + i) % 4],
                      receivedAt: now.addingTimeInterval(-Double.random(in: 0..<threeYears, using: &generator)),
                      category: categories[k], segment: segments[(written + i) % segments.count])
    }
    let results = try await pipeline.submitMany(intakes)
    for (i, r) in results.enumerated() {
        guard case .success(.created(let receipt)) = r else { fatalError("seeding failed: \(r)") }
        if (written + i) % 10 == 0 { sample.append(receipt.trackingId.description) }
    }
    written += n
    if written % 100_000 == 0 || written == count {
        FileHandle.standardError.write(Data("seeded \(written) cases in \(Int(Date().timeIntervalSince(started))) s\n".utf8))
    }
}
try (sample.joined(separator: "\n") + "\n").write(toFile: args[3], atomically: true, encoding: .utf8)
