import Foundation
import SiangCore
import SiangStore
import SiangTestSupport
import Synchronization
import Testing
@testable import SiangDelivery

/// Notices to staff: who is told of an escalation or a service recovery, by which channels, in what
/// words (never the citizen's data), and that each recipient is told once an event, however often the
/// fan-out or the dispatcher runs.
@Suite struct StaffNoticeTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Takes `staff_notice` rows and records them, as the email and LINE deliverers would send them.
    final class RecordingDeliverer: OutboxDeliverer {
        let sent = Mutex<[OutboxMessage]>([])
        func accepts(_ message: OutboxMessage) -> Bool { message.kind == StaffNotice.outboxKind }
        func deliver(_ message: OutboxMessage) async throws(DeliveryError) { sent.withLock { $0.append(message) } }
    }

    static func configuration() throws -> SiangConfiguration {
        try ConfigurationLoader.load(overrideYAML: staffConfigYAML() + "\nnotifications: {executives: [chief, boss]}\n", environment: [:])
    }

    static func store() async throws -> SQLiteStore {
        let store = try SQLiteStore(dataDirectory: FileManager.default.temporaryDirectory.appendingPathComponent("siang-notice-\(UUID().uuidString)").path, cipher: .forTests)
        for (name, role) in [("boss", StaffRole.supervisor), ("chief", .admin), ("quiet", .supervisor)] {
            try await store.addUser(NewUser(username: name, passwordHash: "x", role: role, createdAt: now))
        }
        try await store.setStaffEmail(username: "boss", email: "boss@example.go.th")
        try await store.setNoticePreference(username: "boss", preference: .both)
        try await store.issueLINELinkCode(username: "boss", code: "SLBOSS22", expiresAt: now.addingTimeInterval(600))
        _ = try await store.redeemLINELinkCode("SLBOSS22", lineUserID: "U0123456789abcdef0123456789abcdef", now: now)
        try await store.setStaffEmail(username: "chief", email: "chief@example.go.th")
        return store
    }

    static let id = try! TrackingID(prefix: "CMP", body: "69K7MQ2XDJN")

    static func escalation(level: String) -> OutboxMessage {
        OutboxMessage(kind: "escalation", channel: nil, trackingID: id,
                      payload: #"{"clock":"resolution","level":"\#(level)","queue":"engineering","supervisors":["boss","quiet"]}"#,
                      dedupeKey: "esc:\(id):resolution:\(level)")
    }

    @Test func supervisorsAreToldOfEverythingAndExecutivesOnlyOfServiceRecoveryOutsideCorruption() {
        let escalation = StaffNoticeText.Event.escalation(clock: "resolution", level: "breached")
        let recovery = StaffNoticeText.Event.serviceRecovery(servicePoint: nil, unit: nil)
        #expect(StaffNoticeFanout.recipients(event: escalation, supervisors: ["boss"], executives: ["chief"], restricted: false) == ["boss"])
        #expect(StaffNoticeFanout.recipients(event: recovery, supervisors: ["boss"], executives: ["chief", "boss"], restricted: false) == ["boss", "chief"],
                "each once")
        #expect(StaffNoticeFanout.recipients(event: recovery, supervisors: ["honest"], executives: ["chief"], restricted: true) == ["honest"],
                "a corruption case stays with the integrity supervisors")
        #expect(StaffNoticeFanout.recipients(event: recovery, supervisors: [], executives: [""], restricted: false).isEmpty)
    }

    @Test func channelsAreThoseOfThePreferenceThatAreSetUp() {
        func channels(_ p: NoticePreference, email: String? = "a@b.go.th", line: String? = "U1", disabled: Bool = false) -> [Channel] {
            StaffNoticeFanout.channels(of: StaffContact(username: "a", role: .supervisor, disabled: disabled, email: email, lineUserID: line, preference: p))
        }
        #expect(channels(.email) == [.email])
        #expect(channels(.line) == [.line])
        #expect(channels(.both) == [.email, .line])
        #expect(channels(.both, line: nil) == [.email])
        #expect(channels(.line, line: nil) == [])
        #expect(channels(.email, email: "") == [])
        #expect(channels(.both, disabled: true) == [], "a disabled account is told nothing")
    }

    @Test func theTextNamesTheCaseCategoryQueueAndStateWithTheWorkspaceLinkOnly() {
        let text = StaffNoticeText.compose(.escalation(clock: "resolution", level: "breached"), trackingID: Self.id,
                                           category: "ถนนและทางเท้า", queue: "กองช่าง",
                                           caseURL: StaffNoticeText.caseURL(base: "https://voice.example.go.th/", trackingID: Self.id))
        #expect(text.subject == "[แจ้งเตือน] เรื่องเลขที่ CMP-69K7MQ2XDJN เกินระยะเวลาที่กำหนดแล้ว")
        #expect(text.body == """
            เรื่องเลขที่ CMP-69K7MQ2XDJN เกินระยะเวลาที่กำหนดแล้ว สำหรับการดำเนินการแก้ไขให้แล้วเสร็จ
            หมวดเรื่อง: ถนนและทางเท้า
            หน่วยงานที่รับผิดชอบ: กองช่าง
            โปรดตรวจสอบและดำเนินการ: https://voice.example.go.th/staff/cases/CMP-69K7MQ2XDJN
            """)
        let atRisk = StaffNoticeText.compose(.escalation(clock: "first_response", level: "at_risk"), trackingID: Self.id, category: nil, queue: nil,
                                             caseURL: "u")
        #expect(atRisk.subject.hasSuffix("ใกล้ครบระยะเวลาที่กำหนด"))
        #expect(atRisk.body.contains("การตอบรับเรื่องครั้งแรก"))
    }

    @Test func aServiceRecoveryNoticeCarriesNoReasonsScoreOrContact() async throws {
        let store = try await Self.store()
        let fanout = StaffNoticeFanout(store: store, contacts: store, configuration: try Self.configuration())
        // A service-recovery row as ServiceRecovery writes it: score and reason codes in the payload.
        let row = OutboxMessage(kind: "service_recovery", channel: nil, trackingID: Self.id, payload: """
            {"answeredAt":"2026-05-01T03:00:00Z","overall":1,"queue":"engineering","reasons":["rude_staff"],"supervisors":["boss"]}
            """, dedupeKey: "survey:recovery:tok-1")
        let notices = try await fanout.notices(for: row)
        #expect(notices.map { "\($0.channel!.rawValue):\(StaffNotice.decode($0.payload)!.username)" } == ["email:boss", "line:boss", "email:chief"],
                "boss by both channels, the executive chief by email; quiet has no address and boss is not told twice")
        for n in notices {
            let notice = try #require(StaffNotice.decode(n.payload))
            #expect(notice.text.contains("https://voice.example.go.th/staff/cases/CMP-69K7MQ2XDJN"))
            #expect(notice.text.contains("กองช่าง"))
            for personal in ["@", "U0123456789", "rude_staff", "overall", "1 "] { #expect(!n.payload.contains(personal), "\(personal) in \(n.payload)") }
        }
    }

    @Test func eachRecipientIsToldOnceAnEventHoweverOftenTheDispatcherRuns() async throws {
        let store = try await Self.store()
        let clock = MovableClock(Self.now)
        let recorder = RecordingDeliverer()
        let fanout = StaffNoticeFanout(store: store, contacts: store, configuration: try Self.configuration(), clock: clock)
        let dispatcher = OutboxDispatcher(store: store, deliverers: [fanout, recorder], clock: clock)
        try await store.enqueueOutbox([Self.escalation(level: "at_risk"), Self.escalation(level: "breached")], at: Self.now)
        try await dispatcher.runOnce()   // fans out the two events
        clock.advance(1)
        try await dispatcher.runOnce()   // sends the notices
        let keys = recorder.sent.withLock { $0.map(\.dedupeKey) }.sorted()
        #expect(keys == ["notice:esc:CMP-69K7MQ2XDJN:resolution:at_risk:boss:email", "notice:esc:CMP-69K7MQ2XDJN:resolution:at_risk:boss:line",
                         "notice:esc:CMP-69K7MQ2XDJN:resolution:breached:boss:email", "notice:esc:CMP-69K7MQ2XDJN:resolution:breached:boss:line"])
        // A fan-out repeated (a crash before the event row was marked) adds nothing, and nothing is sent again.
        try await fanout.deliver(Self.escalation(level: "breached"))
        clock.advance(3600 * 24)
        try await dispatcher.runOnce()
        #expect(recorder.sent.withLock { $0.count } == 4)
        #expect(try await store.pendingOutbox(limit: 10).isEmpty)
    }
}
