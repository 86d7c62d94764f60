import SiangCore
import Synchronization

/// The trigram sets of recent cases' texts, kept between intakes.
///
/// Every intake compares its text with the 50 newest open cases of its category, and under load those
/// are the same 50 cases intake after intake: working out their trigram sets anew each time was most
/// of the duplicate check's cost (bench/README.md, "Intake tail"). A case's text never changes once it
/// is stored (follow-ups and erasure touch other rows), so a set keyed by the tracking ID stays right
/// for as long as it is kept.
///
/// Memory is bounded by the trigrams held, not the cases: when a new set would pass `capacity`, the
/// cache starts empty again. The cases an intake compares with come back within a few intakes, so a
/// refill costs one intake's worth of work in `capacity / 50` intakes or so.
final class TrigramCache: Sendable {
    private struct Held {
        var sets: [TrackingID: [Int]] = [:]
        var trigrams = 0
    }

    private let held = Mutex(Held())
    /// Trigrams held at most, 8 bytes each: 16 MiB.
    let capacity: Int

    init(capacity: Int = 2_097_152) {
        self.capacity = capacity
    }

    /// The trigram set of `text`, the text of case `id`: the one kept, or worked out and kept.
    func trigrams(of id: TrackingID, text: String) -> [Int] {
        if let kept = held.withLock({ $0.sets[id] }) { return kept }
        let grams = DuplicateFinder.trigrams(text)
        held.withLock { held in
            if held.trigrams + grams.count > capacity {
                held.sets.removeAll(keepingCapacity: true)
                held.trigrams = 0
            }
            guard grams.count <= capacity, held.sets.updateValue(grams, forKey: id) == nil else { return }
            held.trigrams += grams.count
        }
        return grams
    }

    /// How many cases' sets are kept now (for tests).
    var count: Int { held.withLock { $0.sets.count } }
}
