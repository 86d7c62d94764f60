import Foundation
import SiangTestSupport
import SiangCore
import SiangPipeline
import SiangStore

/// An instant in Bangkok wall-clock time.
func bangkok(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
    BangkokTime.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
}

struct PinnedClock: SiangClock {
    let instant: Date
    func now() -> Date { instant }
}

/// A small hand-written training set: enough signal for routing tests, fast to train in a debug build.
let miniCorpus: [LabelledText] = {
    let rows: [(String, String)] = [
        ("road", "ถนนเป็นหลุมบ่อ"), ("road", "ถนนชำรุดแตกร้าว"), ("road", "ทางเท้าพัง สะพานทรุด"), ("road", "ถนนหน้าบ้านเป็นหลุมใหญ่"),
        ("lighting", "ไฟถนนดับ"), ("lighting", "ไฟส่องสว่างดับทั้งซอย"), ("lighting", "เสาไฟฟ้าไม่มีไฟ"), ("lighting", "ไฟฟ้าดับบ่อย"),
        ("water", "น้ำประปาไม่ไหล"), ("water", "ท่อระบายน้ำอุดตัน"), ("water", "น้ำท่วมขัง"), ("water", "ท่อประปาแตก"),
        ("waste", "ขยะไม่มีคนเก็บ"), ("waste", "ถังขยะล้น"), ("waste", "ขยะส่งกลิ่นเหม็น"), ("waste", "ไม่มีรถเก็บขยะ"),
        ("nuisance", "เสียงดังรบกวน"), ("nuisance", "ควันจากโรงงาน"), ("nuisance", "กลิ่นเหม็นจากฟาร์มหมู"), ("nuisance", "เปิดเพลงเสียงดัง"),
        ("safety", "สุนัขจรจัดไล่กัด"), ("safety", "งูเข้าบ้าน"), ("safety", "ต้นไม้ใกล้ล้ม อันตราย"), ("safety", "สายไฟห้อยต่ำอันตราย"),
        ("staff_conduct", "เจ้าหน้าที่พูดจาไม่สุภาพ"), ("staff_conduct", "พนักงานบริการไม่ดี"), ("staff_conduct", "เจ้าหน้าที่ไม่ใส่ใจ"), ("staff_conduct", "เจ้าหน้าที่ตะคอก"),
        ("process_delay", "ขอใบอนุญาตล่าช้า"), ("process_delay", "เอกสารไม่เสร็จ"), ("process_delay", "รอคิวนานมาก"), ("process_delay", "ยื่นเรื่องนานแล้วยังไม่ได้"),
        ("digital_service", "เว็บไซต์เข้าไม่ได้"), ("digital_service", "ระบบออนไลน์ล่ม"), ("digital_service", "แอปจองคิวใช้ไม่ได้"), ("digital_service", "ลงทะเบียนออนไลน์ไม่ได้"),
        ("corruption", "เจ้าหน้าที่เรียกรับเงิน"), ("corruption", "ทุจริตจัดซื้อจัดจ้าง"), ("corruption", "เรียกสินบน"), ("corruption", "รับเงินใต้โต๊ะ"),
        ("information", "ขอทราบขั้นตอน"), ("information", "สอบถามเอกสารที่ต้องใช้"), ("information", "ขอข้อมูลเบี้ยยังชีพ"), ("information", "อยากทราบเวลาทำการ"),
        ("other", "ขอบคุณครับ"), ("other", "ทดสอบ"), ("other", "สวัสดี"), ("other", "อื่นๆ"),
    ]
    return rows.map { LabelledText(text: $0.1, category: $0.0, kind: .complaint) }
}()

func triageFixture(store: any CaseStore, now: Date, configYAML: String? = nil) throws -> (IntakePipeline, SLAService, SiangConfiguration) {
    let config = try ConfigurationLoader.load(overrideYAML: configYAML, environment: [:])
    let sla = try SLAService(configuration: config)
    let classifier = LearningClassifier(TextClassifier(taxonomy: config.taxonomy, examples: miniCorpus))
    let engine = TriageEngine(configuration: config, classifier: classifier, sla: sla)
    let pipeline = IntakePipeline(store: store, configuration: config, clock: PinnedClock(instant: now), triage: engine,
                                  duplicates: DuplicateFinder(store: store, settings: config.duplicates))
    return (pipeline, sla, config)
}

func temporaryStore() throws -> SQLiteStore {
    try SQLiteStore(dataDirectory: NSTemporaryDirectory() + "siang-triage-\(UUID().uuidString)", cipher: .forTests)
}

func created(_ outcome: CreateOutcome) -> CaseReceipt? {
    if case .created(let r) = outcome { return r }
    return nil
}
