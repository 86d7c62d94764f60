import Foundation
import GRDB
import SiangCore
@testable import SiangStore
import Testing

/// The tracking read through SQLite's C API (``TrackingReaders``) against the same read through GRDB.
@Suite struct TrackingReadersTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func storeWithCase() async throws -> (SQLiteStore, String, TrackingID) {
        let (store, directory) = try temporaryStore()
        let outcome = try await plainPipeline(store, now: now).submit(Intake(text: "ท่อประปาแตกหน้าตลาด น้ำไหลนองถนน", channel: .web, receivedAt: now))
        guard case .created(let receipt) = outcome else { throw StoreError.notFound }
        return (store, directory + "/siang.sqlite", receipt.trackingId)
    }

    /// GRDB's reading of the stored view, for comparison.
    static func viaGRDB(_ store: SQLiteStore, _ id: TrackingID) async throws -> TrackedCase? {
        try await store.pool.read { db in
            try Data.fetchOne(db, sql: "SELECT view FROM case_tracking WHERE tracking_id = ?", arguments: [id.description])
                .flatMap { data in data.withUnsafeBytes { TrackedCaseBytes.decode($0, trackingID: id) } }
        }
    }

    @Test func findsWhatGRDBFindsAndNothingForAnUnknownID() async throws {
        let (store, path, id) = try await Self.storeWithCase()
        let readers = try TrackingReaders(path: path, count: 2)
        guard case .found(let tracked) = try readers.read(id) else { Issue.record("the stored case was not found"); return }
        #expect(tracked == (try await Self.viaGRDB(store, id)))
        #expect(tracked.view.status == .received)
        let unknown = TrackingID.sample(seed: 7)
        guard case .absent = try readers.read(unknown) else { Issue.record("an unknown ID was found"); return }
        // The statement is reset and unbound after each read: the next read of the known ID still finds it.
        guard case .found = try readers.read(id) else { Issue.record("the second read failed"); return }
        #expect(try await store.trackedCase(id) == tracked)
        #expect(try await store.trackedCase(unknown) == nil)
    }

    @Test func seesACommitMadeAfterItOpened() async throws {
        let (store, path, _) = try await Self.storeWithCase()
        let readers = try TrackingReaders(path: path, count: 1)
        let later = try await plainPipeline(store, now: Self.now).submit(Intake(text: "ไฟถนนดับทั้งซอย", channel: .web, receivedAt: Self.now))
        guard case .created(let receipt) = later else { throw StoreError.notFound }
        guard case .found = try readers.read(receipt.trackingId) else { Issue.record("a case stored after the reader opened was not found"); return }
    }

    @Test func bytesThatAreNotATrackedViewAreAnErrorNotACase() async throws {
        let (store, path, id) = try await Self.storeWithCase()
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE case_tracking SET view = ? WHERE tracking_id = ?", arguments: [Data([0xFF, 0x00, 0x13]), id.description])
        }
        let readers = try TrackingReaders(path: path, count: 1)
        #expect(throws: StoreError.self) { try readers.read(id) }
        await #expect(throws: StoreError.self) { try await store.trackedCase(id) }
    }

    @Test func withNoIdleConnectionItSaysSoAndLookupsAtOnceAllFindTheCase() async throws {
        let (store, path, id) = try await Self.storeWithCase()
        guard case .unavailable = try TrackingReaders(path: path, count: 0).read(id) else { Issue.record("an empty pool answered"); return }
        // Many lookups at once from the store, whichever path each takes, all find the case.
        let found = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 { group.addTask { try await store.trackedCase(id) != nil } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(found == 64)
    }

    @Test func aFileThatIsNotAStoreIsRefusedAtOpening() throws {
        let path = NSTemporaryDirectory() + "siang-not-a-store-\(UUID().uuidString)"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { _ = try TrackingReaders(path: path, count: 1) }
    }

    /// The store's fallback when no tracking reader is idle: the same answers through the pool.
    @Test func aStoreWithoutTrackingReadersAnswersTheSameThroughThePool() async throws {
        let (store, path, id) = try await Self.storeWithCase()
        let pooled = try SQLiteStore(path: path, cipher: .forTests, trackingReaders: 0)
        #expect(try await pooled.trackedCase(id) == (try await store.trackedCase(id)))
        #expect(try await pooled.trackedCase(id) != nil)
        #expect(try await pooled.trackedCase(TrackingID.sample(seed: 7)) == nil)
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE case_tracking SET view = ? WHERE tracking_id = ?", arguments: [Data([0xFF]), id.description])
        }
        await #expect(throws: StoreError.self) { try await pooled.trackedCase(id) }
    }
}
