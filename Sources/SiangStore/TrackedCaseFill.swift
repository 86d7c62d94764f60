import Foundation
import SiangCore

/// Builds the tracked view of each case from event rows read in tracking-ID order, then sequence
/// order: what both stores' migrations do to fill `case_tracking` for the cases stored before. A case
/// whose events do not read back (or do not start with `received`) yields no view: its lookups answer
/// 404, as they could not answer before, and the store still opens.
struct TrackedCaseFill {
    private let decoder: JSONDecoder
    private var current: String?
    private var events: [CaseEvent] = []
    private var readable = true

    init() {
        decoder = JSONDecoder()
        decoder.dateDecodingStrategy = StoredDate.decoding
    }

    /// Takes one event row; when it starts another case, returns the finished view of the case before.
    mutating func add(trackingID: String, at: Double, actor: String, data: String) -> (trackingID: String, view: [UInt8])? {
        var finished: (trackingID: String, view: [UInt8])?
        if trackingID != current {
            finished = finish()
            current = trackingID
        }
        if readable, let change = try? SQLiteStore.change(data, decoder: decoder) {
            events.append(CaseEvent(at: Date(stored: at), actor: actor, change: change))
        } else {
            readable = false
        }
        return finished
    }

    /// The view of the last case taken, if any; the fill then starts afresh.
    mutating func finish() -> (trackingID: String, view: [UInt8])? {
        defer {
            current = nil
            events.removeAll(keepingCapacity: true)
            readable = true
        }
        guard let id = current, readable, let tracked = TrackedCase(trackingID: TrackingID(storedCanonical: id), events: events) else { return nil }
        return (id, TrackedCaseBytes.encode(tracked))
    }
}
