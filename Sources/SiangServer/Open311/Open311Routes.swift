import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangStore

/// The Open311 GeoReport v2 API under `/open311/v2/` (DESIGN.md 5.10, docs/open311.md): discovery,
/// the service list and definitions, posting a service request, and reading requests back, each in
/// JSON and in XML (`text/xml; charset=utf-8`) by the path's extension, every error as the
/// specification's list of `{code, description}`.
struct Open311Routes {
    let services: SiangServices
    let catalogue: Open311Services
    let access: Open311Access
    static let base = "/open311/v2"
    /// When the discovery document last changed (its `changeset`).
    static let changeset = "2026-12-03T00:00:00+07:00"

    init(services: SiangServices) {
        self.services = services
        catalogue = Open311Services(configuration: services.configuration)
        access = Open311Access(services: services)
    }

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        for format in Open311Format.allCases {
            let ext = format.rawValue
            book.get("\(Self.base)/discovery.\(ext)", on: router) { _, _ in await answer(format, root: "discovery") { discovery } }
            book.get("\(Self.base)/services.\(ext)", on: router) { _, _ in await answer(format, root: "services") { catalogue.list } }
            book.get("\(Self.base)/services/{service_code}.\(ext)", on: router) { _, context in
                await answer(format, root: "service_definition") {
                    try catalogue.definition(catalogue.category(context.parameters.get("service_code") ?? ""))
                }
            }
            book.post("\(Self.base)/requests.\(ext)", on: router) { request, context in
                await answer(format, root: "service_requests", status: .created) { try await create(request, context: context) }
            }
            book.get("\(Self.base)/requests.\(ext)", on: router) { request, context in
                await answer(format, root: "service_requests") { try await list(request, context: context) }
            }
            book.get("\(Self.base)/requests/{service_request_id}.\(ext)", on: router) { request, context in
                await answer(format, root: "service_requests") {
                    try await one(context.parameters.get("service_request_id") ?? "", request: request, context: context)
                }
            }
        }
    }

    /// The body's answer in `format`, or the error it threw in the specification's error format.
    func answer(_ format: Open311Format, root: String, status: HTTPResponse.Status = .ok,
                _ body: () async throws -> Open311Node) async -> Response {
        do {
            let node = try await body()
            return Response(status: status, headers: [.contentType: format.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: format.render(node, root: root))))
        } catch {
            return Open311Error(error).response(format)
        }
    }

    var discovery: Open311Node {
        let agency = services.configuration.agency
        let url = agency.publicBaseURL.trimmingTrailingSlash + Self.base
        return .object([
            ("changeset", .text(Self.changeset)),
            ("contact", .text("\(agency.nameTh) \(agency.publicBaseURL)")),
            ("key_service", .text("ขอ api_key ได้จากผู้ดูแลระบบของ\(agency.nameTh) (Ask the agency's administrator for an api_key.)")),
            ("endpoints", .list(item: "endpoint", [
                .object([
                    ("specification", .text("http://wiki.open311.org/GeoReport_v2")),
                    ("url", .text(url)),
                    ("changeset", .text(Self.changeset)),
                    ("type", .text("production")),
                    ("formats", .list(item: "format", [.text("text/xml"), .text("application/json")])),
                ]),
            ])),
        ])
    }
}
