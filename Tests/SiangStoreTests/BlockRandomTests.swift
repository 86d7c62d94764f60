import Foundation
import SiangCore
import Synchronization
import Testing
@testable import SiangPipeline
@testable import SiangStore

/// ``BlockRandom`` draws the OS generator's bytes 256 at a time and hands each byte out once, to every
/// thread; tracking IDs and AES-GCM nonces come from it.
@Suite struct BlockRandomTests {
    /// A stand-in for the OS generator that fills each block with consecutive 32-bit numbers (so
    /// every four bytes handed out name where they came from) and counts its calls.
    final class CountingSource: Sendable {
        let state = Mutex((calls: 0, next: UInt32(0)))
        var calls: Int { state.withLock { $0.calls } }
        func draw(_ buffer: UnsafeMutableRawBufferPointer) {
            state.withLock { state in
                state.calls += 1
                for offset in stride(from: 0, to: buffer.count, by: 4) {
                    buffer.storeBytes(of: state.next, toByteOffset: offset, as: UInt32.self)
                    state.next += 1
                }
            }
        }
        var random: BlockRandom { BlockRandom(draw: { [self] in draw($0) }) }
    }

    static func numbers(_ bytes: [UInt8]) -> [UInt32] {
        stride(from: 0, to: bytes.count, by: 4).map { i in bytes[i..<(i + 4)].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
    }

    @Test func oneCallToTheOSGivesThirtyTwoNumbers() {
        let source = CountingSource()
        let random = source.random
        #expect(source.calls == 0, "nothing is drawn before it is needed")
        let first = (0..<32).map { _ in random.next() }
        #expect(source.calls == 1)
        #expect(Set(first).count == 32)
        _ = random.next()
        #expect(source.calls == 2)
    }

    @Test func bytesAreHandedOutInOrderAndNeverTwice() {
        let source = CountingSource()
        let random = source.random
        // 21 nonces take 252 bytes; the 22nd does not fit in the 4 left, which are thrown away.
        let nonces = (0..<22).map { _ in Self.numbers(random.bytes(12)) }
        #expect(nonces[0] == [0, 1, 2])
        #expect(nonces[20] == [60, 61, 62])
        #expect(nonces[21] == [64, 65, 66], "number 63 (the block's last four bytes) is never handed out")
        #expect(source.calls == 2)
        #expect(Self.numbers(random.bytes(4)) == [67])
        #expect(random.bytes(0).isEmpty)
        #expect(Self.numbers(random.bytes(256)) == Array(128..<192), "a whole block takes a new one")
        #expect(source.calls == 3)
    }

    @Test func threadsDrawingAtOnceNeverGetTheSameBytes() async {
        let source = CountingSource()
        let random = source.random
        let drawn = await withTaskGroup(of: [UInt32].self) { group in
            for task in 0..<8 {
                group.addTask { (0..<5_000).flatMap { i in Self.numbers(random.bytes(i % 2 == 0 ? 8 : 12 + 4 * (task % 2))) } }
            }
            return await group.reduce(into: [UInt32]()) { $0 += $1 }
        }
        #expect(Set(drawn).count == drawn.count, "every number handed out once")
        #expect(drawn.count > 8 * 5_000 * 2)
    }

    @Test func theOSGeneratorGivesDifferentNumbersEveryTime() {
        let random = BlockRandom()
        let values = (0..<2_000).map { _ in random.next() }
        #expect(Set(values).count == values.count)
        #expect(values.contains { $0 != 0 })
        #expect(BlockRandom.shared.next() != BlockRandom.shared.next())
    }

    @Test func trackingIDsComeFromTheBlocks() throws {
        let source = CountingSource()
        let ids = SecureRandomTrackingIDSource(random: source.random)
        let drawn = try (0..<64).map { _ in try ids.next(prefix: "CMP", beYear: 2569).description }
        #expect(Set(drawn).count == 64)
        #expect(source.calls == 2, "64 IDs of 8 bytes each: two blocks")
        let real = SecureRandomTrackingIDSource()
        let many = try (0..<1_000).map { _ in try real.next(prefix: "CMP", beYear: 2569).description }
        #expect(Set(many).count == many.count)
    }

    @Test func aSealedValuesNonceComesFromTheBlocksAndIsNeverReused() throws {
        let source = CountingSource()
        let key = try PersonalDataCipher.Key(Data((0..<32).map { UInt8($0 &* 7 &+ 3) }))
        let cipher = PersonalDataCipher(current: key, random: source.random)
        let sealed = (0..<30).map { _ in cipher.seal("0812345678")! }
        #expect(Set(sealed).count == 30, "the same value sealed twice looks different")
        for (i, value) in sealed.enumerated() {
            let body = try #require(Data(base64Encoded: String(value.split(separator: ".")[2])))
            // 21 nonces to a block of 64 numbers; the last number of each block is thrown away.
            let start = UInt32(i / 21 * 64 + i % 21 * 3)
            #expect(Self.numbers(Array(body.prefix(12))) == [start, start + 1, start + 2], "nonce \(i): the next twelve bytes of the block")
            #expect(try cipher.open(value) == "0812345678")
            #expect(try PersonalDataCipher.forTests.open(value) == "0812345678", "any cipher with the key opens it")
        }
    }
}
