import Foundation
import Hummingbird
import SiangCore
import SiangReports

/// `GET /api/v1/evidence?fy=` and `GET /api/v1/readiness?fy=` (DESIGN.md 5.9, openapi.yaml): a fiscal
/// year's category 3 evidence pack and readiness check with a staff bearer token of a role that may
/// read the reports (``ReportAccess``). No `fy` means the running fiscal year.
struct EvidenceAPI {
    let services: SiangServices
    var evidence: EvidenceService { EvidenceService(services: services) }

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/api/v1/evidence", on: router, use: pack)
        book.get("/api/v1/readiness", on: router, use: readiness)
    }

    @Sendable func pack(_ request: Request, context: SiangRequestContext) async throws -> Response {
        try await answer(request) { year in try evidence.pack(year).json() }
    }

    @Sendable func readiness(_ request: Request, context: SiangRequestContext) async throws -> Response {
        try await answer(request) { year in try evidence.readiness(year).json() }
    }

    func answer(_ request: Request, _ encode: (EvidenceYear) throws -> Data) async throws -> Response {
        _ = try await ReportsAPI(services: services).staff(request)
        do {
            let year = try await evidence.year(try evidence.fiscalYear(request.uri.queryParameters.get("fy")))
            return ReportsAPI.json(try encode(year))
        } catch let failure as ReportFailure {
            throw failure.apiError
        }
    }
}
