#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Random bytes from the operating system's cryptographic generator, drawn 256 at a time.
///
/// `SystemRandomNumberGenerator` makes one `getrandom` call per eight bytes, and a bulk import draws
/// a tracking ID and two AES-GCM nonces per row: millions of system calls for a large call log. This
/// asks `getentropy` (the same generator, `getrandom(2)` on Linux) for a block of 256 bytes, its
/// most per call, and hands the block out in order. Every byte comes from the OS generator and is
/// handed out once: a request larger than what is left of the block throws the rest away and draws a
/// new block, and nothing is ever derived or stretched from the bytes. One block behind a lock serves
/// every thread; a request holds the lock for a copy of at most a few bytes.
public final class BlockRandom: Sendable {
    /// The one source the process shares, for tracking IDs and nonces.
    public static let shared = BlockRandom()

    /// `getentropy`'s limit per call.
    static let blockSize = 256

    private struct Block {
        var bytes = [UInt8](repeating: 0, count: BlockRandom.blockSize)
        /// The first byte not yet handed out; `blockSize` when the block is used up.
        var next = BlockRandom.blockSize
    }

    private let block = Mutex(Block())
    /// Fills a buffer from the OS generator; a parameter so tests can count the calls or serve chosen bytes.
    private let draw: @Sendable (UnsafeMutableRawBufferPointer) -> Void

    public convenience init() { self.init(draw: BlockRandom.osEntropy) }

    init(draw: @escaping @Sendable (UnsafeMutableRawBufferPointer) -> Void) { self.draw = draw }

    /// Copies `buffer.count` (at most 256) fresh random bytes into `buffer`.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count <= Self.blockSize, "at most \(Self.blockSize) random bytes at a time")
        guard !buffer.isEmpty else { return }
        block.withLock { block in
            if Self.blockSize - block.next < buffer.count {
                block.bytes.withUnsafeMutableBytes { draw($0) }
                block.next = 0
            }
            block.bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[block.next..<(block.next + buffer.count)]))
            }
            block.next += buffer.count
        }
    }

    /// `count` (at most 256) fresh random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// Eight fresh random bytes as a number.
    public func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }

    /// The OS generator; a failure (no such call, a fault) stops the process, as it does in
    /// `SystemRandomNumberGenerator`: handing out anything but random bytes is never an option.
    static func osEntropy(_ buffer: UnsafeMutableRawBufferPointer) {
        guard getentropy(buffer.baseAddress, buffer.count) == 0 else {
            fatalError("getentropy failed (errno \(errno)): no cryptographic random bytes")
        }
    }
}

/// ``BlockRandom`` as a `RandomNumberGenerator`, for APIs that take one (``TrackingID/generate``).
public struct BlockRandomGenerator: RandomNumberGenerator {
    let source: BlockRandom
    public init(_ source: BlockRandom = .shared) { self.source = source }
    public mutating func next() -> UInt64 { source.next() }
}
