import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangReports
import SiangStore

/// The improvement log through the JSON API (DESIGN.md 5.9) with a staff bearer token
/// (``ImprovementAccess``): the list of a fiscal year, one entry, a new entry and a change to one,
/// each answered with the entry's before/after values computed now. Every write is audited by the
/// store. An entry's `ETag` is its version; a `PATCH` with `If-Match` is refused with 409 when
/// someone changed the entry since.
struct ImprovementsAPI {
    let services: SiangServices
    var improvements: ImprovementService { ImprovementService(services: services) }

    static let bodyLimit = 64 * 1024

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/api/v1/improvements", on: router, use: list)
        book.post("/api/v1/improvements", on: router, use: add)
        book.get("/api/v1/improvements/{id}", on: router, use: show)
        book.patch("/api/v1/improvements/{id}", on: router, use: update)
    }

    /// The token's user when their role may use the log; 401 without a valid token, 403 otherwise.
    func staff(_ request: Request) async throws -> StaffUser {
        guard let user = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        guard ImprovementAccess.mayRead(user.role) else { throw ImprovementService.forbidden }
        return user
    }

    func id(_ context: SiangRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else {
            throw APIError(.badRequest, code: "malformed_id", message: "An improvement id is a positive whole number.",
                           th: "รหัสรายการปรับปรุงต้องเป็นจำนวนเต็มบวก")
        }
        return id
    }

    func body(_ request: Request) async throws -> [String: Any] {
        try JSONBody.requireJSON(request, what: "the improvement")
        do { return try JSONBody.object(from: try await request.body.collect(upTo: Self.bodyLimit)) } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit: Self.bodyLimit)
        }
    }

    static func response(_ entry: AssessedImprovement, status: HTTPResponse.Status = .ok) -> Response {
        var response = ReportsAPI.json(Data(ImprovementJSON.encode(entry).utf8), status: status)
        response.headers[.eTag] = "\"\(entry.improvement.version)\""
        if status == .created { response.headers[.location] = "/api/v1/improvements/\(entry.improvement.id)" }
        return response
    }

    // MARK: GET /api/v1/improvements[?fy=2569]

    @Sendable func list(_ request: Request, context: SiangRequestContext) async throws -> Response {
        _ = try await staff(request)
        let year = try ImprovementService.fiscalYear(request.uri.queryParameters.get("fy"))
        let log = try improvements.log()
        let now = services.clock.now()
        let entries = try await ImprovementService.run { () async throws(ImprovementLog.Failure) in
            if let year { try await log.assessed(fiscalYear: year, now: now) } else { try await log.assessed(from: nil, to: nil, now: now) }
        }
        return ReportsAPI.json(Data(ImprovementJSON.encode(entries, fiscalYear: year, asOf: now).utf8))
    }

    // MARK: GET /api/v1/improvements/{id}

    @Sendable func show(_ request: Request, context: SiangRequestContext) async throws -> Response {
        _ = try await staff(request)
        let id = try id(context)
        let log = try improvements.log()
        let now = services.clock.now()
        return Self.response(try await ImprovementService.run { () async throws(ImprovementLog.Failure) in try await log.assessed(id: id, now: now) })
    }

    // MARK: POST /api/v1/improvements

    @Sendable func add(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let user = try await staff(request)
        guard ImprovementAccess.mayWrite(user.role) else { throw ImprovementService.forbidden }
        var input = ImprovementInput()
        let problems = input.apply(json: try await body(request))
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        let log = try improvements.log()
        let now = services.clock.now()
        let entry = try await ImprovementService.run { () async throws(ImprovementLog.Failure) in
            try await log.add(input, actor: CaseEvent.staff(user.username), now: now)
        }
        return Self.response(entry, status: .created)
    }

    // MARK: PATCH /api/v1/improvements/{id}

    @Sendable func update(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let user = try await staff(request)
        guard ImprovementAccess.mayWrite(user.role) else { throw ImprovementService.forbidden }
        let id = try id(context)
        var expected: Int64?
        if let match = request.headers[.ifMatch] {
            guard let version = Int64(match.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) else {
                throw APIError.badRequest("If-Match must be the ETag of the improvement.", th: "If-Match ต้องเป็นค่า ETag ของรายการปรับปรุง")
            }
            expected = version
        }
        let object = try await body(request)
        let log = try improvements.log()
        let now = services.clock.now()
        let entry = try await ImprovementService.run { () async throws(ImprovementLog.Failure) in
            try await log.update(id: id, expectedVersion: expected, actor: CaseEvent.staff(user.username), now: now) { $0.apply(json: object) }
        }
        return Self.response(entry)
    }
}
