import SiangCore

/// What a citizen's tracking lookup reads (DESIGN.md 5.3): the ``TrackedCase`` each store keeps
/// beside a case, rewritten in the transaction of every event, so a lookup reads one row and decodes
/// no events.
public protocol TrackingStore: Sendable {
    /// The tracked view of the case with this ID; nil when there is none. A miss costs the same
    /// work as a hit up to the row, so callers can even out the timing of their refusals by looking
    /// up a decoy.
    func trackedCase(_ id: TrackingID) async throws(StoreError) -> TrackedCase?
}
