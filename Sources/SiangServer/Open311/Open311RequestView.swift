import Foundation
import SiangCore
import SiangStore

/// One case as a GeoReport v2 service request, built from its events like the tracking page, so it
/// holds nothing the tracking page would not show: no description (the complainant's own words),
/// no contact, no attachment (`media_url` never), no internal note.
struct Open311RequestView {
    let services: Open311Services

    /// Cases ours calls open (received, triaged, in progress, awaiting information) are `open`; every
    /// other status, resolved included, is `closed`.
    static func status(_ status: Status) -> String { status.isOpen ? "open" : "closed" }

    /// The statuses behind an Open311 status, for the store's query.
    static func statuses(_ open311: String) -> [Status] {
        Status.allCases.filter { self.status($0) == open311 }
    }

    func node(id: TrackingID, events: [CaseEvent], location: Location?, sla: SLASummary?) -> Open311Node? {
        guard let view = PublicCaseView(trackingID: id, events: events), let state = CaseState.fold(events) else { return nil }
        let category = view.category.flatMap(services.taxonomy.category)
        let queue = state.queue.flatMap(services.routing.queue)
        let note = view.timeline.last { $0.note?.isEmpty == false }?.note
        return .object([
            ("service_request_id", .text(id.description)),
            ("status", .text(Self.status(view.status))),
            ("status_notes", note.map(Open311Node.text)),
            ("service_name", category.map { .text($0.th) }),
            ("service_code", category.map { .text($0.code) }),
            ("agency_responsible", queue.map { .text($0.th) }),
            ("requested_datetime", .text(BangkokTime.iso8601(view.receivedAt))),
            ("updated_datetime", .text(BangkokTime.iso8601(view.updatedAt))),
            ("expected_datetime", sla?.resolutionDueAt.map { .text(BangkokTime.iso8601($0)) }),
            ("address", location?.address.flatMap { $0.isEmpty ? nil : .text($0) }),
            ("lat", location?.lat.map(Open311Node.number)),
            ("long", location?.lon.map(Open311Node.number)),
        ])
    }
}
