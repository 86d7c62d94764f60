import Foundation
import Hummingbird
import SiangCore
import SiangStore

/// `GET /api/v1/staff/sla/unreadable`: the cases the SLA ticker set aside because their stored
/// events cannot be read, so an admin learns of them (and has them repaired) instead of finding
/// the escalations silently stopped. For admins, and for the integrity role its restricted cases;
/// each sees only the cases they may open.
struct SLAUnreadableRoute {
    let services: SiangServices

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/api/v1/staff/sla/unreadable", on: router, use: list)
    }

    @Sendable func list(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let staff = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        guard [.admin, .integrity].contains(staff.role) else {
            throw APIError(.forbidden, code: "forbidden", message: "The list of unreadable cases is for admins.",
                           th: "รายการเรื่องที่ระบบอ่านไม่ได้สำหรับผู้ดูแลระบบเท่านั้น")
        }
        let viewer = StaffViewer(user: staff, configuration: services.configuration)
        struct Item: Encodable { var trackingId: String; var setAsideAt: Date; var reason: String }
        struct Body: Encodable { var cases: [Item] }
        let items = try await services.store.slaSetAside(viewer: viewer).map {
            Item(trackingId: $0.trackingID.description, setAsideAt: $0.at, reason: $0.reason)
        }
        var response = JSON.response(Body(cases: items))
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
