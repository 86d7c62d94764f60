import Foundation
import Logging
import SiangStore

/// Counts a complainant's lookup of an existing case (the tracking page or the track API) towards the
/// store's daily counter of a day and a surface, no ID and no address, through the server's
/// ``TrackingLookupTally``: the lookup never waits for the count. The count is evidence, not a gate: a
/// failure to write it is logged and the complainant still gets their answer.
enum TrackingLookupCounter {
    static func count(_ surface: TrackingLookupSurface, services: SiangServices) {
        guard let store = services.store as? any EvidenceStore else { return }
        if services.lookupTally.add(surface, at: services.clock.now()) { services.lookupTally.writeLater(to: store) }
    }
}
