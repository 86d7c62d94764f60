import SiangCore

/// Where new tracking IDs come from. Production draws 40 bits from the operating system's
/// cryptographic generator; tests can hand out chosen IDs to force a collision.
public protocol TrackingIDSource: Sendable {
    func next(prefix: String, beYear: Int) throws(TrackingIDError) -> TrackingID
}

/// IDs from `SystemRandomNumberGenerator` (getrandom(2) on Linux), which is cryptographically secure.
public struct SecureRandomTrackingIDSource: TrackingIDSource {
    public init() {}
    public func next(prefix: String, beYear: Int) throws(TrackingIDError) -> TrackingID {
        var generator = SystemRandomNumberGenerator()
        return try TrackingID.generate(prefix: prefix, beYear: beYear, using: &generator)
    }
}
