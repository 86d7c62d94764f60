import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// A tracking lookup reads one row (``TrackingStore``): on both stores, for cases with every kind of
/// history, that row must answer exactly what the events answer, at lookup instants on time, at risk
/// and overdue, and again after the migration's fill rebuilt it from the events.
@Suite struct TrackedCaseContractTests {
    /// Monday 2026-11-16 09:00 Bangkok, a business day.
    let now = Date(timeIntervalSince1970: 1_763_258_400)

    func at(hours: Double) -> Date { now.addingTimeInterval(hours * 3_600) }

    func received(_ category: String? = "lighting", priority: Priority = .normal, channel: SiangCore.Channel = .web) -> CaseEvent {
        CaseEvent(at: now, actor: CaseEvent.citizen,
                  change: .received(ReceivedChange(kind: .complaint, channel: channel, category: category, segment: nil, priority: priority)))
    }

    func staff(_ hours: Double, _ change: CaseChange) -> CaseEvent {
        CaseEvent(at: at(hours: hours), actor: CaseEvent.staff("somsri"), change: change)
    }

    func move(_ hours: Double, _ from: Status, _ to: Status, note: String? = nil) -> CaseEvent {
        staff(hours, .statusChanged(StatusChange(from: from, to: to, publicNote: note)))
    }

    func newCase(_ id: TrackingID, _ events: [CaseEvent], contact: Contact? = nil) -> NewCase {
        let intake = Intake(kind: .complaint, text: "ไฟถนนดับ", channel: .web, receivedAt: now, contact: contact, consent: contact != nil)
        let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: "lighting", receivedAt: now, sla: nil)
        return NewCase(trackingID: id, intake: intake, events: events, outbox: [], fingerprint: "f-\(id)", receipt: receipt)
    }

    /// Histories of every kind, each as (first events, events appended one call at a time).
    var histories: [(String, [CaseEvent], [[CaseEvent]])] {
        [
            ("new", [received()], []),
            ("new, urgent, no category", [received(nil, priority: .urgent)], []),
            ("assigned and triaged with a public note, a private note",
             [received()], [[staff(1, .assigned("somsri")), staff(1, .queueChanged("roads"))],
                            [move(2, .received, .triaged, note: "ส่งเรื่องให้กองช่างแล้ว")], [staff(3, .internalNote("โทรหาผู้ร้อง 081"))]]),
            ("recategorised and reprioritised",
             [received()], [[staff(1, .categorized(CategoryChange(category: "water", confidence: nil)))], [staff(2, .priorityChanged(.complex))]]),
            ("waiting for the complainant (paused), a public reply",
             [received()], [[move(1, .received, .inProgress)], [move(5, .inProgress, .awaitingInfo, note: "ขอรูปถ่ายจุดที่ไฟดับ")],
                            [staff(6, .publicReply("รอรูปถ่ายอยู่ค่ะ"))]]),
            ("paused and resumed", [received()], [[move(1, .received, .awaitingInfo)], [move(30, .awaitingInfo, .inProgress)]]),
            ("resolved", [received()], [[move(1, .received, .inProgress)], [move(20, .inProgress, .resolved, note: "ซ่อมแล้ว")]]),
            ("reopened", [received()], [[move(1, .received, .resolved, note: "")], [move(48, .resolved, .inProgress, note: "เปิดเรื่องอีกครั้ง")],
                                        [staff(49, .publicReply(""))]]),
            ("resolved after its due time", [received(priority: .urgent)], [[move(24 * 20, .received, .resolved, note: "ล่าช้า ขออภัย")]]),
            ("closed", [received()], [[move(1, .received, .resolved)], [move(200, .resolved, .closed)]]),
            ("a citizen's message and the system's bookkeeping",
             [received(), CaseEvent(at: at(hours: 0.01), actor: CaseEvent.system, change: .suggested(CategoryChange(category: "roads", confidence: 0.4)))],
             [[CaseEvent(at: at(hours: 2), actor: CaseEvent.citizen, change: .citizenMessage("ยังไม่ได้ซ่อม"))],
              [CaseEvent(at: at(hours: 90), actor: CaseEvent.system, change: .escalated(Escalation(clock: "resolution", level: "breached", dueAt: at(hours: 80), queue: nil)))]]),
        ]
    }

    /// Lookup instants: before the last change, on time, at risk, overdue, long after.
    var instants: [Date] { [at(hours: 0.5), at(hours: 3), at(hours: 26), at(hours: 60), at(hours: 24 * 40), at(hours: 24 * 400)] }

    func expectSameAnswers(_ store: any AgencyStore, _ ids: [TrackingID], sla: SLAService,
                           sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var states: Set<String> = []
        for id in ids {
            let events = try await store.events(of: id)
            let expected = try #require(PublicCaseView(trackingID: id, events: events), sourceLocation: sourceLocation)
            let tracked = try #require(try await store.trackedCase(id), "case \(id) has its row", sourceLocation: sourceLocation)
            #expect(tracked.view == expected, sourceLocation: sourceLocation)
            for instant in instants {
                let fromEvents = try #require(sla.summary(events: events, at: instant), sourceLocation: sourceLocation)
                let fromRow = try #require(sla.resolution(of: tracked, at: instant), sourceLocation: sourceLocation)
                #expect(fromRow.dueAt == fromEvents.resolutionDueAt && fromRow.state.rawValue == fromEvents.state,
                        "\(id) at \(instant)", sourceLocation: sourceLocation)
                states.insert(fromEvents.state)
            }
        }
        #expect(states.isSuperset(of: ["on_track", "at_risk", "breached", "paused", "met", "missed"]), "\(states)",
                sourceLocation: sourceLocation)
    }

    @Test(arguments: StoreKind.allCases)
    func theOneRowAnswersWhatTheEventsAnswer(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let sla = try SLAService(configuration: try SiangConfiguration.defaults())
        var ids: [TrackingID] = []
        for (n, (_, first, appends)) in histories.enumerated() {
            let id = TrackingID.sample(seed: UInt64(500 + n))
            guard case .created = try await store.create(newCase(id, first)) else { throw Failure("not created") }
            for events in appends { try await store.append(events, to: id, expectedEventCount: nil, outbox: []) }
            ids.append(id)
        }
        // Imported with its history, from `siang import cases`.
        let imported = TrackingID.sample(seed: 600)
        _ = try await store.importCases([ImportedCase(newCase: newCase(imported, [received(channel: .hotline), move(3, .received, .resolved, note: "ซ่อมแล้ว")]),
                                                      ref: "R1", fingerprint: "f-R1")])
        ids.append(imported)
        // A complainant whose personal data was erased on request: the public view is unchanged.
        let erased = TrackingID.sample(seed: 601)
        _ = try await store.create(newCase(erased, [received()], contact: Contact(name: "มาลี", phone: "089-111-2222")))
        try await store.append([move(1, .received, .inProgress, note: "รับเรื่องแล้ว")], to: erased, expectedEventCount: nil, outbox: [])
        let before = try await store.trackedCase(erased)
        _ = try await store.erasePersonalData(of: erased, scope: .request,
                                              audit: AuditEntry(at: at(hours: 2), actor: "staff:admin", action: "pdpa.erase", trackingID: erased))
        #expect(try await store.trackedCase(erased) == before)
        ids.append(erased)
        // Set aside from the SLA figures: the complainant's answer does not change.
        #expect(try await store.setAsideFromSLA(ids[2], reason: "ผู้ร้องขอเลื่อน", at: at(hours: 4)))

        try await expectSameAnswers(store, ids, sla: sla)
        #expect(try await store.trackedCase(TrackingID.sample(seed: 999)) == nil, "an unknown ID has no row")
    }

    /// The migration fills the rows of cases stored before it from their events.
    @Test(arguments: StoreKind.allCases)
    func theMigrationFillsTheRowsFromTheEvents(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let sla = try SLAService(configuration: try SiangConfiguration.defaults())
        var ids: [TrackingID] = []
        for (n, (_, first, appends)) in histories.enumerated() {
            let id = TrackingID.sample(seed: UInt64(700 + n))
            _ = try await store.create(newCase(id, first))
            for events in appends { try await store.append(events, to: id, expectedEventCount: nil, outbox: []) }
            ids.append(id)
        }
        var before: [TrackedCase?] = []
        for id in ids { before.append(try await store.trackedCase(id)) }
        switch store {
        case let sqlite as SQLiteStore:
            try await sqlite.write { db in
                try db.execute(sql: "DELETE FROM case_tracking")
                try TrackedCaseSchema.fill(db)
            }
        case let postgres as PostgresStore:
            try await postgres.write { c in
                try await c.exec("DELETE FROM case_tracking")
                try await PostgresStore.fillTrackedCases(c)
            }
        default:
            throw Failure("an unknown store")
        }
        var after: [TrackedCase?] = []
        for id in ids { after.append(try await store.trackedCase(id)) }
        #expect(after == before)
        try await expectSameAnswers(store, ids, sla: sla)
    }

    @Test(arguments: StoreKind.allCases)
    func anUnreadableRowIsAnErrorNotAnotherCase(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = TrackingID.sample(seed: 800)
        _ = try await store.create(newCase(id, [received()]))
        switch store {
        case let sqlite as SQLiteStore:
            try await sqlite.write { db in try db.execute(sql: "UPDATE case_tracking SET view = x'0201'") }
        case let postgres as PostgresStore:
            try await postgres.write { c in try await c.exec("UPDATE case_tracking SET view = '\\x0201'::bytea") }
        default:
            throw Failure("an unknown store")
        }
        await #expect(throws: StoreError.self) { try await store.trackedCase(id) }
    }
}
