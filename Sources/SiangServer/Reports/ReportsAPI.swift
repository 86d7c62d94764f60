import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangReports
import SiangStore

/// The reports through the JSON API (DESIGN.md 5.7) with a staff bearer token: a period's report in
/// any format, the targets book, and the lock and restatement of a month. The same ``ReportService``
/// and ``ReportAccess`` as the staff pages, so the two never disagree.
struct ReportsAPI {
    let services: SiangServices
    var reports: ReportService { ReportService(services: services) }

    static let bodyLimit = 512 * 1024

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/api/v1/reports/targets", on: router, use: targets)
        book.put("/api/v1/reports/targets", on: router, use: saveTargets)
        // One route per kind: the lock and restate routes under `monthly/` would otherwise shadow a
        // `{kind}` wildcard for months in the router's tree.
        for kind in ReportPeriodRef.Kind.allCases {
            book.get("/api/v1/reports/\(kind.rawValue)/{id}", on: router) { request, context in
                try await report(request, context: context, kind: kind)
            }
        }
        book.post("/api/v1/reports/monthly/{id}/lock", on: router, use: lock)
        book.post("/api/v1/reports/monthly/{id}/restate", on: router, use: restate)
    }

    /// The token's user when their role may do this; 401 without a valid token, 403 for other roles.
    func staff(_ request: Request, manage: Bool = false) async throws -> StaffUser {
        guard let user = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        guard ReportAccess.mayRead(user.role) else { throw ReportFailure.forbidden.apiError }
        if manage, !ReportAccess.mayManage(user.role) { throw ReportFailure.manageForbidden.apiError }
        return user
    }

    func period(_ context: SiangRequestContext, kind: String) throws -> ReportPeriodRef {
        let id = try context.parameters.require("id").removingPercentEncoding ?? ""
        do { return try ReportPeriodRef.parse(kind: kind, id: id, now: services.clock.now()) } catch { throw ReportFailure.from(error).apiError }
    }

    func body(_ request: Request) async throws -> Data {
        do { return Data(buffer: try await request.body.collect(upTo: Self.bodyLimit)) } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit: Self.bodyLimit)
        }
    }

    func audit(_ user: StaffUser, _ action: String) async throws {
        try await services.store.recordAudit(AuditEntry(at: services.clock.now(), actor: CaseEvent.staff(user.username), action: action, trackingID: nil))
    }

    // MARK: GET /api/v1/reports/{monthly|quarter|fy}/{id}

    @Sendable func report(_ request: Request, context: SiangRequestContext, kind: ReportPeriodRef.Kind) async throws -> Response {
        _ = try await staff(request)
        let period = try period(context, kind: kind.rawValue)
        let q = request.uri.queryParameters
        do {
            guard let format = ReportFormat(rawValue: q.get("format") ?? "json") else { throw ReportFailure.badFormat }
            let language: Language = q.get("lang") == "en" ? .en : .th
            let asOf = try ReportService.asOf(q.get("asOf"), period: period)
            let data = try reports.render(try await reports.document(period, asOf: asOf), as: format, language: language)
            return ReportDownload.response(data, format: format, period: period)
        } catch let failure as ReportFailure {
            throw failure.apiError
        }
    }

    // MARK: Targets

    @Sendable func targets(_ request: Request, context: SiangRequestContext) async throws -> Response {
        _ = try await staff(request)
        do throws(ReportFailure) { return Self.json(Data(try await reports.targets().json().utf8)) } catch { throw error.apiError }
    }

    @Sendable func saveTargets(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let user = try await staff(request, manage: true)
        let data = try await body(request)
        guard let text = String(data: data, encoding: .utf8),
              (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw APIError.badRequest("The body must be a JSON object.", th: "ข้อมูลที่ส่งต้องเป็นออบเจ็กต์ JSON")
        }
        do {
            let book = try reports.checked(text)
            try await reports.saveTargets(book, by: CaseEvent.staff(user.username))
            try await audit(user, "report_targets_save")
            return Self.json(Data(try await reports.targets().json().utf8))
        } catch let failure as ReportFailure {
            throw failure.apiError
        }
    }

    // MARK: Lock and restate

    @Sendable func lock(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let user = try await staff(request, manage: true)
        let month = try period(context, kind: ReportPeriodRef.Kind.monthly.rawValue)
        do {
            let document = try await reports.lock(month: month, by: CaseEvent.staff(user.username))
            try await audit(user, "report_lock")
            return Self.json(try reports.render(document, as: .json, language: .th), status: .created)
        } catch let failure as ReportFailure {
            throw failure.apiError
        }
    }

    @Sendable func restate(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let user = try await staff(request, manage: true)
        let month = try period(context, kind: ReportPeriodRef.Kind.monthly.rawValue)
        let data = try await body(request)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw APIError.badRequest("The body must be a JSON object.", th: "ข้อมูลที่ส่งต้องเป็นออบเจ็กต์ JSON")
        }
        do {
            let reason = try ReportService.reason(object["reason"] as? String)
            let document = try await reports.restate(month: month, reason: reason, by: CaseEvent.staff(user.username))
            try await audit(user, "report_restate")
            return Self.json(try reports.render(document, as: .json, language: .th), status: .created)
        } catch let failure as ReportFailure {
            throw failure.apiError
        }
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
