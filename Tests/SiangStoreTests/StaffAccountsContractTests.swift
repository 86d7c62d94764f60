import Foundation
import SiangCore
import SiangStore
import Testing

/// Staff accounts on both stores: sessions (idle and absolute expiry, ending one or all others),
/// failed sign-ins counted per account and per address, API tokens listed and revoked, passwords.
@Suite struct StaffAccountsContractTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func store(_ kind: StoreKind) async throws -> any AgencyStore {
        let store = try await freshStore(kind)
        try await store.addUser(NewUser(username: "boss", passwordHash: "h1", role: .supervisor, createdAt: now))
        try await store.addUser(NewUser(username: "somchai", passwordHash: "h2", role: .agent, createdAt: now))
        return store
    }

    static func session(_ hash: String, of username: String, idle: TimeInterval = 1800, absolute: TimeInterval = 43_200) -> StaffSession {
        StaffSession(tokenHash: hash, username: username, csrfToken: "csrf-\(hash)", createdAt: now,
                     idleExpiresAt: now.addingTimeInterval(idle), expiresAt: now.addingTimeInterval(absolute))
    }

    @Test(arguments: StoreKind.allCases) func sessionsExpireWhenIdleOrOldAndTouchingKeepsThemAlive(_ kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        try await store.createSession(Self.session("s1", of: "boss"))
        let found = try #require(try await store.session(tokenHash: "s1", now: Self.now.addingTimeInterval(60)))
        #expect(found.session == Self.session("s1", of: "boss"))
        #expect(found.user.username == "boss" && found.user.role == .supervisor && found.user.passwordHash == "h1")
        #expect(try await store.session(tokenHash: "s1", now: Self.now.addingTimeInterval(1800)) == nil, "idle for 30 minutes")
        try await store.touchSession(tokenHash: "s1", idleExpiresAt: Self.now.addingTimeInterval(3600))
        #expect(try await store.session(tokenHash: "s1", now: Self.now.addingTimeInterval(1800)) != nil, "touched")
        try await store.touchSession(tokenHash: "s1", idleExpiresAt: Self.now.addingTimeInterval(90_000))
        #expect(try await store.session(tokenHash: "s1", now: Self.now.addingTimeInterval(43_200)) == nil, "twelve hours at most")
        #expect(try await store.session(tokenHash: "nothing", now: Self.now) == nil)
        await #expect(throws: StoreError.unknownUser("nobody")) { try await store.createSession(Self.session("s9", of: "nobody")) }
    }

    @Test(arguments: StoreKind.allCases) func endingASessionOrAllOthersOfOneAccount(_ kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        for (hash, user) in [("a", "boss"), ("b", "boss"), ("c", "boss"), ("d", "somchai")] {
            try await store.createSession(Self.session(hash, of: user))
        }
        let later = Self.now.addingTimeInterval(60)
        try await store.endSession(tokenHash: "a", at: later)
        #expect(try await store.session(tokenHash: "a", now: later) == nil)
        try await store.touchSession(tokenHash: "a", idleExpiresAt: Self.now.addingTimeInterval(7200))
        #expect(try await store.session(tokenHash: "a", now: later) == nil, "an ended session stays ended")
        try await store.endSessions(of: "boss", keeping: "b", at: later)
        #expect(try await store.session(tokenHash: "b", now: later) != nil, "the one kept")
        #expect(try await store.session(tokenHash: "c", now: later) == nil)
        #expect(try await store.session(tokenHash: "d", now: later) != nil, "another account's")
        try await store.endSessions(of: "boss", keeping: nil, at: later)
        #expect(try await store.session(tokenHash: "b", now: later) == nil)
    }

    @Test(arguments: StoreKind.allCases) func failedSignInsAreCountedByAccountAndAddressSinceATime(_ kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        // boss: three from 10.0.0.1 (one of them two days ago, pruned), one from 10.0.0.2; somchai: one from 10.0.0.1.
        try await store.recordFailedSignIn(username: "boss", address: "10.0.0.1", at: Self.now.addingTimeInterval(-2 * 86_400))
        try await store.recordFailedSignIn(username: "boss", address: "10.0.0.1", at: Self.now.addingTimeInterval(-600))
        try await store.recordFailedSignIn(username: "boss", address: "10.0.0.1", at: Self.now.addingTimeInterval(-60))
        try await store.recordFailedSignIn(username: "boss", address: "10.0.0.2", at: Self.now.addingTimeInterval(-30))
        try await store.recordFailedSignIn(username: "somchai", address: "10.0.0.1", at: Self.now)
        let lastWeek = Self.now.addingTimeInterval(-7 * 86_400)
        #expect(try await store.failedSignIns(username: "boss", address: "10.0.0.1", since: lastWeek) == (3, 3),
                "the two-day-old failure was pruned")
        #expect(try await store.failedSignIns(username: "boss", address: "10.0.0.1", since: Self.now.addingTimeInterval(-120)) == (2, 2))
        #expect(try await store.failedSignIns(username: "boss", address: nil, since: lastWeek) == (3, 0))
        try await store.clearFailedSignIns(username: "boss")
        #expect(try await store.failedSignIns(username: "boss", address: "10.0.0.1", since: lastWeek) == (0, 1))
    }

    @Test(arguments: StoreKind.allCases) func tokensAreListedAndRevokedOnceEach(_ kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        try await store.addToken(hash: "t1", for: "boss", at: Self.now)
        try await store.addToken(hash: "t2", for: "boss", at: Self.now.addingTimeInterval(10))
        try await store.addToken(hash: "t3", for: "boss", at: Self.now.addingTimeInterval(20))
        try await store.addToken(hash: "t4", for: "somchai", at: Self.now)
        let tokens = try await store.apiTokens(of: "boss")
        #expect(tokens.map(\.createdAt) == [0, 10, 20].map { Self.now.addingTimeInterval($0) } && tokens.allSatisfy { $0.revokedAt == nil })
        let later = Self.now.addingTimeInterval(100)
        #expect(try await store.revokeAPIToken(id: tokens[0].id, of: "somchai", at: later) == false, "not somchai's token")
        #expect(try await store.revokeAPIToken(id: tokens[0].id, of: "boss", at: later))
        #expect(try await store.revokeAPIToken(id: tokens[0].id, of: "boss", at: later) == false, "already revoked")
        #expect(try await store.revokeAPIToken(hash: "t2", at: later))
        #expect(try await store.revokeAPIToken(hash: "t2", at: later) == false)
        #expect(try await store.revokeAPIToken(hash: "unknown", at: later) == false)
        #expect(try await store.revokeAPITokens(of: "boss", at: later) == 1, "only t3 was left")
        #expect(try await store.apiTokens(of: "boss").map(\.revokedAt) == [later, later, later])
        #expect(try await store.apiTokens(of: "somchai").map(\.revokedAt) == [nil])
        #expect(try await store.apiTokens(of: "nobody").isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func passwordsChangeForKnownAccountsOnly(_ kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        try await store.setPassword(username: "somchai", hash: "new")
        #expect(try await store.staffUsers().map { "\($0.username):\($0.passwordHash)" } == ["boss:h1", "somchai:new"])
        await #expect(throws: StoreError.unknownUser("nobody")) { try await store.setPassword(username: "nobody", hash: "x") }
    }
}
