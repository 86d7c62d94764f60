import Foundation
import SiangCore
import Testing
@testable import SiangStore

/// Staff contact channels: the email and preference kept per account, and LINE link codes that are
/// short-lived, single use and replaced when a new one is asked for. On both stores.
@Suite struct StaffContactStoreTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func store(_ kind: StoreKind) async throws -> any AgencyStore {
        let store = try await freshStore(kind)
        try await store.addUser(NewUser(username: "boss", passwordHash: "x", role: .supervisor, createdAt: now))
        return store
    }

    @Test(arguments: StoreKind.allCases) func emailAndPreferenceAreKeptPerAccountAndUnknownAccountsRefused(_ kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        #expect(try await store.staffContacts(usernames: ["boss", "nobody"]) == [StaffContact(username: "boss", role: .supervisor)])
        try await store.setStaffEmail(username: "boss", email: "boss@example.go.th")
        try await store.setNoticePreference(username: "boss", preference: .both)
        let boss = try #require(try await store.staffContacts(usernames: ["boss"]).first)
        #expect(boss.email == "boss@example.go.th" && boss.preference == .both && boss.lineUserID == nil)
        try await store.setStaffEmail(username: "boss", email: nil)
        #expect(try await store.staffContacts(usernames: ["boss"]).first?.email == nil)
        await #expect(throws: StoreError.unknownUser("nobody")) { try await store.setStaffEmail(username: "nobody", email: "a@b.go.th") }
        await #expect(throws: StoreError.unknownUser("nobody")) { try await store.issueLINELinkCode(username: "nobody", code: "SLDDDD55", expiresAt: Self.now) }
    }

    @Test(arguments: StoreKind.allCases) func aLinkCodeWorksOnceBeforeItExpiresAndANewCodeReplacesTheOld(_ kind: StoreKind) async throws {
        let store = try await Self.store(kind)
        try await store.issueLINELinkCode(username: "boss", code: "SLAAAA22", expiresAt: Self.now.addingTimeInterval(600))
        try await store.issueLINELinkCode(username: "boss", code: "SLBBBB33", expiresAt: Self.now.addingTimeInterval(600))
        #expect(try await store.redeemLINELinkCode("SLAAAA22", lineUserID: "U1", now: Self.now) == nil, "the old code was replaced")
        #expect(try await store.redeemLINELinkCode("SLBBBB33", lineUserID: "U1", now: Self.now.addingTimeInterval(601)) == nil, "expired")
        try await store.issueLINELinkCode(username: "boss", code: "SLCCCC44", expiresAt: Self.now.addingTimeInterval(600))
        #expect(try await store.redeemLINELinkCode("SLCCCC44", lineUserID: "U1", now: Self.now) == "boss")
        #expect(try await store.redeemLINELinkCode("SLCCCC44", lineUserID: "U2", now: Self.now) == nil, "single use")
        #expect(try await store.staffContacts(usernames: ["boss"]).first?.lineUserID == "U1")
        try await store.unlinkLINE(username: "boss")
        #expect(try await store.staffContacts(usernames: ["boss"]).first?.lineUserID == nil)
    }

    @Test func onlyExactCodesAndSafeAddressesAreTaken() {
        #expect(LINELinkCode.code(in: " slk7qp3x \n") == "SLK7QP3X")
        #expect(LINELinkCode.code(in: "SLK7QP3X ถนนพัง") == nil)
        #expect(LINELinkCode.code(in: "SLK7QP30") == nil, "0 is not in the code alphabet")
        #expect(LINELinkCode.code(in: LINELinkCode.generate()) != nil)
        #expect(StaffEmail.normalised(" boss@example.go.th ") == "boss@example.go.th")
        for bad in ["boss", "a@b", "a@b.go.th>\r\nBcc: x@y.z", "<a@b.go.th>", "a,b@c.go.th", "a b@c.go.th"] {
            #expect(StaffEmail.normalised(bad) == nil, "\(bad)")
        }
    }
}
