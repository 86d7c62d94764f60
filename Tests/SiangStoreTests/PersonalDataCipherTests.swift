import Crypto
import Foundation
import Testing
@testable import SiangStore

/// The cipher's keys are set up once per data key and shared by every thread; what it writes must be
/// what it wrote when each value made its keys again (stored hashes and sealed values stay readable).
@Suite struct PersonalDataCipherTests {
    static let keyBytes = Data((0..<32).map { UInt8($0 &* 7 &+ 3) })

    /// The lookup hash as it was computed before the key was kept: HMAC-SHA-256 under the HKDF-derived key.
    static func lookupHashMadeAfresh(_ normalised: String) -> String {
        let lookup = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: keyBytes), info: Data("siang lookup v1".utf8),
                                            outputByteCount: 32)
        return Data(HMAC<SHA256>.authenticationCode(for: Data(normalised.utf8), using: lookup)).base64EncodedString()
    }

    @Test func lookupHashesAreTheKeyedHashesTheStoresHold() throws {
        let cipher = PersonalDataCipher(current: try PersonalDataCipher.Key(Self.keyBytes))
        for value in ["phone:0812345678", "email:a@b.th", "line:U123", "", "ผู้โทร ๑", String(repeating: "x", count: 1_000)] {
            #expect(cipher.lookupKey(value) == Self.lookupHashMadeAfresh(value), "\(value)")
            #expect(cipher.lookupKey(value) == cipher.lookupKey(value), "the kept state is not changed by a use")
        }
    }

    @Test func threadsHashingAndSealingAtOnceGetTheSameAnswers() async throws {
        let cipher = PersonalDataCipher(current: try PersonalDataCipher.Key(Self.keyBytes))
        let expected = (0..<200).map { Self.lookupHashMadeAfresh("phone:08\($0)") }
        let agreed = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<200).allSatisfy { i in
                        let sealed = cipher.seal("08\(i)")
                        return cipher.lookupKey("phone:08\(i)") == expected[i] && (try? cipher.open(sealed)) == "08\(i)"
                    }
                }
            }
            return await group.allSatisfy { $0 }
        }
        #expect(agreed)
    }

    @Test func aValueSealedUnderAKeyOpensOnlyWithIt() throws {
        let cipher = PersonalDataCipher(current: try PersonalDataCipher.Key(Self.keyBytes))
        let other = PersonalDataCipher(current: try PersonalDataCipher.Key(Data(repeating: 9, count: 32)))
        let sealed = try #require(cipher.seal("สมศรี"))
        #expect(try cipher.open(sealed) == "สมศรี")
        #expect(throws: DataKeyError.self) { try other.open(sealed) }
        // A character in the middle: near the end of base64, one may sit over the unused bits of the
        // last group, and changing it changes no byte (this test failed that way once in a while).
        var tampered = Array(sealed)
        let middle = tampered.count / 2
        tampered[middle] = tampered[middle] == "A" ? "B" : "A"
        #expect(throws: DataKeyError.damaged) { try cipher.open(String(tampered)) }
    }
}
