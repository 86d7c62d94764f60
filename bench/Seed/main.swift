import Foundation
import SiangCore
import SiangPipeline
import SiangStore

// Fills a data directory with three years of realistic cases, in batches of one transaction each, and
// writes a sample of the tracking IDs for the lookup benchmark. As at a real agency, only the cases
// of the last few days are still open (taken in through the real intake path); the older ones are
// history, stored with the events that took them through to closed. Open cases years overdue would
// keep the server's SLA ticker escalating throughout the runs instead of measuring lookups.
//
// With SEED_SURVEYS=1 every third closed case also gets a case-survey answer twelve days after it
// was received (overall, trust and recommend; reason codes when dissatisfied), for the report benchmark.
//
// usage: siang-bench-seed DATA_DIR COUNT IDS_FILE
let args = CommandLine.arguments
guard args.count == 4, let count = Int(args[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: siang-bench-seed DATA_DIR COUNT IDS_FILE\n".utf8))
    exit(2)
}
// The data directory as `siang` makes it (owner-only, created if missing), then the same key file
// `siang serve` finds in it.
try OwnerOnly.directory(args[1])
let keys = try DataKeySource.resolve(environment: ProcessInfo.processInfo.environment, dataDirectory: args[1], mayCreateFile: true)
let store = try SQLiteStore(dataDirectory: args[1], cipher: keys.cipher)
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
/// Cases received more recently than this are open, and have had their first response after the
/// first day; older ones are closed.
let openWindow = 7 * 86_400.0
let firstResponseAfter = 86_400.0
let batch = 10_000
var written = 0
var sample: [String] = []
var generator = SystemRandomNumberGenerator()
let ids = SecureRandomTrackingIDSource()
let started = Date()
let withSurveys = ProcessInfo.processInfo.environment["SEED_SURVEYS"] == "1"

/// Answers for every third of a batch's closed cases, spread over the scale as real answers are.
func surveyAnswers(_ closed: [(intake: Intake, category: String)], _ outcomes: [CreateOutcome], offset: Int) -> [NewSurveyAnswer] {
    zip(closed, outcomes).enumerated().compactMap { j, pair -> NewSurveyAnswer? in
        guard (offset + j) % 3 == 0, case .created(let receipt) = pair.1 else { return nil }
        let overall = [5, 4, 4, 3, 5, 2, 4, 1, 5, 4][(offset + j) % 10]
        let reasons = overall <= 2 ? [["delay", "no_update", "unresolved", "staff_manner"][(offset + j) % 4]] : []
        return NewSurveyAnswer(token: nil, surveyID: "case", version: 1, source: "case", via: "web", trackingID: receipt.trackingId,
                               channel: pair.0.intake.channel, category: pair.0.category, segment: pair.0.intake.segment,
                               answeredAt: pair.0.intake.receivedAt + 12 * 86_400,
                               response: SurveyResponse(ratings: [SurveyQuestion.overall: overall, SurveyQuestion.trust: max(1, overall - j % 2),
                                                                  SurveyQuestion.recommend: overall], reasons: reasons))
    }
}

/// A case handled to the end: received, taken in hand the next day, resolved with a public note
/// within two weeks, closed two weeks later.
func closedCase(_ intake: Intake, category: String) throws -> NewCase {
    let at = intake.receivedAt
    let id = try ids.next(prefix: configuration.trackingPrefix, beYear: BangkokTime.beYear(of: at))
    let staff = CaseEvent.staff("seed")
    let day = 86_400.0
    let events = [
        CaseEvent(at: at, actor: CaseEvent.citizen, change: .received(ReceivedChange(kind: .complaint, channel: intake.channel,
                                                                                      category: category, segment: intake.segment, priority: .normal))),
        CaseEvent(at: at + day, actor: staff, change: .statusChanged(StatusChange(from: .received, to: .inProgress))),
        CaseEvent(at: at + 10 * day, actor: staff, change: .statusChanged(StatusChange(from: .inProgress, to: .resolved,
                                                                                     publicNote: "ดำเนินการแก้ไขเรียบร้อยแล้ว"))),
        CaseEvent(at: at + 24 * day, actor: CaseEvent.system, change: .statusChanged(StatusChange(from: .resolved, to: .closed))),
    ]
    let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: category, receivedAt: at, sla: nil)
    return NewCase(trackingID: id, intake: intake, events: events, outbox: [], fingerprint: "", receipt: receipt)
}

/// Stores the closed cases of a batch. Random IDs collide now and then over a million cases (the
/// pipeline redraws for the open ones): draw the batch's IDs again.
func storeClosed(_ closed: [(intake: Intake, category: String)]) async throws -> [CreateOutcome] {
    for _ in 0..<5 {
        let cases = try closed.map { try closedCase($0.intake, category: $0.category) }
        let result: Result<[CreateOutcome], StoreError>
        do { result = .success(try await store.createMany(cases)) } catch { result = .failure(error) }
        switch result {
        case .success(let outcomes): return outcomes
        case .failure(.trackingIDTaken): continue
        case .failure(let error): throw error
        }
    }
    fatalError("seeding failed: tracking IDs kept colliding")
}

while written < count {
    let n = min(batch, count - written)
    var open: [Intake] = []
    var closed: [(intake: Intake, category: String)] = []
    for i in 0..<n {
        let k = (written + i) % texts.count
        let age = Double.random(in: 0..<threeYears, using: &generator)
        let intake = Intake(kind: .complaint, text: texts[k] + " (#\(written + i))", channel: [.web, .line, .email, .hotline][(written + i) % 4],
                            receivedAt: now.addingTimeInterval(-age), category: categories[k], segment: segments[(written + i) % segments.count])
        if age < openWindow { open.append(intake) } else { closed.append((intake, categories[k])) }
    }
    var receipts: [CaseReceipt] = []
    for r in try await pipeline.submitMany(open) {
        guard case .success(.created(let receipt)) = r else { fatalError("seeding failed: \(r)") }
        receipts.append(receipt)
        if now.timeIntervalSince(receipt.receivedAt) > firstResponseAfter {
            try await store.append([CaseEvent(at: receipt.receivedAt + 3_600, actor: CaseEvent.staff("seed"),
                                              change: .statusChanged(StatusChange(from: .received, to: .inProgress)))],
                                   to: receipt.trackingId, expectedEventCount: nil, outbox: [])
        }
    }
    let stored = try await storeClosed(closed)
    if withSurveys { _ = try await store.recordSurveyAnswers(surveyAnswers(closed, stored, offset: written)) }
    for outcome in stored {
        guard case .created(let receipt) = outcome else { fatalError("seeding failed: \(outcome)") }
        receipts.append(receipt)
    }
    for (i, receipt) in receipts.enumerated() where (written + i) % 10 == 0 { sample.append(receipt.trackingId.description) }
    written += n
    if written % 100_000 == 0 || written == count {
        FileHandle.standardError.write(Data("seeded \(written) cases in \(Int(Date().timeIntervalSince(started))) s\n".utf8))
    }
}
try (sample.joined(separator: "\n") + "\n").write(toFile: args[3], atomically: true, encoding: .utf8)
