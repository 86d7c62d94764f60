import Crypto
import Foundation
import SiangCore

/// Files citizens attach, stored once per content under `<data dir>/attachments/ab/abcdef…` (SHA-256
/// of the content), sealed with the data key (``PersonalDataCipher``), written to a temporary file,
/// synced and renamed so a crash never leaves half a file under a name.
public struct AttachmentStore: Sendable {
    public let directory: String
    let cipher: PersonalDataCipher

    public init(dataDirectory: String, cipher: PersonalDataCipher) {
        directory = (dataDirectory as NSString).appendingPathComponent("attachments")
        self.cipher = cipher
    }

    /// The types we accept, told by the file's first bytes, never by the name or the browser's word.
    public enum FileType: String, Sendable, CaseIterable {
        case jpeg = "image/jpeg", png = "image/png", webp = "image/webp", pdf = "application/pdf"
        /// Anything else an email carries (office documents, archives): kept, but only ever offered
        /// to staff as a download, never shown inline.
        case other = "application/octet-stream"

        /// The types citizens may upload on the web form and LINE.
        public static let citizenUploads: Set<FileType> = [.jpeg, .png, .webp, .pdf]

        public static func sniff(_ bytes: Data) -> FileType? {
            let b = [UInt8](bytes.prefix(12))
            if b.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
            if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
            if b.count >= 12, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return .webp }
            if b.starts(with: Array("%PDF-".utf8)) { return .pdf }
            return nil
        }
    }

    /// Stores `bytes` and returns its reference. Throws when the disk refuses.
    public func store(_ bytes: Data, filename: String, type: FileType) throws -> AttachmentRef {
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let path = self.path(for: digest)
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            try OwnerOnly.directory(directory)
            try OwnerOnly.directory((path as NSString).deletingLastPathComponent)
            try write(cipher.seal(bytes: bytes), to: path)
        }
        return AttachmentRef(sha256: digest, filename: Self.safeName(filename), contentType: type.rawValue, size: bytes.count)
    }

    /// The content of a stored file, opened; nil when there is no such file.
    public func read(sha256: String) throws -> Data? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit),
              let sealed = FileManager.default.contents(atPath: path(for: sha256)) else { return nil }
        return try cipher.open(bytes: sealed)
    }

    /// Seals every file that is plain (written before encryption) or, unless `onlyPlain`, sealed with
    /// another key than the current one, each replaced whole by a rename; returns how many. Only a
    /// file's first bytes are read to decide. A run cut off is run again.
    public func resealFiles(onlyPlain: Bool = false) throws -> Int {
        guard let names = FileManager.default.enumerator(atPath: directory) else { return 0 }
        var resealed = 0
        for case let name as String in names {
            let file = (name as NSString).lastPathComponent
            guard file.count == 64, file.allSatisfy(\.isHexDigit) else { continue }
            let path = (directory as NSString).appendingPathComponent(name)
            guard let head = Self.firstBytes(of: path, count: 16), !head.isEmpty else { continue }
            let keyID = PersonalDataCipher.keyID(ofSealed: head)
            guard keyID == nil || (!onlyPlain && keyID != cipher.current.id),
                  let stored = FileManager.default.contents(atPath: path) else { continue }
            try write(cipher.seal(bytes: try cipher.open(bytes: stored)), to: path)
            resealed += 1
        }
        return resealed
    }

    private static func firstBytes(of path: String, count: Int) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return try? handle.read(upToCount: count)
    }

    private func write(_ bytes: Data, to path: String) throws {
        let fm = FileManager.default
        let temp = path + ".tmp-\(UUID.random().uuidString)"
        guard fm.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: Int(OwnerOnly.fileMode)]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
        try handle.write(contentsOf: bytes)
        try handle.synchronize()
        try handle.close()
        if rename(temp, path) != 0 { try? fm.removeItem(atPath: temp); throw CocoaError(.fileWriteUnknown) }
    }

    public func path(for sha256: String) -> String {
        (directory as NSString).appendingPathComponent("\(sha256.prefix(2))/\(sha256)")
    }

    /// Keeps the name for display only: no path, no control characters, at most 120 characters.
    static func safeName(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "file"
        let clean = String(base.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.map(Character.init))
        let trimmed = String(clean.prefix(120))
        return trimmed.isEmpty ? "file" : trimmed
    }
}
