import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// The intake pipeline over any store without triage, its clock stopped at `now`.
func contractPipeline(_ store: any CaseStore, now: Date) throws -> IntakePipeline {
    IntakePipeline(store: store, configuration: try SiangConfiguration.defaults(), clock: FixedClock(instant: now),
                   ids: SecureRandomTrackingIDSource())
}

/// An instant written as ISO 8601 with its offset, for fixtures whose Bangkok day matters.
func instant(_ text: String) -> Date {
    try! Date(text, strategy: .iso8601)
}

/// Channel state, hotline call counts, staff accounts and tokens, and the audit log: the same
/// answers from both stores (``StoreKind``).
@Suite struct OperationsContractTests {
    let now = instant("2026-03-16T10:00:00+07:00")

    @Test(arguments: StoreKind.allCases) func channelStateIsKeptByKeyAndReplaced(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        #expect(try await store.channelState("line.cursor") == nil)
        try await store.setChannelState("line.cursor", "41")
        try await store.setChannelState("line.cursor", "42")
        try await store.setChannelState("email.uid", "7")
        #expect(try await store.channelState("line.cursor") == "42")
        #expect(try await store.channelState("email.uid") == "7")
        #expect(try await store.channelState("hotline") == nil)
    }

    func call(_ id: String, _ start: String, queue: String?, _ disposition: String) -> CallRecord {
        CallRecord(callID: id, startedAt: instant(start), endedAt: nil, queue: queue, agent: "agent7", disposition: disposition, trackingID: nil)
    }

    @Test(arguments: StoreKind.allCases) func callsAreCountedByBangkokDayQueueAndDispositionOnce(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        try await store.recordCalls([
            call("c1", "2026-02-28T23:59:59+07:00", queue: "general", "answered"),   // the day before: not counted
            call("c2", "2026-03-01T00:00:00+07:00", queue: "general", "answered"),   // 2026-02-28T17:00Z, Bangkok's 1 March
            call("c3", "2026-03-01T23:59:00+07:00", queue: "general", "answered"),
            call("c4", "2026-03-01T17:00:00Z", queue: nil, "abandoned"),             // midnight in Bangkok: 2 March
            call("c5", "2026-03-02T01:00:00+07:00", queue: "general", "abandoned"),
            call("c6", "2026-03-02T09:00:00+07:00", queue: "alpha", "answered"),
            call("c7", "2026-03-02T09:30:00+07:00", queue: "Zeta", "answered"),
            call("c8", "2026-03-03T00:00:00+07:00", queue: "general", "answered"),   // the end of the range: not counted
        ])
        // A call seen again (a re-read of the PBX log) is kept as first recorded.
        try await store.recordCalls([call("c2", "2026-03-02T12:00:00+07:00", queue: "alpha", "abandoned")])
        try await store.recordCalls([])
        let counts = try await store.callStatistics(from: instant("2026-03-01T00:00:00+07:00"), to: instant("2026-03-03T00:00:00+07:00"))
        #expect(counts == [
            CallCount(day: "2026-03-01", queue: "general", disposition: "answered", calls: 2),
            CallCount(day: "2026-03-02", queue: nil, disposition: "abandoned", calls: 1),
            CallCount(day: "2026-03-02", queue: "Zeta", disposition: "answered", calls: 1),
            CallCount(day: "2026-03-02", queue: "alpha", disposition: "answered", calls: 1),
            CallCount(day: "2026-03-02", queue: "general", disposition: "abandoned", calls: 1),
        ])
        #expect(try await store.knownCallIDs(["c2", "c7", "c9", "c2"]) == ["c2", "c7"])
        #expect(try await store.knownCallIDs([]).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func usersAreUniqueAndTokensFindOnlyTheirUser(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        try await store.addUser(NewUser(username: "somchai", passwordHash: "hash1", role: .supervisor, createdAt: now))
        try await store.addUser(NewUser(username: "malee", passwordHash: "hash2", role: .agent, createdAt: now))
        await #expect(throws: StoreError.duplicateUser("somchai")) {
            try await store.addUser(NewUser(username: "somchai", passwordHash: "other", role: .admin, createdAt: now))
        }
        let somchai = StaffUser(username: "somchai", passwordHash: "hash1", role: .supervisor, disabled: false)
        #expect(try await store.user(named: "somchai") == somchai, "the second add changed nothing")
        #expect(try await store.user(named: "nobody") == nil)
        try await store.addToken(hash: "token-hash-1", for: "somchai", at: now)
        await #expect(throws: StoreError.unknownUser("nobody")) { try await store.addToken(hash: "token-hash-2", for: "nobody", at: now) }
        #expect(try await store.user(forTokenHash: "token-hash-1") == somchai)
        #expect(try await store.user(forTokenHash: "token-hash-2") == nil)
        #expect(try await store.user(forTokenHash: "") == nil)
    }

    @Test(arguments: StoreKind.allCases) func theAuditLogOfACaseIsItsOwnLinesInOrder(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let (a, b) = (TrackingID.sample(seed: 1), TrackingID.sample(seed: 2))
        let lines = [
            AuditEntry(at: now, actor: "staff:somchai", action: "case.view_contact", trackingID: a),
            AuditEntry(at: now.addingTimeInterval(-60), actor: "staff:malee", action: "case.view_contact", trackingID: b),
            AuditEntry(at: now.addingTimeInterval(-30), actor: "cli:export", action: "case.export", trackingID: a),
            AuditEntry(at: now, actor: "staff:admin", action: "user.add", trackingID: nil),
        ]
        for line in lines { try await store.recordAudit(line) }
        #expect(try await store.auditLog(of: a) == [lines[0], lines[2]], "in the order written, not by time")
        #expect(try await store.auditLog(of: b) == [lines[1]])
        #expect(try await store.auditLog(of: TrackingID.sample(seed: 3)).isEmpty)
    }

    // MARK: LINE

    func lineCase(_ store: any AgencyStore, user: String, at: Date) async throws -> TrackingID {
        let intake = Intake(kind: .complaint, text: "ถนนชำรุดหน้าบ้าน \(at.timeIntervalSince1970)", channel: .line, receivedAt: at,
                            contact: Contact(lineUserID: user), consent: true, category: "road")
        guard case .created(let receipt) = try await contractPipeline(store, now: at).submit(intake) else { throw Failure("not created") }
        return receipt.trackingId
    }

    @Test(arguments: StoreKind.allCases) func aLINEUserFindsTheirNewestOpenCaseAndUnfollowingStopsPushes(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let first = try await lineCase(store, user: "U-one", at: now)
        let second = try await lineCase(store, user: "U-one", at: now.addingTimeInterval(600))
        let other = try await lineCase(store, user: "U-two", at: now.addingTimeInterval(1200))
        #expect(try await store.recentLINECase(userID: "U-one", since: now, until: now.addingTimeInterval(3600)) == second)
        #expect(try await store.recentLINECase(userID: "U-one", since: now, until: now.addingTimeInterval(599)) == first)
        #expect(try await store.recentLINECase(userID: "U-one", since: now.addingTimeInterval(601), until: now.addingTimeInterval(3600)) == nil)
        #expect(try await store.recentLINECase(userID: "U-three", since: now, until: now.addingTimeInterval(3600)) == nil)
        #expect(try await store.lineRecipient(of: first) == "U-one")
        try await store.setLINEFollowing(userID: "U-one", following: false)
        #expect(try await store.lineRecipient(of: first) == nil)
        #expect(try await store.lineRecipient(of: second) == nil)
        #expect(try await store.lineRecipient(of: other) == "U-two", "another user keeps their pushes")
        #expect(try await store.recentLINECase(userID: "U-one", since: now, until: now.addingTimeInterval(3600)) == second,
                "an unfollow does not close the conversation")
        try await store.setLINEFollowing(userID: "U-one", following: true)
        #expect(try await store.lineRecipient(of: second) == "U-one")
        #expect(try await store.lineRecipient(of: TrackingID.sample(seed: 9)) == nil)
    }
}
