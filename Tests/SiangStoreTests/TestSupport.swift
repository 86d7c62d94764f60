import Foundation
import SiangCore
import SiangPipeline
import SiangStore

/// A store in a fresh temporary directory, removed when the test process ends.
func temporaryStore() throws -> (SQLiteStore, String) {
    let dir = NSTemporaryDirectory() + "siang-store-\(UUID().uuidString)"
    return (try SQLiteStore(dataDirectory: dir), dir)
}

struct FixedClock: SiangClock {
    let instant: Date
    func now() -> Date { instant }
}

/// Hands out the given IDs in order, to force collisions.
final class ScriptedIDs: TrackingIDSource, @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [TrackingID]
    private(set) var handedOut = 0

    init(_ ids: [TrackingID]) { queue = ids }

    func next(prefix: String, beYear: Int) throws(TrackingIDError) -> TrackingID {
        lock.lock()
        defer { lock.unlock() }
        handedOut += 1
        return queue.isEmpty ? TrackingID.sample(seed: UInt64(handedOut) &+ 1000) : queue.removeFirst()
    }
}

extension TrackingID {
    static func sample(seed: UInt64) -> TrackingID {
        var g = SeededGenerator(seed: seed)
        return try! TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
    }
}

/// SplitMix64: deterministic randomness for tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
