import Crypto
import Foundation
import PostgresNIO
import SiangCore
import SiangTestSupport
import Testing
@testable import SiangStore

/// Personal data sealed at rest (issue 15, docs/pdpa.md "Encryption at rest") on both stores: nothing a
/// citizen or a staff member gave is found in plain in the database, SQLite's WAL or the attachment
/// folder, while every lookup and read still answers; a key rotation cut off half-way reads throughout
/// and is finished by the next run; a store is refused without a key it needs.
@Suite struct SealedPersonalDataTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// What a store holds of one person and one staff member, each value unique to the test run.
    struct Planted {
        let tag = UUID().uuidString.prefix(8).lowercased()
        var name: String { "สมศรี ลับเฉพาะ\(tag)" }
        /// A mobile number made from the tag (hexadecimal digits), the same every time it is asked for.
        var phone: String { "08" + String((Int(tag, radix: 16) ?? 0) % 100_000_000).leftPadded(8) }
        var email: String { "secret-\(tag)@example.go.th" }
        var lineUser: String { "U" + (tag + tag + tag + tag).prefix(32) }
        var staffEmail: String { "staff-\(tag)@agency.go.th" }
        var fileName: String { "บัตรประชาชน-\(tag).jpg" }
        var fileMarker: String { "PHOTO-\(tag)" }
        var inboxMarker: String { "webhook-\(tag)" }
        var address: String { "2001:db8::\(tag.prefix(4)):\(tag.suffix(4))" }
        /// A mail server's refusal, which quotes the address it refused.
        var deliveryError: String { "550 5.1.1 <bounce-\(tag)@example.go.th>: Recipient address rejected" }

        /// Every value, with the phone also in the digits a search of the raw bytes would look for.
        var all: [String] { [name, phone, email, lineUser, staffEmail, fileName, fileMarker, inboxMarker, address, deliveryError] }
    }

    /// A store of `kind` and where its raw bytes are: SQLite's directory, or PostgreSQL's URL.
    enum Raw { case sqlite(String), postgres(String) }

    static func store(_ kind: StoreKind, cipher: PersonalDataCipher = .forTests) async throws -> (any AgencyStore, Raw) {
        switch kind {
        case .sqlite:
            let dir = NSTemporaryDirectory() + "siang-sealed-\(UUID().uuidString)"
            return (try SQLiteStore(dataDirectory: dir, cipher: cipher), .sqlite(dir))
        case .postgres:
            let url = try await MigratedPostgres.freshURL()
            return (try await PostgresStore(url: url, cipher: cipher, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout), .postgres(url))
        }
    }

    static func reopen(_ raw: Raw, cipher: PersonalDataCipher) async throws -> any AgencyStore {
        switch raw {
        case .sqlite(let dir): try SQLiteStore(dataDirectory: dir, cipher: cipher)
        case .postgres(let url): try await PostgresStore(url: url, cipher: cipher, maxConnections: 2, connectTimeout: TestPostgres.connectTimeout)
        }
    }

    /// Fills a store with a case by email (its acknowledgement in the outbox carries the address), a
    /// LINE case, an attachment, a raw webhook body in the inbox and a staff member's email.
    static func fill(_ store: any AgencyStore, _ p: Planted, files: AttachmentStore) async throws -> (email: TrackingID, line: TrackingID) {
        let ref = try files.store(Data("\u{FF}\u{D8}\u{FF}\(p.fileMarker)".utf8), filename: p.fileName, type: .jpeg)
        let byEmail = Intake(text: "ถนนชำรุดหน้าบ้าน", channel: .email, receivedAt: now,
                             contact: Contact(name: p.name, phone: p.phone, email: p.email), consent: true, attachments: [ref])
        let byLINE = Intake(text: "ไฟทางดับทั้งซอย", channel: .line, receivedAt: now, contact: Contact(lineUserID: p.lineUser), consent: true)
        guard case .created(let first) = try await plainPipeline(store, now: now).submit(byEmail),
              case .created(let second) = try await plainPipeline(store, now: now).submit(byLINE) else { throw Failure("not created") }
        _ = try await store.enqueueInbox(source: "line", headers: ["x-line-signature": p.tag],
                                         body: Data("{\"events\":[{\"source\":{\"userId\":\"\(p.lineUser)\"},\"text\":\"\(p.inboxMarker)\"}]}".utf8),
                                         at: now)
        try await store.addUser(NewUser(username: "boss", passwordHash: "x", role: .supervisor, createdAt: now))
        try await store.setStaffEmail(username: "boss", email: p.staffEmail)
        try await store.recordFailedSignIn(username: "boss", address: p.address, at: now)
        // A message to the citizen names them (a call-back, an email body): the outbox payload is sealed too.
        try await store.enqueueOutbox([OutboxMessage(kind: "public_reply", channel: .email, trackingID: first.trackingId,
                                                     payload: "{\"to\":\"\(p.email)\",\"text\":\"\(p.name)\"}", dedupeKey: "reply-\(p.tag)")], at: now)
        // Its delivery failed, and the error quotes the address: the error is sealed as well.
        let reply = try #require(try await store.pendingOutbox(limit: 50).first { $0.message.dedupeKey == "reply-\(p.tag)" })
        try await store.markFailed(outboxID: reply.id, error: p.deliveryError, nextAttemptAt: now.addingTimeInterval(60))
        return (first.trackingId, second.trackingId)
    }

    /// The planted values found in the store's raw bytes: SQLite's file and WAL as they are on disk;
    /// on PostgreSQL every row of every table as text.
    static func plainValues(_ raw: Raw, _ p: Planted, cipher: PersonalDataCipher = .forTests) async throws -> [String] {
        var haystacks: [Data] = []
        switch raw {
        case .sqlite(let dir):
            for file in ["siang.sqlite", "siang.sqlite-wal"] {
                if let bytes = FileManager.default.contents(atPath: dir + "/" + file) { haystacks.append(bytes) }
            }
            #expect(!haystacks.isEmpty)
        case .postgres(let url):
            let store = try await PostgresStore(url: url, cipher: cipher, maxConnections: 1, connectTimeout: TestPostgres.connectTimeout)
            defer { store.close() }
            let tables = try await store.read { c in
                try await c.all("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'", as: String.self)
            }
            for table in tables {
                let rows = try await store.read { c in
                    try await c.all(PostgresQuery(unsafeSQL: "SELECT t::text FROM \"\(table)\" t"), as: String.self)
                }
                haystacks.append(Data(rows.joined(separator: "\n").utf8))
            }
        }
        return p.all.filter { value in haystacks.contains { $0.range(of: Data(value.utf8)) != nil } }
    }

    @Test(arguments: StoreKind.allCases)
    func nothingPersonalIsKeptInPlainAndEveryReadAndLookupStillAnswers(_ kind: StoreKind) async throws {
        let (store, raw) = try await Self.store(kind)
        let p = Planted()
        let filesDir = NSTemporaryDirectory() + "siang-sealed-files-\(UUID().uuidString)"
        let files = AttachmentStore(dataDirectory: filesDir, cipher: .forTests)
        let (byEmail, byLINE) = try await Self.fill(store, p, files: files)

        #expect(try await Self.plainValues(raw, p) == [])
        var fileBytes = Data()
        for name in FileManager.default.enumerator(atPath: files.directory)?.allObjects as? [String] ?? [] {
            fileBytes += FileManager.default.contents(atPath: files.directory + "/" + name) ?? Data()
        }
        #expect(!fileBytes.isEmpty)
        #expect(fileBytes.range(of: Data(p.fileMarker.utf8)) == nil, "the attachment file is sealed")

        // Everything still reads in plain through the store, and every equality lookup finds its case.
        #expect(try await store.contact(of: byEmail) == Contact(name: p.name, phone: p.phone, email: p.email))
        #expect(try await store.attachments(of: byEmail).map(\.filename) == [p.fileName])
        let ref = try #require(try await store.attachments(of: byEmail).first)
        #expect(try files.read(sha256: ref.sha256) == Data("\u{FF}\u{D8}\u{FF}\(p.fileMarker)".utf8))
        let written = p.phone.prefix(3) + "-" + p.phone.dropFirst(3).prefix(3) + "-" + p.phone.dropFirst(6)
        #expect(try await store.cases(of: DataSubject(phone: "+66 " + String(written.dropFirst()), email: nil, lineUser: nil)) == [byEmail])
        #expect(try await store.cases(of: DataSubject(phone: nil, email: p.email.uppercased(), lineUser: nil)) == [byEmail])
        #expect(try await store.cases(of: DataSubject(phone: nil, email: nil, lineUser: p.lineUser)) == [byLINE])
        #expect(try await store.recentLINECase(userID: p.lineUser, since: Self.now.addingTimeInterval(-60), until: Self.now) == byLINE)
        #expect(try await store.lineRecipient(of: byLINE) == p.lineUser)
        try await store.setLINEFollowing(userID: p.lineUser, following: false)
        #expect(try await store.lineRecipient(of: byLINE) == nil, "the opt-out found the user by the keyed hash")
        #expect(try await store.staffContacts(usernames: ["boss"]).first?.email == p.staffEmail)
        #expect(try await store.failedSignIns(username: "boss", address: p.address, since: Self.now.addingTimeInterval(-60)) == (1, 1))
        let inbox = try await store.pendingInbox(source: "line", limit: 10)
        #expect(inbox.count == 1 && String(decoding: inbox[0].body, as: UTF8.self).contains(p.inboxMarker) && inbox[0].headers["x-line-signature"] == p.tag)
        let payloads = try await store.pendingOutbox(limit: 10).map(\.message.payload)
        #expect(payloads.contains { $0.contains(p.email) }, "the acknowledgement's address reads back")
        #expect(try await store.notices(of: byEmail).contains { $0.kind == "public_reply" && $0.lastError == p.deliveryError },
                "staff still read the delivery error")

        // Erasure empties the lookup columns too: the person is no longer found.
        _ = try await store.erasePersonalData(of: byEmail, scope: .request, audit: AuditEntry(at: Self.now, actor: "dpo", action: "pdpa_erase", trackingID: byEmail))
        #expect(try await store.cases(of: DataSubject(phone: nil, email: p.email, lineUser: nil)) == [])
    }

    @Test(arguments: StoreKind.allCases)
    func aRotationCutOffHalfWayReadsThroughoutAndTheNextRunFinishesIt(_ kind: StoreKind) async throws {
        let old = PersonalDataCipher.forTests
        let (store, raw) = try await Self.store(kind, cipher: old)
        let p = Planted()
        let oldFiles = AttachmentStore(dataDirectory: NSTemporaryDirectory() + "siang-rotate-\(UUID().uuidString)", cipher: old)
        let (byEmail, byLINE) = try await Self.fill(store, p, files: oldFiles)
        for n in 0..<6 {
            let intake = Intake(text: "เรื่องที่ \(n)", channel: .web, receivedAt: Self.now, contact: Contact(name: "คนที่ \(n)", phone: "08123400\(n)\(n)"), consent: true)
            _ = try await plainPipeline(store, now: Self.now).submit(intake)
        }

        let newKey = try PersonalDataCipher.Key(Data((0..<32).map { UInt8(255 - $0) }))
        let rotating = PersonalDataCipher(current: newKey, previous: [old.current])
        let during = try await Self.reopen(raw, cipher: rotating)
        let cut = try await during.resealPersonalData(batchSize: 2, maxBatches: 2)
        #expect(!cut.finished && cut.rowsResealed > 0)
        // Half-way: both keys in use, everything still reads, lookups find values under either key.
        #expect(try await during.contact(of: byEmail) == Contact(name: p.name, phone: p.phone, email: p.email))
        #expect(try await during.cases(of: DataSubject(phone: "0812340055", email: nil, lineUser: nil)).count == 1)
        #expect(try await during.cases(of: DataSubject(phone: nil, email: nil, lineUser: p.lineUser)) == [byLINE])
        await #expect(throws: StoreError.unavailable(DataKeyError.unknownKey(old.current.id).description)) {
            _ = try await Self.reopen(raw, cipher: PersonalDataCipher(current: newKey))
        }

        let rest = try await during.resealPersonalData(batchSize: 2, maxBatches: nil)
        #expect(rest.finished && rest.rowsResealed > 0)
        let again = try await during.resealPersonalData(batchSize: 2, maxBatches: nil)
        #expect(again.finished && again.rowsResealed == 0, "a finished rotation has nothing left to do")
        let keys = try await during.dataKeys()
        #expect(keys.first { $0.keyID == old.current.id }?.retiredAt != nil)
        #expect(keys.first { $0.keyID == newKey.id }?.sealedAllAt != nil)

        // The new key alone now reads everything; the old key alone is refused, naming the new one.
        let after = try await Self.reopen(raw, cipher: PersonalDataCipher(current: newKey))
        #expect(try await after.contact(of: byEmail) == Contact(name: p.name, phone: p.phone, email: p.email))
        #expect(try await after.cases(of: DataSubject(phone: p.phone, email: nil, lineUser: nil)) == [byEmail])
        #expect(try await after.staffContacts(usernames: ["boss"]).first?.email == p.staffEmail)
        await #expect(throws: StoreError.unavailable(DataKeyError.unknownKey(newKey.id).description)) {
            _ = try await Self.reopen(raw, cipher: old)
        }
        #expect(try await Self.plainValues(raw, p, cipher: PersonalDataCipher(current: newKey)) == [])

        // Files are resealed on their own (the command does them first) and then open with the new key alone.
        let newFiles = AttachmentStore(dataDirectory: (oldFiles.directory as NSString).deletingLastPathComponent,
                                       cipher: PersonalDataCipher(current: newKey, previous: [old.current]))
        #expect(try newFiles.resealFiles() == 1)
        #expect(try newFiles.resealFiles() == 0)
        let ref = try #require(try await after.attachments(of: byEmail).first)
        let newOnly = AttachmentStore(dataDirectory: (oldFiles.directory as NSString).deletingLastPathComponent, cipher: PersonalDataCipher(current: newKey))
        #expect(try newOnly.read(sha256: ref.sha256) == Data("\u{FF}\u{D8}\u{FF}\(p.fileMarker)".utf8))
    }

    @Test func aStoreWrittenBeforeEncryptionIsSealedWhenItOpens() async throws {
        let dir = NSTemporaryDirectory() + "siang-legacy-\(UUID().uuidString)"
        let p = Planted()
        let (byEmail, byLINE) = try await Self.writtenBeforeEncryption(dir, p)
        #expect(try await Self.plainValues(.sqlite(dir), p).contains(p.name))
        #expect(try await Self.plainValues(.sqlite(dir), p).contains(p.deliveryError))

        let reopened = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        #expect(try await Self.plainValues(.sqlite(dir), p) == [], "sealed, and the WAL emptied of the old pages")
        #expect(try await reopened.contact(of: byEmail) == Contact(name: p.name, phone: p.phone, email: p.email))
        #expect(try await reopened.cases(of: DataSubject(phone: p.phone, email: nil, lineUser: nil)) == [byEmail])
        #expect(try await reopened.cases(of: DataSubject(phone: nil, email: nil, lineUser: p.lineUser)) == [byLINE])
        #expect(try await reopened.dataKeys().map(\.keyID) == [PersonalDataCipher.forTests.current.id])
    }

    /// A store as an older version left it: plain values, no lookup keys, no key register. The store
    /// that wrote it is closed before the test opens the file again, as an upgrade would.
    static func writtenBeforeEncryption(_ dir: String, _ p: Planted) async throws -> (TrackingID, TrackingID) {
        let store = try SQLiteStore(dataDirectory: dir, cipher: .forTests)
        let ids = try await fill(store, p, files: AttachmentStore(dataDirectory: dir, cipher: .forTests))
        try await store.write { db in
            try db.execute(sql: "UPDATE case_contacts SET name = ?, phone = ?, email = ?, phone_key = NULL, email_key = NULL, line_user_key = NULL WHERE line_user_id IS NULL",
                           arguments: [p.name, p.phone, p.email])
            try db.execute(sql: "UPDATE case_contacts SET line_user_id = ?, line_user_key = NULL WHERE line_user_id IS NOT NULL", arguments: [p.lineUser])
            try db.execute(sql: "UPDATE staff_contacts SET email = ?", arguments: [p.staffEmail])
            try db.execute(sql: "UPDATE outbox SET last_error = ? WHERE last_error IS NOT NULL", arguments: [p.deliveryError])
            try db.execute(sql: "DELETE FROM data_keys")
        }
        return ids
    }

    @Test func attachmentFilesWrittenBeforeEncryptionAreSealedAndRotationsFilesLeftToTheCommand() throws {
        let dir = NSTemporaryDirectory() + "siang-files-\(UUID().uuidString)"
        let old = AttachmentStore(dataDirectory: dir, cipher: .forTests)
        let rotated = try old.store(Data("%PDF-1.4 rotated".utf8), filename: "a.pdf", type: .pdf)
        // A file as an older version left it: the plain bytes under their digest.
        let plain = Data("%PDF-1.4 plain, from before".utf8)
        let digest = SHA256.hash(data: plain).map { String(format: "%02x", $0) }.joined()
        try FileManager.default.createDirectory(atPath: (old.path(for: digest) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: old.path(for: digest), contents: plain))

        let newKey = try PersonalDataCipher.Key(Data(repeating: 42, count: 32))
        let files = AttachmentStore(dataDirectory: dir, cipher: PersonalDataCipher(current: newKey, previous: [PersonalDataCipher.forTests.current]))
        #expect(try files.resealFiles(onlyPlain: true) == 1, "the plain file only; the other is sealed with a key still in the ring")
        #expect(try files.resealFiles(onlyPlain: true) == 0)
        #expect(FileManager.default.contents(atPath: files.path(for: digest))?.range(of: Data("plain, from before".utf8)) == nil)
        #expect(try files.read(sha256: digest) == plain)
        #expect(try files.resealFiles() == 1, "the rotation's walk reseals the file under the old key")
        #expect(try AttachmentStore(dataDirectory: dir, cipher: PersonalDataCipher(current: newKey)).read(sha256: rotated.sha256) == Data("%PDF-1.4 rotated".utf8))
    }

    @Test func sealedValuesNameTheirKeyAndRefuseTampering() throws {
        let cipher = PersonalDataCipher.forTests
        let sealed = try #require(cipher.seal("0812345678"))
        #expect(sealed.hasPrefix("e1.\(cipher.current.id)."))
        #expect(cipher.seal("0812345678") != sealed, "a fresh nonce every time")
        #expect(try cipher.open(sealed) == "0812345678")
        #expect(cipher.seal("") == "" && cipher.seal(nil as String?) == nil)
        #expect(try cipher.open("plain, written before encryption") == "plain, written before encryption")
        var bytes = Array(sealed.utf8)
        bytes[bytes.count - 3] = bytes[bytes.count - 3] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        #expect(throws: DataKeyError.damaged) { try cipher.open(String(decoding: bytes, as: UTF8.self)) }
        let other = PersonalDataCipher(current: try PersonalDataCipher.Key(Data(repeating: 9, count: 32)))
        #expect(throws: DataKeyError.unknownKey(cipher.current.id)) { try other.open(sealed) }
        #expect(throws: DataKeyError.wrongLength(16)) { try PersonalDataCipher.Key(Data(count: 16)) }
        #expect(throws: DataKeyError.notBase64) { try PersonalDataCipher.Key(decoding: "not a key!") }
        let file = cipher.seal(bytes: Data("%PDF-1.4 secret".utf8))
        #expect(file.range(of: Data("secret".utf8)) == nil)
        #expect(try cipher.open(bytes: file) == Data("%PDF-1.4 secret".utf8))
        #expect(cipher.lookupKey("phone:0812345678") == cipher.lookupKey("phone:0812345678"))
        #expect(cipher.lookupKey("phone:0812345678") != other.lookupKey("phone:0812345678"), "keyed: another key, another hash")
    }

    @Test func theKeyFileIsMadeOwnerOnlyOnceAndTheEnvironmentKeyWins() throws {
        let dir = NSTemporaryDirectory() + "siang-keys-\(UUID().uuidString)"
        try OwnerOnly.directory(dir)
        let first = try DataKeySource.resolve(environment: [:], dataDirectory: dir, mayCreateFile: true)
        #expect(first.createdKeyFile == dir + "/data.key")
        var info = stat()
        #expect(stat(dir + "/data.key", &info) == 0 && info.st_mode & 0o777 == 0o600)
        let second = try DataKeySource.resolve(environment: [:], dataDirectory: dir, mayCreateFile: true)
        #expect(second.createdKeyFile == nil && second.cipher.current.id == first.cipher.current.id)

        let given = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let previous = Data(repeating: 5, count: 32).base64EncodedString()
        let fromEnvironment = try DataKeySource.resolve(environment: ["SIANG_DATA_KEY": given, "SIANG_DATA_KEY_PREVIOUS": previous],
                                                        dataDirectory: dir, mayCreateFile: true)
        #expect(fromEnvironment.cipher.current.id == (try PersonalDataCipher.Key(decoding: given)).id && fromEnvironment.cipher.ring.count == 2)
        #expect(throws: (any Error).self) { try DataKeySource.resolve(environment: ["SIANG_DATA_KEY": "c2hvcnQ="], dataDirectory: dir, mayCreateFile: true) }
        #expect(throws: (any Error).self, "PostgreSQL servers must share one key") {
            try DataKeySource.resolve(environment: [:], dataDirectory: dir, mayCreateFile: false)
        }

        // A rotation with key files: the next key stays the same until it is finished, then becomes current.
        let rotating = try first.rotating()
        #expect(try first.rotating().cipher.current.id == rotating.cipher.current.id)
        #expect(rotating.cipher.ring.map(\.id) == [rotating.cipher.current.id, first.cipher.current.id])
        let whileCutOff = try DataKeySource.resolve(environment: [:], dataDirectory: dir, mayCreateFile: true)
        #expect(whileCutOff.cipher.ring.map(\.id).contains(rotating.cipher.current.id), "a server started half-way reads both")
        try #require(rotating.files).finishRotation()
        let after = try DataKeySource.resolve(environment: [:], dataDirectory: dir, mayCreateFile: true)
        #expect(after.cipher.current.id == rotating.cipher.current.id)
        #expect(after.cipher.ring.map(\.id) == [rotating.cipher.current.id, first.cipher.current.id], "the old key is kept for backups")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
