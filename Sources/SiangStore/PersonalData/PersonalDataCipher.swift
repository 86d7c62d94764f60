import Crypto
import Foundation

/// Seals personal data before it reaches the database or the attachment folder, and opens it after
/// (DESIGN.md 5.12, docs/pdpa.md "Encryption at rest"): AES-256-GCM with a random 96-bit nonce per value.
///
/// A sealed value names the key that sealed it, so a keyring of the current key and earlier ones reads
/// a store in the middle of a rotation. Equality lookups (a phone for a data-subject request, a LINE
/// user for a conversation) use a keyed hash instead: HMAC-SHA-256 under a key derived from each data
/// key, so a lookup asks for the hash under every key of the ring.
public struct PersonalDataCipher: Sendable {
    /// One data key with what is derived from it.
    public struct Key: Sendable {
        /// Names the key in sealed values and in the store's key register; not secret (a hash of it).
        public let id: String
        // Made once per key, not per value: an import seals two values and hashes one per row. (swift-crypto
        // keeps no AES-GCM context between seals, so BoringSSL still expands the AES key in each; what is
        // saved is the key's copy per value and the HMAC's two pad blocks.) Neither type is declared
        // Sendable, but both are immutable here and copy on write (a MAC is computed on a copy of
        // `lookupStart`), so sharing them between threads only ever reads them.
        nonisolated(unsafe) let sealing: SymmetricKey
        /// HMAC-SHA-256 under the lookup key with the key's pads already hashed in.
        nonisolated(unsafe) private let lookupStart: HMAC<SHA256>

        public init(_ bytes: Data) throws(DataKeyError) {
            guard bytes.count == 32 else { throw .wrongLength(bytes.count) }
            sealing = SymmetricKey(data: bytes)
            let lookup = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: bytes), info: Data("siang lookup v1".utf8),
                                                outputByteCount: 32)
            lookupStart = HMAC<SHA256>(key: lookup)
            let digest = SHA256.hash(data: Data("siang key id v1".utf8) + bytes)
            id = digest.prefix(4).map { String(format: "%02x", $0) }.joined()
        }

        /// HMAC-SHA-256 of `bytes` under the lookup key.
        func lookupCode(_ bytes: UnsafeRawBufferPointer) -> HMAC<SHA256>.MAC {
            var mac = lookupStart
            mac.update(data: bytes)
            return mac.finalize()
        }
    }

    /// Seals new values; never nil.
    public let current: Key
    /// Every key that may open a value: the current one first, then earlier ones still in use.
    public let ring: [Key]

    /// Where the nonces come from: the OS generator, in blocks.
    private let random: BlockRandom

    public init(current: Key, previous: [Key] = [], random: BlockRandom = .shared) {
        self.current = current
        ring = [current] + previous.filter { $0.id != current.id }
        self.random = random
    }

    static let textPrefix = "e1."
    static let bytesMagic: [UInt8] = Array("SGE1".utf8)

    // MARK: Text

    /// The sealed form of `text`: `e1.<key id>.<base64 of nonce, cipher text and tag>`. The empty
    /// string stays empty (an erased value says nothing), and nil stays nil.
    public func seal(_ text: String?) -> String? {
        guard let text else { return nil }
        guard !text.isEmpty else { return "" }
        return Self.textPrefix + current.id + "." + sealBox(Data(text.utf8), key: current).base64EncodedString()
    }

    /// The text a sealed value holds. A value without the sealed form is returned as it is: a store
    /// written before encryption, until its values are sealed (``SealedColumns``).
    public func open(_ stored: String?) throws(DataKeyError) -> String? {
        guard let stored else { return nil }
        guard let (keyID, body) = Self.sealedParts(stored) else { return stored }
        guard let data = Data(base64Encoded: String(body)) else { throw .damaged }
        return String(decoding: try openBox(data, keyID: keyID), as: UTF8.self)
    }

    /// The key that sealed a stored value; nil for a value that is not sealed (plain or empty).
    public static func keyID(ofSealed stored: String) -> String? { sealedParts(stored)?.keyID }

    private static func sealedParts(_ stored: String) -> (keyID: String, body: Substring)? {
        guard stored.hasPrefix(textPrefix) else { return nil }
        let rest = stored.dropFirst(textPrefix.count)
        guard let dot = rest.firstIndex(of: "."), rest.distance(from: rest.startIndex, to: dot) == 8 else { return nil }
        return (String(rest[..<dot]), rest[rest.index(after: dot)...])
    }

    // MARK: Bytes

    /// The sealed form of bytes (an attachment file, a raw webhook body): `SGE1`, the key id's four
    /// bytes, then nonce, cipher text and tag. Empty stays empty.
    public func seal(bytes: Data) -> Data {
        guard !bytes.isEmpty else { return bytes }
        return Data(Self.bytesMagic) + Self.keyIDBytes(current.id) + sealBox(bytes, key: current)
    }

    /// The bytes a sealed value holds; bytes without the sealed form are returned as they are.
    public func open(bytes stored: Data) throws(DataKeyError) -> Data {
        guard let keyID = Self.keyID(ofSealed: stored) else { return stored }
        return try openBox(stored.dropFirst(8), keyID: keyID)
    }

    public static func keyID(ofSealed stored: Data) -> String? {
        guard stored.count > 8, stored.prefix(4).elementsEqual(bytesMagic) else { return nil }
        return stored.dropFirst(4).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    private static func keyIDBytes(_ id: String) -> Data {
        var out = Data()
        var index = id.startIndex
        while index < id.endIndex {
            let next = id.index(index, offsetBy: 2)
            out.append(UInt8(id[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    // MARK: Lookups

    /// The keyed hash a lookup column holds for a normalised value, under the current key.
    public func lookupKey(_ normalised: String) -> String { Self.lookupKey(normalised, key: current) }

    /// The keyed hashes of a value under every key of the ring: what a lookup asks for.
    public func lookupKeys(_ normalised: String) -> [String] { ring.map { Self.lookupKey(normalised, key: $0) } }

    static func lookupKey(_ normalised: String, key: Key) -> String {
        var normalised = normalised
        return Data(normalised.withUTF8 { key.lookupCode(UnsafeRawBufferPointer($0)) }).base64EncodedString()
    }

    // MARK: AES-GCM

    private func sealBox(_ plain: Data, key: Key) -> Data {
        // A random nonce per value: AES-GCM allows 2^32 of them per key, far beyond an agency's values.
        // Drawn from the OS generator in blocks (``BlockRandom``), so an import makes no system call per value.
        var nonceBytes: (UInt64, UInt32) = (0, 0)
        withUnsafeMutableBytes(of: &nonceBytes) { random.fill($0) }
        guard let nonce = try? withUnsafeBytes(of: &nonceBytes, { try AES.GCM.Nonce(data: $0) }),
              let combined = try? AES.GCM.seal(plain, using: key.sealing, nonce: nonce).combined else {
            preconditionFailure("AES-GCM with a 12-byte nonce always has a combined form")
        }
        return combined
    }

    private func openBox(_ data: Data, keyID: String) throws(DataKeyError) -> Data {
        guard let key = ring.first(where: { $0.id == keyID }) else { throw .unknownKey(keyID) }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key.sealing)
        } catch {
            throw .damaged
        }
    }
}

/// What can go wrong with data keys and sealed values, in words an operator can act on.
public enum DataKeyError: Error, Equatable, CustomStringConvertible {
    case wrongLength(Int)
    case notBase64
    case unknownKey(String)
    case damaged

    public var description: String {
        switch self {
        case .wrongLength(let n): "a data key is 32 bytes (base64, 44 characters); this one is \(n) bytes"
        case .notBase64: "a data key is 32 bytes written in base64; this one is not base64"
        case .unknownKey(let id):
            "personal data is sealed with key \(id), which is not given: set SIANG_DATA_KEY_PREVIOUS to it (or restore the key file)"
        case .damaged: "a sealed value does not open with its key: it was changed or damaged"
        }
    }
}
