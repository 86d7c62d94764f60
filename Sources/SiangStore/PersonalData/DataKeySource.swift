import Foundation

/// Where the data key comes from (docs/pdpa.md "Encryption at rest"):
/// - `SIANG_DATA_KEY`: 32 bytes in base64, the current key; `SIANG_DATA_KEY_PREVIOUS`: earlier keys
///   (base64, separated by commas or spaces) still needed to read values sealed before a rotation.
///   Several servers sharing PostgreSQL must be given the same key, so the PostgreSQL store needs it.
/// - Otherwise, for the embedded store, the key file `data.key` in the data directory, created 0600
///   with a new random key on first start; `data.key.previous` holds earlier keys (a line each) and
///   `data.key.next` the key a rotation in progress seals with (``KeyRotationFiles``).
public struct DataKeySource: Sendable {
    public static let environmentKey = "SIANG_DATA_KEY"
    public static let environmentPreviousKeys = "SIANG_DATA_KEY_PREVIOUS"
    public static let fileName = "data.key"

    public let cipher: PersonalDataCipher
    /// Where the key came from, in words for the log (never the key).
    public let origin: String
    /// Set when this start created the key file: the caller says so, because losing the file loses
    /// every contact in the store.
    public let createdKeyFile: String?
    /// The key files of the data directory when the keys came from them (nil for the environment).
    public let files: KeyRotationFiles?

    /// The keys from the environment when `SIANG_DATA_KEY` is given, else from the key files in
    /// `dataDirectory` (created when `mayCreateFile`), else a clear error.
    public static func resolve(environment: [String: String], dataDirectory: String, mayCreateFile: Bool) throws -> DataKeySource {
        if let given = environment[environmentKey], !given.isEmpty {
            let current = try PersonalDataCipher.Key(decoding: given)
            let previous = try (environment[environmentPreviousKeys] ?? "")
                .split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" })
                .map { try PersonalDataCipher.Key(decoding: String($0)) }
            return DataKeySource(cipher: PersonalDataCipher(current: current, previous: previous),
                                 origin: "SIANG_DATA_KEY", createdKeyFile: nil, files: nil)
        }
        guard mayCreateFile else {
            throw DataKeySourceError("with PostgreSQL every server needs the same data key: set \(environmentKey) (32 bytes in base64, e.g. from `openssl rand -base64 32`)")
        }
        let files = KeyRotationFiles(dataDirectory: dataDirectory)
        var created: String?
        if !FileManager.default.fileExists(atPath: files.current) {
            try files.writeNewKey(at: files.current)
            created = files.current
        }
        let current = try files.read(files.current)
        // A rotation that was cut off has sealed part of the store with the next key: it must read.
        let next = FileManager.default.fileExists(atPath: files.next) ? [try files.read(files.next)] : []
        return DataKeySource(cipher: PersonalDataCipher(current: current, previous: next + (try files.previousKeys())),
                             origin: "the key file \(files.current)", createdKeyFile: created, files: files)
    }

    /// For `siang keys rotate` with key files: the rotation's key (`data.key.next`, made when there is
    /// none, or the one a cut-off run left) seals; the current and earlier keys still open.
    public func rotating() throws -> DataKeySource {
        guard let files else { return self }
        let next = try files.nextKey()
        let current = try files.read(files.current)
        return DataKeySource(cipher: PersonalDataCipher(current: next, previous: [current] + (try files.previousKeys())),
                             origin: "the key file \(files.next)", createdKeyFile: nil, files: files)
    }
}

/// The key files of the embedded store and the steps of a rotation with them: a new key is written to
/// `data.key.next` first (so a cut-off rotation resumes with the same key), every value is sealed with
/// it, then the old key moves to `data.key.previous` and the next one becomes `data.key`.
public struct KeyRotationFiles: Sendable {
    public let current: String
    public let next: String
    public let previous: String

    public init(dataDirectory: String) {
        current = (dataDirectory as NSString).appendingPathComponent(DataKeySource.fileName)
        next = current + ".next"
        previous = current + ".previous"
    }

    func read(_ path: String) throws -> PersonalDataCipher.Key {
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw DataKeySourceError("cannot read the data key file \(path)")
        }
        do {
            return try PersonalDataCipher.Key(decoding: text.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw DataKeySourceError("the data key file \(path): \(error)")
        }
    }

    func previousKeys() throws -> [PersonalDataCipher.Key] {
        guard let data = FileManager.default.contents(atPath: previous) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { try PersonalDataCipher.Key(decoding: String($0).trimmingCharacters(in: .whitespaces)) }
    }

    /// Writes a new random key to `path`, owner-only, synced, and renamed into place so a crash
    /// never leaves half a key.
    func writeNewKey(at path: String) throws {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
        try writeOwnerOnly(Data(bytes).base64EncodedString() + "\n", to: path)
    }

    /// The rotation's key: the one a cut-off run left, or a new one.
    public func nextKey() throws -> PersonalDataCipher.Key {
        if !FileManager.default.fileExists(atPath: next) { try writeNewKey(at: next) }
        return try read(next)
    }

    /// Ends a rotation: the old key is kept among the previous ones (backups made before need it),
    /// and the next key becomes the current one.
    public func finishRotation() throws {
        let old = try String(decoding: FileManager.default.contents(atPath: current) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let earlier = FileManager.default.contents(atPath: previous).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = earlier.split(whereSeparator: \.isNewline).map(String.init)
        if !lines.contains(old) { try writeOwnerOnly((lines + [old]).joined(separator: "\n") + "\n", to: previous) }
        guard rename(next, current) == 0 else { throw DataKeySourceError("cannot move \(next) to \(current)") }
    }

    private func writeOwnerOnly(_ text: String, to path: String) throws {
        let temp = path + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: Int(OwnerOnly.fileMode)]) else {
            throw DataKeySourceError("cannot write the data key file \(path)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
        try handle.close()
        guard rename(temp, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temp)
            throw DataKeySourceError("cannot write the data key file \(path)")
        }
    }
}

public struct DataKeySourceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension PersonalDataCipher.Key {
    /// A key written in base64, as `SIANG_DATA_KEY` and the key files hold it.
    public init(decoding base64: String) throws(DataKeyError) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw .notBase64 }
        try self.init(bytes)
    }
}
