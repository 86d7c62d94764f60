import Foundation
import Hummingbird
import SiangCore
import SiangStore

/// The staff JSON API. This foundation has the whole-case read; the staff workspace adds queues,
/// roles and actions on top.
struct StaffAPI {
    let services: SiangServices

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/api/v1/staff/complaints/{trackingId}", on: router, use: show)
    }

    /// The whole case with personal data; every read is written to the audit log.
    @Sendable func show(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let staff = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        let raw = try context.parameters.require("trackingId").removingPercentEncoding ?? ""
        guard let id = try? TrackingID.parse(raw, expectedPrefix: services.configuration.trackingPrefix) else {
            throw APIError(.badRequest, code: "malformed_tracking_id", message: "Check the tracking ID.")
        }
        guard let record = try await services.store.record(id) else { throw APIError.notFound }
        if let category = record.state.category, services.configuration.taxonomy.category(category)?.restricted == true,
           ![.integrity].contains(staff.role) {
            // Restricted cases do not exist for other roles, not even as a 403.
            throw APIError.notFound
        }
        let events = try await services.store.events(of: id)
        let contact = try await services.store.contact(of: id)
        let attachments = try await services.store.attachments(of: id)
        try await services.store.recordAudit(AuditEntry(at: services.clock.now(), actor: CaseEvent.staff(staff.username),
                                                        action: "view_case_personal_data", trackingID: id))
        let body = services.caseViews.staffCase(record: record, events: events, contact: contact, attachments: attachments, now: services.clock.now())
        var response = JSON.response(body)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
