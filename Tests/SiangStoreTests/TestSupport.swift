import Foundation
import SiangTestSupport
import SiangCore
import SiangPipeline
import SiangStore

/// A store in a fresh temporary directory, removed when the test process ends.
func temporaryStore() throws -> (SQLiteStore, String) {
    let dir = NSTemporaryDirectory() + "siang-store-\(UUID().uuidString)"
    return (try SQLiteStore(dataDirectory: dir, cipher: .forTests), dir)
}

/// The intake pipeline over `store` without triage, its clock stopped at `now`.
func plainPipeline(_ store: SQLiteStore, now: Date, ids: any TrackingIDSource = SecureRandomTrackingIDSource()) throws -> IntakePipeline {
    IntakePipeline(store: store, configuration: try SiangConfiguration.defaults(), clock: FixedClock(instant: now), ids: ids)
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
        var g = SplitMix64(seed: seed)
        return try! TrackingID.generate(prefix: "CMP", beYear: 2569, using: &g)
    }
}

