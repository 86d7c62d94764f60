import Foundation
import Testing
@testable import SiangCore
@testable import SiangPipeline
@testable import SiangStore

/// What the LINE inbox reads once for a whole pass (``CaseStore/cases(channel:keys:)`` and
/// ``CaseStore/recentLINECases(userIDs:since:until:)``): the same answers, on both stores, as the
/// reads of one event at a time they replace.
extension OperationsContractTests {
    @Test(arguments: StoreKind.allCases) func manyChannelKeysAreLookedUpAtOnce(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let pipeline = try contractPipeline(store, now: now)
        func open(_ key: String, _ channel: Channel, at: Date) async throws -> TrackingID {
            let intake = Intake(kind: .complaint, text: "ท่อระบายน้ำอุดตัน \(key)", channel: channel, channelMessageKey: key, receivedAt: at, category: "road")
            guard case .created(let receipt) = try await pipeline.submit(intake) else { throw Failure("not created") }
            return receipt.trackingId
        }
        let first = try await open("event:e1", .line, at: now)
        let second = try await open("event:e2", .line, at: now.addingTimeInterval(90))
        _ = try await open("event:e3", .email, at: now)
        // A follow-up's key belongs to the case it joined, which was received before it.
        #expect(try await store.appendMessage([CaseEvent(at: now.addingTimeInterval(30), actor: CaseEvent.citizen, change: .citizenMessage("หน้าตลาด"))], to: first, attachments: [], channel: .line, key: "event:e4", outbox: []))

        // More keys than one statement binds, the known ones last, one asked twice.
        let unknown = (0..<1_200).map { "event:unknown-\($0)" }
        let found = try await store.cases(channel: .line, keys: unknown + ["event:e2", "event:e1", "event:e3", "event:e4", "event:e1"])
        #expect(found == [
            "event:e1": KeyedCase(trackingID: first, receivedAt: now),
            "event:e2": KeyedCase(trackingID: second, receivedAt: now.addingTimeInterval(90)),
            "event:e4": KeyedCase(trackingID: first, receivedAt: now),
        ], "a key of another channel, or never stored, is left out")
        for key in ["event:e1", "event:e2", "event:e3", "event:e4", "event:unknown-7"] {
            #expect(try await store.caseID(channel: .line, key: key) == found[key]?.trackingID, "as caseID(channel:key:) answers for \(key)")
        }
        #expect(try await store.cases(channel: .line, keys: []).isEmpty)
        #expect(try await store.cases(channel: .email, keys: ["event:e1"]).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func manyLINEUsersRecentCasesAreReadAtOnce(_ kind: StoreKind) async throws {
        let store = try await freshStore(kind)
        let first = try await lineCase(store, user: "U-one", at: now)
        let second = try await lineCase(store, user: "U-one", at: now.addingTimeInterval(600))
        let other = try await lineCase(store, user: "U-two", at: now.addingTimeInterval(1200))
        let closed = try await lineCase(store, user: "U-two", at: now.addingTimeInterval(1300))
        let waiting = try await lineCase(store, user: "U-four", at: now.addingTimeInterval(60))
        try await store.append([CaseEvent(at: now.addingTimeInterval(1400), actor: CaseEvent.staff("alice"),
                                          change: .statusChanged(StatusChange(from: .received, to: .closed)))],
                               to: closed, expectedEventCount: nil, outbox: [])
        try await store.append([CaseEvent(at: now.addingTimeInterval(70), actor: CaseEvent.staff("alice"),
                                          change: .statusChanged(StatusChange(from: .received, to: .awaitingInfo)))],
                               to: waiting, expectedEventCount: nil, outbox: [])
        // Someone else's web case with the same LINE user is not a LINE conversation.
        _ = try await contractPipeline(store, now: now).submit(Intake(kind: .complaint, text: "ไฟดับ", channel: .web, receivedAt: now.addingTimeInterval(5),
                                                                      contact: Contact(lineUserID: "U-one"), consent: true, category: "road"))

        let users = ["U-one", "U-two", "U-three", "U-four", "U-one"]
        let all = try await store.recentLINECases(userIDs: users, since: now, until: now.addingTimeInterval(3600))
        #expect(all["U-one"]?.map(\.trackingID) == [second, first], "newest first")
        #expect(all["U-one"]?.map(\.receivedAt) == [now.addingTimeInterval(600), now])
        #expect(all["U-two"]?.map(\.trackingID) == [other], "a closed case is left out")
        #expect(all["U-three"] == nil)
        #expect(all["U-four"] == [RecentLINECase(trackingID: waiting, receivedAt: now.addingTimeInterval(60), status: .awaitingInfo)])
        #expect(all["U-one"]?.map(\.status) == [.received, .received])

        // Its window's bounds hold as recentLINECase's do; each user's newest is the one it finds.
        for (since, until) in [(now, now.addingTimeInterval(599)), (now.addingTimeInterval(600), now.addingTimeInterval(600)),
                               (now.addingTimeInterval(601), now.addingTimeInterval(3600)), (now.addingTimeInterval(-60), now.addingTimeInterval(-1))] {
            let window = try await store.recentLINECases(userIDs: users, since: since, until: until)
            for user in Set(users) {
                #expect(window[user]?.first?.trackingID == (try await store.recentLINECase(userID: user, since: since, until: until)),
                        "\(user) in [\(since), \(until)]")
            }
        }
        #expect(try await store.recentLINECases(userIDs: [], since: now, until: now.addingTimeInterval(3600)).isEmpty)
        #expect(try await store.recentLINECases(userIDs: [""], since: now, until: now.addingTimeInterval(3600)).isEmpty)
    }
}
