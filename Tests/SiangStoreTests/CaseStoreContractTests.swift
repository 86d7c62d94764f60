import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// The intake pipeline without triage over any store, its clock stopped at `now`.
func plainPipeline(_ store: any CaseStore, now: Date, ids: any TrackingIDSource = SecureRandomTrackingIDSource()) throws -> IntakePipeline {
    IntakePipeline(store: store, configuration: try SiangConfiguration.defaults(), clock: FixedClock(instant: now), ids: ids)
}

/// The case store's contract, held by SQLite and PostgreSQL alike: new cases, channel keys, appends,
/// the SLA schedule and the cases set aside from SLA figures.
@Suite struct CaseStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func submit(_ store: any AgencyStore, _ intake: Intake) async throws -> TrackingID {
        guard case .created(let receipt) = try await plainPipeline(store, now: now).submit(intake) else { throw Failure("not created") }
        return receipt.trackingId
    }

    func note(_ minutes: Double, _ text: String = "x") -> CaseEvent {
        CaseEvent(at: now.addingTimeInterval(minutes * 60), actor: CaseEvent.staff("alice"), change: .internalNote(text))
    }

    @Test(arguments: StoreKind.allCases)
    func aCaseIsStoredWithItsFirstEventContactAndLocation(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let intake = Intake(kind: .complaint, subject: "ไฟดับ", text: "ไฟถนนดับหน้าบ้านเลขที่ 9", channel: .web, channelMessageKey: "idem:k1",
                            receivedAt: now, contact: Contact(name: "สมชาย", email: "s@example.go.th"), consent: true,
                            location: Location(lat: 13.75, lon: 100.5, address: "ซอย 5"), category: "lighting", segment: .citizen)
        let id = try await submit(store, intake)
        let record = try #require(try await store.record(id))
        #expect(record.text == "ไฟถนนดับหน้าบ้านเลขที่ 9" && record.subject == "ไฟดับ")
        #expect(record.state.status == .received && record.state.category == "lighting" && record.state.segment == .citizen)
        #expect(record.state.receivedAt == now && record.eventCount == 1)
        #expect(record.location == Location(lat: 13.75, lon: 100.5, address: "ซอย 5"))
        #expect(try await store.events(of: id).map(\.change.type) == ["received"])
        #expect(try await store.contact(of: id) == Contact(name: "สมชาย", email: "s@example.go.th"))
        #expect(try await store.caseID(channel: .web, key: "idem:k1") == id)
        #expect(try await store.caseID(channel: .line, key: "idem:k1") == nil, "a key belongs to its channel")
        #expect(try await store.record(TrackingID.sample(seed: 77)) == nil)
        #expect(try await store.events(of: TrackingID.sample(seed: 77)).isEmpty)
        #expect(try await store.contact(of: TrackingID.sample(seed: 77)) == nil)
    }

    /// Twelve requests with one key at once (a client retrying through a load balancer): one case, and
    /// every answer is its receipt. Meanwhile twelve requests with keys of their own all make their case.
    @Test(arguments: StoreKind.allCases)
    func racingRequestsWithOneChannelKeyMakeOneCase(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let p = try plainPipeline(store, now: now)
        let outcomes = try await withThrowingTaskGroup(of: CreateOutcome.self) { group in
            for n in 0..<24 {
                let key = n.isMultiple(of: 2) ? "idem:raced" : "idem:own-\(n)"
                group.addTask { try await p.submit(Intake(text: "น้ำไม่ไหล \(key)", channel: .web, channelMessageKey: key, receivedAt: self.now)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let receipts = outcomes.map { outcome -> CaseReceipt in
            switch outcome {
            case .created(let r), .existing(let r): return r
            }
        }
        #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 13)
        let raced = try #require(try await store.caseID(channel: .web, key: "idem:raced"))
        #expect(receipts.filter { $0.trackingId == raced }.count == 12)
        #expect(Set(receipts.map(\.trackingId)).count == 13)
        #expect(try await store.caseCount() == 13)
    }

    @Test(arguments: StoreKind.allCases)
    func theSameChannelKeyReturnsTheFirstCaseAndWritesNothing(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let p = try plainPipeline(store, now: now)
        let intake = Intake(text: "น้ำไม่ไหล", channel: .web, channelMessageKey: "idem:same", receivedAt: now)
        let first = try await p.submit(intake)
        var later = intake
        later.receivedAt = now.addingTimeInterval(5)
        let second = try await p.submit(later)
        guard case .created(let a) = first, case .existing(let b) = second else { Issue.record("\(first) \(second)"); return }
        #expect(a == b)
        #expect(try await store.caseCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aKeyReusedForADifferentRequestIsRefused(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let p = try plainPipeline(store, now: now)
        _ = try await p.submit(Intake(text: "น้ำไม่ไหล", channel: .web, channelMessageKey: "idem:x", receivedAt: now))
        await #expect(throws: IntakeError.keyReused) {
            try await p.submit(Intake(text: "ไฟดับ", channel: .web, channelMessageKey: "idem:x", receivedAt: now))
        }
        #expect(try await store.caseCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aTrackingIDCollisionIsRetriedWithANewID(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let taken = TrackingID.sample(seed: 1), fresh = TrackingID.sample(seed: 2)
        let ids = ScriptedIDs([taken, taken, fresh])
        let p = try plainPipeline(store, now: now, ids: ids)
        guard case .created(let first) = try await p.submit(Intake(text: "หนึ่ง", channel: .web, receivedAt: now)) else { Issue.record(); return }
        guard case .created(let second) = try await p.submit(Intake(text: "สอง", channel: .web, receivedAt: now)) else { Issue.record(); return }
        #expect(first.trackingId == taken && second.trackingId == fresh)
        #expect(ids.handedOut == 3)
        #expect(try await store.caseCount() == 2)
        #expect(try await store.record(taken)?.text == "หนึ่ง")
    }

    func newCase(_ id: TrackingID, key: String) -> NewCase {
        let intake = Intake(text: "สายเข้า \(key)", channel: .hotline, channelMessageKey: key, receivedAt: now)
        let received = CaseEvent(at: now, actor: CaseEvent.citizen,
                                 change: .received(ReceivedChange(kind: .complaint, channel: .hotline, category: nil, segment: nil, priority: .normal)))
        let receipt = CaseReceipt(trackingId: id, status: .received, kind: .complaint, category: nil, receivedAt: now, sla: nil)
        return NewCase(trackingID: id, intake: intake, events: [received], outbox: [], fingerprint: "f-\(key)", receipt: receipt)
    }

    @Test(arguments: StoreKind.allCases)
    func aBatchWithACollidingIDStoresNeitherCasesNorCalls(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let taken = TrackingID.sample(seed: 1)
        #expect(try await store.createMany([newCase(taken, key: "call:0")]) { _ in [] } == [.created(newCase(taken, key: "call:0").receipt)])
        await #expect(throws: StoreError.trackingIDTaken) {
            _ = try await store.createMany([newCase(TrackingID.sample(seed: 5), key: "call:a"), newCase(taken, key: "call:b")]) { _ in [] }
        }
        #expect(try await store.caseCount() == 1)
        #expect(try await store.caseID(channel: .hotline, key: "call:a") == nil)
        let again = try await store.createMany([newCase(TrackingID.sample(seed: 6), key: "call:0"), newCase(TrackingID.sample(seed: 7), key: "call:c")]) { _ in [] }
        #expect(again == [.existing(newCase(taken, key: "call:0").receipt), .created(newCase(TrackingID.sample(seed: 7), key: "call:c").receipt)],
                "a repeated key gives the first receipt")
        #expect(try await store.caseCount() == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func appendChecksTheEventCountAndRefreshesTheState(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = try await submit(store, Intake(text: "ถนนพัง", channel: .web, receivedAt: now))
        try await store.append([CaseEvent(at: now.addingTimeInterval(60), actor: CaseEvent.staff("alice"),
                                          change: .statusChanged(StatusChange(from: .received, to: .triaged, publicNote: "ส่งกองช่างแล้ว")))],
                               to: id, expectedEventCount: 1, outbox: [])
        let record = try #require(try await store.record(id))
        #expect(record.state.status == .triaged && record.eventCount == 2)
        #expect(record.state.firstResponseAt == now.addingTimeInterval(60) && record.state.updatedAt == now.addingTimeInterval(60))
        await #expect(throws: StoreError.concurrentChange) {
            try await store.append([note(2)], to: id, expectedEventCount: 1, outbox: [])
        }
        await #expect(throws: StoreError.notFound) {
            try await store.append([note(2)], to: TrackingID.sample(seed: 9), expectedEventCount: nil, outbox: [])
        }
        try await store.append([note(3, "หนึ่ง"), note(4, "สอง")], to: id, expectedEventCount: nil, outbox: [])
        #expect(try await store.events(of: id).map(\.change.type) == ["received", "status_changed", "internal_note", "internal_note"])
        #expect(try await store.record(id)?.eventCount == 4)
    }

    @Test(arguments: StoreKind.allCases)
    func aFollowUpMessageIsAppendedOncePerChannelKey(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let id = try await submit(store, Intake(text: "น้ำท่วม", channel: .line, channelMessageKey: "line:m1", receivedAt: now))
        let photo = AttachmentRef(sha256: String(repeating: "a", count: 64), filename: "ภาพ.jpg", contentType: "image/jpeg", size: 1234)
        let message = [CaseEvent(at: now.addingTimeInterval(600), actor: CaseEvent.citizen, change: .citizenMessage("ยังท่วมอยู่"))]
        #expect(try await store.appendMessage(message, to: id, attachments: [photo], channel: .line, key: "line:m2", outbox: []))
        #expect(try await store.appendMessage(message, to: id, attachments: [photo], channel: .line, key: "line:m2", outbox: []) == false,
                "a redelivered message is not appended again")
        #expect(try await store.appendMessage(message, to: id, attachments: [], channel: .line, key: "line:m1", outbox: []) == false,
                "the key of the message that opened the case counts too")
        #expect(try await store.record(id)?.eventCount == 2)
        #expect(try await store.attachments(of: id) == [photo])
        #expect(try await store.caseID(channel: .line, key: "line:m2") == id)
        #expect(try await store.appendMessage(message, to: id, attachments: [], channel: .line, key: nil, outbox: []), "no key, no dedupe")
        #expect(try await store.record(id)?.eventCount == 3)
        await #expect(throws: StoreError.notFound) {
            _ = try await store.appendMessage(message, to: TrackingID.sample(seed: 9), attachments: [], channel: .line, key: "line:m9", outbox: [])
        }
        #expect(try await store.caseID(channel: .line, key: "line:m9") == nil, "a refused message leaves no key")
    }

    @Test(arguments: StoreKind.allCases)
    func recentOpenCasesAreTheCategorysNewestOpenOnes(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        func at(_ hours: Double, _ text: String, _ category: String = "water") async throws -> TrackingID {
            try await submit(store, Intake(text: text, channel: .web, receivedAt: now.addingTimeInterval(hours * 3600), category: category))
        }
        _ = try await at(-48, "เก่าเกินไป")
        let older = try await at(-5, "ท่อแตก")
        let closed = try await at(-4, "ปิดแล้ว")
        let newer = try await at(-3, "น้ำไม่ไหล")
        _ = try await at(-2, "ไฟดับ", "lighting")
        let newest = try await at(-1, "น้ำขุ่น")
        try await store.append([CaseEvent(at: now, actor: CaseEvent.staff("alice"), change: .statusChanged(StatusChange(from: .received, to: .closed)))],
                               to: closed, expectedEventCount: nil, outbox: [])
        let found = try await store.recentOpenCases(category: "water", since: now.addingTimeInterval(-24 * 3600), limit: 10)
        #expect(found.map(\.id) == [newest, newer, older])
        #expect(found.map(\.text) == ["น้ำขุ่น", "น้ำไม่ไหล", "ท่อแตก"])
        #expect(try await store.recentOpenCases(category: "water", since: now.addingTimeInterval(-24 * 3600), limit: 2).map(\.id) == [newest, newer])
        #expect(try await store.recentOpenCases(category: "roads", since: .distantPast, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func theSLAScheduleGivesTheCasesDueInOrder(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let a = try await submit(store, Intake(text: "หนึ่ง", channel: .web, receivedAt: now))
        let b = try await submit(store, Intake(text: "สอง", channel: .web, receivedAt: now.addingTimeInterval(60)))
        #expect(try await store.casesDueForSLACheck(now: now.addingTimeInterval(60), limit: 10) == [a, b], "a new open case is looked at at once")
        #expect(try await store.casesDueForSLACheck(now: now, limit: 10) == [a])
        try await store.scheduleSLACheck(a, at: now.addingTimeInterval(3600))
        #expect(try await store.casesDueForSLACheck(now: now.addingTimeInterval(120), limit: 10) == [b])
        #expect(try await store.casesDueForSLACheck(now: now.addingTimeInterval(3600), limit: 10) == [b, a])
        #expect(try await store.casesDueForSLACheck(now: now.addingTimeInterval(3600), limit: 1) == [b])
        try await store.scheduleSLACheck(b, at: nil)
        #expect(try await store.casesDueForSLACheck(now: .distantFuture, limit: 10) == [a])
        try await store.scheduleSLACheck(TrackingID.sample(seed: 9), at: now)
        #expect(try await store.casesDueForSLACheck(now: .distantFuture, limit: 10) == [a], "an unknown case schedules nothing")
    }

    @Test(arguments: StoreKind.allCases)
    func aCaseSetAsideFromSLALeavesTheScheduleOnceAndShowsToWhoMaySeeIt(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let water = try await submit(store, Intake(text: "น้ำ", channel: .web, receivedAt: now, category: "water"))
        let secret = try await submit(store, Intake(text: "ทุจริต", channel: .web, receivedAt: now, category: "corruption"))
        #expect(try await store.setAsideFromSLA(water, reason: "รอศาล", at: now.addingTimeInterval(60)))
        #expect(try await store.setAsideFromSLA(water, reason: "ซ้ำ", at: now.addingTimeInterval(120)) == false, "set aside once; the first reason stays")
        #expect(try await store.setAsideFromSLA(secret, reason: "สอบสวน", at: now.addingTimeInterval(30)))
        #expect(try await store.setAsideFromSLA(TrackingID.sample(seed: 9), reason: "x", at: now) == false)
        #expect(try await store.slaSetAsideCount() == 2)
        #expect(try await store.casesDueForSLACheck(now: .distantFuture, limit: 10).isEmpty)
        func viewer(_ role: StaffRole, queues: Set<String> = []) -> StaffViewer {
            StaffViewer(username: "somsri", role: role, memberQueues: queues, supervisedQueues: [], restrictedCategories: ["corruption"],
                        integrityQueue: "integrity")
        }
        #expect(try await store.slaSetAside(viewer: viewer(.admin)) == [SLASetAside(trackingID: water, at: now.addingTimeInterval(60), reason: "รอศาล")])
        #expect(try await store.slaSetAside(viewer: viewer(.integrity)).map(\.trackingID) == [secret])
        #expect(try await store.slaSetAside(viewer: viewer(.analyst)).isEmpty)
        #expect(try await store.slaSetAside(viewer: viewer(.agent, queues: ["elsewhere"])).isEmpty)
    }
}
