import Foundation
import Logging
import SiangStore

/// Counts a complainant's lookup of an existing case (the tracking page or the track API) in the
/// store's daily counter: one UPSERT of a day and a surface, no ID and no address. The count is
/// evidence, not a gate: a failure to count is logged and the complainant still gets their answer.
enum TrackingLookupCounter {
    static let logger = Logger(label: "siang.evidence")

    static func count(_ surface: TrackingLookupSurface, services: SiangServices) async {
        guard let store = services.store as? any EvidenceStore else { return }
        do { try await store.countTrackingLookup(surface, at: services.clock.now()) } catch {
            logger.warning("tracking lookup not counted", metadata: ["surface": "\(surface.rawValue)", "error": "\(error)"])
        }
    }
}
