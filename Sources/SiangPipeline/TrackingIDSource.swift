import SiangCore
import SiangStore

/// Where new tracking IDs come from. Production draws 40 bits from the operating system's
/// cryptographic generator; tests can hand out chosen IDs to force a collision.
public protocol TrackingIDSource: Sendable {
    func next(prefix: String, beYear: Int) throws(TrackingIDError) -> TrackingID
}

/// IDs from the operating system's cryptographic generator (getrandom(2) on Linux), drawn in blocks
/// (``BlockRandom``) so a bulk import does not make a system call per ID.
public struct SecureRandomTrackingIDSource: TrackingIDSource {
    let random: BlockRandom
    public init(random: BlockRandom = .shared) { self.random = random }
    public func next(prefix: String, beYear: Int) throws(TrackingIDError) -> TrackingID {
        var generator = BlockRandomGenerator(random)
        return try TrackingID.generate(prefix: prefix, beYear: beYear, using: &generator)
    }
}
