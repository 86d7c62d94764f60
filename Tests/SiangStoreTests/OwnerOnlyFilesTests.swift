import Foundation
import SiangTestSupport
import SiangCore
import SiangStore
import Testing

/// Issue 11, finding 8: the data directory, the database and attachments are the service account's
/// alone, whatever the process umask, and a directory made open by an older version is closed.
@Suite struct OwnerOnlyFilesTests {
    func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func aNewDataDirectoryItsDatabaseAndAttachmentsAreOwnerOnly() async throws {
        let dir = NSTemporaryDirectory() + "siang-modes-\(UUID.random().uuidString)"
        let store = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        _ = try await store.hasNoUsers()
        #expect(try mode(dir) == 0o700)
        for name in ["siang.sqlite", "siang.sqlite-wal", "siang.sqlite-shm"] {
            #expect(try mode(dir + "/" + name) == 0o600, "\(name)")
        }
        let attachments = AttachmentStore(dataDirectory: dir, cipher: .forTests)
        let ref = try attachments.store(Data("%PDF-1.4 หนังสือร้องเรียน".utf8), filename: "letter.pdf", type: .pdf)
        let file = attachments.path(for: ref.sha256)
        #expect(try mode(file) == 0o600)
        #expect(try mode((file as NSString).deletingLastPathComponent) == 0o700)
        #expect(try mode(attachments.directory) == 0o700)
    }

    @Test func anOpenDataDirectoryAndDatabaseAreClosedAndReported() async throws {
        let dir = NSTemporaryDirectory() + "siang-modes-\(UUID.random().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        _ = FileManager.default.createFile(atPath: dir + "/siang.sqlite", contents: nil, attributes: [.posixPermissions: 0o644])
        #expect(try OwnerOnly.directory(dir) == 0o755)
        #expect(try OwnerOnly.directory(dir) == nil, "said once: the second look finds it closed")
        let store = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        _ = try await store.hasNoUsers()
        #expect(try mode(dir) == 0o700)
        #expect(try mode(dir + "/siang.sqlite") == 0o600)
        #expect(try mode(dir + "/siang.sqlite-wal") == 0o600)
    }

    @Test func aDirectoryThatCannotBeMadeIsAnErrorNotATrap() throws {
        let file = NSTemporaryDirectory() + "siang-modes-\(UUID.random().uuidString)"
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        #expect(throws: (any Error).self) { try OwnerOnly.directory(file + "/data") }
        #expect(throws: StoreError.self) { _ = try SQLiteStore(dataDirectory: file + "/data", cipher: .forTests) }
    }
}
