import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangPipeline
import SiangStore

/// The staff JSON API (DESIGN.md 5.3) with `Authorization: Bearer` tokens: the case list with the
/// queue page's filters, the whole case with personal data (audited), the change of a case through
/// the same ``CaseActionService`` as the pages, and token revocation. What a token's user may see
/// is decided by the store's queries, as on the pages.
struct StaffAPI {
    let services: SiangServices
    let actions: CaseActionService

    init(services: SiangServices) {
        self.services = services
        actions = CaseActionService(store: services.store, configuration: services.configuration, classifier: services.classifier,
                                    sla: services.sla, clock: services.clock)
    }

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/api/v1/staff/complaints", on: router, use: list)
        book.get("/api/v1/staff/complaints/{trackingId}", on: router, use: show)
        book.patch("/api/v1/staff/complaints/{trackingId}", on: router, use: update)
        book.post("/api/v1/staff/tokens/revoke", on: router, use: revoke)
    }

    /// The token's user and what they may see; 401 without a valid token.
    func viewer(_ request: Request) async throws -> (user: StaffUser, viewer: StaffViewer) {
        guard let staff = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        return (staff, StaffViewer(user: staff, configuration: services.configuration))
    }

    static let analystRefused = APIError(.forbidden, code: "forbidden", message: "The analyst role sees aggregates only, never individual cases.",
                                         th: "บทบาทผู้วิเคราะห์ข้อมูลดูได้เฉพาะข้อมูลสรุป")

    func trackingID(_ context: SiangRequestContext) throws -> TrackingID {
        let raw = try context.parameters.require("trackingId").removingPercentEncoding ?? ""
        guard let id = try? TrackingID.parse(raw, expectedPrefix: services.configuration.trackingPrefix) else {
            throw APIError(.badRequest, code: "malformed_tracking_id", message: "Check the tracking ID.")
        }
        return id
    }

    // MARK: GET /api/v1/staff/complaints

    struct ListBody: Encodable {
        struct Item: Encodable {
            struct SLA: Encodable { var state: String; var resolutionDueAt: Date?; var firstResponseDueAt: Date? }
            var trackingId: TrackingID
            var kind: Kind
            var status: Status
            var category: String?
            var priority: Priority
            var queue: String?
            var assignee: String?
            var channel: SiangCore.Channel
            var segment: Segment?
            var subject: String?
            var receivedAt: Date
            var updatedAt: Date
            var sla: SLA?
        }
        var complaints: [Item]
        var page: Int
        var nextPage: Int?
    }

    @Sendable func list(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let (_, viewer) = try await viewer(request)
        guard viewer.seesCases else { throw Self.analystRefused }
        let params = QueueFilters.formQuery(request.uri.query)
        var size = 50
        if let raw = params["limit"], !raw.isEmpty {  // empty is the same as left out (openapi.yaml)
            guard let n = QueueFilters.decimal(raw, in: 1...200) else {
                throw APIError.invalid([FieldError("limit", .invalid, th: "จำนวนต่อหน้าต้องอยู่ระหว่าง 1 ถึง 200", en: "limit is 1 to 200.")])
            }
            size = n
        }
        let filters = QueueFilters({ key in key == "queue" ? (params[key] ?? "all") : params[key] },
                                   viewer: viewer, configuration: services.configuration, pageSize: size)
        guard filters.problems.isEmpty else { throw APIError.invalid(filters.problems) }
        try await actions.indexer.refresh(limit: StaffWorkspace.slaRefreshPerPage)
        let now = services.clock.now()
        let page = try await services.store.queue(filters.query, viewer: viewer, now: now)
        let body = ListBody(complaints: page.rows.map { r in
            .init(trackingId: r.trackingID, kind: r.kind, status: r.status, category: r.category, priority: r.priority, queue: r.queue,
                  assignee: r.assignee, channel: r.channel, segment: r.segment, subject: r.subject, receivedAt: r.receivedAt,
                  updatedAt: r.updatedAt,
                  sla: r.sla.map { .init(state: $0.state(at: now).rawValue, resolutionDueAt: $0.resolutionDueAt, firstResponseDueAt: $0.firstResponseDueAt) })
        }, page: filters.query.page, nextPage: page.hasMore ? filters.query.page + 1 : nil)
        var response = JSON.response(body)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    // MARK: GET /api/v1/staff/complaints/{trackingId}

    /// The whole case with personal data; every read is written to the audit log.
    @Sendable func show(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let (staff, viewer) = try await viewer(request)
        guard viewer.seesCases else { throw Self.analystRefused }
        let id = try trackingID(context)
        // A case outside the viewer's reach (another queue, a restricted case) does not exist for them.
        guard let record = try await services.store.staffRecord(id, viewer: viewer) else { throw APIError.notFound }
        let events = try await services.store.events(of: id)
        let contact = try await services.store.contact(of: id)
        let attachments = try await services.store.attachments(of: id)
        try await services.store.recordAudit(AuditEntry(at: services.clock.now(), actor: CaseEvent.staff(staff.username),
                                                        action: "view_case_personal_data", trackingID: id))
        let body = services.caseViews.staffCase(record: record, events: events, contact: contact, attachments: attachments, now: services.clock.now())
        var response = JSON.response(body)
        response.headers[.cacheControl] = "no-store"
        response.headers[.eTag] = "\"\(record.eventCount)\""
        return response
    }

    // MARK: PATCH /api/v1/staff/complaints/{trackingId}

    struct ChangedBody: Encodable {
        struct SLA: Encodable { var state: String; var resolutionDueAt: Date?; var firstResponseDueAt: Date? }
        var trackingId: TrackingID
        var status: Status
        var category: String?
        var priority: Priority
        var queue: String?
        var assignee: String?
        var eventCount: Int
        /// The event types written, in order (empty when nothing changed).
        var applied: [String]
        var notices: Int
        var sla: SLA?
    }

    @Sendable func update(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let (_, viewer) = try await viewer(request)
        guard viewer.seesCases else { throw Self.analystRefused }
        let id = try trackingID(context)
        let limit = services.configuration.limits.maxBodyBytes
        try JSONBody.requireJSON(request, what: "the change")
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError { throw APIError.tooLarge(limit: limit) }
        let object = try JSONBody.object(from: buffer)
        let change = try Self.changeRequest(object, prefix: services.configuration.trackingPrefix,
                                            integrityQueue: services.configuration.routing.integrityQueue)
        var expected: Int?
        if let match = request.headers[.ifMatch] {
            guard let n = Int(match.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) else {
                throw APIError.badRequest("If-Match must be the ETag of the case (its event count).")
            }
            expected = n
        }
        let outcome: CaseActionService.Outcome
        do {
            outcome = try await actions.apply(change, to: id, by: viewer, expectedEventCount: expected)
        } catch {
            throw error.apiError
        }
        let now = services.clock.now()
        let events = try await services.store.events(of: id)
        let entry = actions.indexer.entry(events: events)
        let s = outcome.state
        let body = ChangedBody(trackingId: id, status: s.status, category: s.category, priority: s.priority, queue: s.queue, assignee: s.assignee,
                               eventCount: outcome.eventCount, applied: outcome.events.map(\.change.type),
                               notices: outcome.outbox.filter { ["status_notice", "public_reply"].contains($0.kind) }.count,
                               sla: entry.map { .init(state: $0.state(at: now).rawValue, resolutionDueAt: $0.resolutionDueAt, firstResponseDueAt: $0.firstResponseDueAt) })
        var response = JSON.response(body)
        response.headers[.eTag] = "\"\(outcome.eventCount)\""
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Reads the `PATCH` body: every field is optional, `assignee: null` (or "") unassigns,
    /// `referToIntegrity: true` hands the case to the integrity queue (supervisors and up).
    static func changeRequest(_ o: [String: Any], prefix: String, integrityQueue: String) throws -> CaseChangeRequest {
        var problems: [FieldError] = []
        func string(_ key: String) -> String? {
            guard let value = o[key], !(value is NSNull) else { return nil }
            guard let s = value as? String else {
                problems.append(FieldError(key, .invalid, th: "ช่อง \(key) ต้องเป็นข้อความ", en: "\(key) must be a string."))
                return nil
            }
            return s
        }
        func parsed<T: RawRepresentable>(_ key: String, _: T.Type) -> T? where T.RawValue == String {
            guard let raw = string(key) else { return nil }
            guard let value = T(rawValue: raw) else {
                problems.append(FieldError(key, .unknown, th: "ค่า \"\(raw)\" ใช้ในช่อง \(key) ไม่ได้", en: "\"\(raw)\" is not a valid \(key)."))
                return nil
            }
            return value
        }
        var change = CaseChangeRequest()
        change.status = parsed("status", Status.self)
        change.priority = parsed("priority", Priority.self)
        change.category = string("category")
        change.queue = string("queue")
        if o.keys.contains("assignee") {
            let a = string("assignee")
            change.assignee = (a ?? "").isEmpty ? .unassign : .assign(a!)
        }
        change.publicNote = string("publicNote")
        change.internalNote = string("internalNote")
        change.reason = string("reason")
        change.referredTo = string("referredTo")
        if let raw = string("duplicateOf") {
            if let id = try? TrackingID.parse(raw, expectedPrefix: prefix) { change.duplicateOf = id } else {
                problems.append(FieldError("duplicateOf", .invalid, th: "เลขที่เรื่อง \(raw) ไม่ถูกต้อง", en: "\(raw) is not a tracking ID."))
            }
        }
        if let confirm = o["confirmPersonalData"], !(confirm is NSNull) {
            if let confirm = confirm as? Bool { change.confirmPersonalData = confirm } else {
                problems.append(FieldError("confirmPersonalData", .invalid, th: "confirmPersonalData ต้องเป็น true หรือ false",
                                           en: "confirmPersonalData must be true or false."))
            }
        }
        if let refer = o["referToIntegrity"], !(refer is NSNull) {
            if let refer = refer as? Bool {
                if refer {
                    if let other = change.queue, other != integrityQueue {
                        problems.append(FieldError("referToIntegrity", .invalid, th: "ส่งเรื่องให้ศูนย์ต่อต้านการทุจริตพร้อมกับย้ายไปคิวอื่นไม่ได้",
                                                   en: "referToIntegrity cannot go with a move to another queue."))
                    }
                    change.queue = integrityQueue
                }
            } else {
                problems.append(FieldError("referToIntegrity", .invalid, th: "referToIntegrity ต้องเป็น true หรือ false", en: "referToIntegrity must be true or false."))
            }
        }
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        return change
    }

    // MARK: POST /api/v1/staff/tokens/revoke

    @Sendable func revoke(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let (user, _) = try await viewer(request)
        let buffer = try await request.body.collect(upTo: 4096)
        let username = try Self.revokeTarget(Data(buffer: buffer))
        let now = services.clock.now()
        let revoked: Int
        if let username, username != user.username {
            guard user.role == .admin else {
                throw APIError(.forbidden, code: "forbidden", message: "Only an admin may revoke another user's tokens.",
                               th: "การเพิกถอนโทเคนของผู้อื่นทำได้โดยผู้ดูแลระบบเท่านั้น")
            }
            guard try await services.store.user(named: username) != nil else {
                throw APIError.invalid([FieldError("username", .unknown, th: "ไม่มีผู้ใช้ชื่อ \(username)", en: "No user named \(username).")])
            }
            revoked = try await services.store.revokeAPITokens(of: username, at: now)
        } else if username == user.username {
            revoked = try await services.store.revokeAPITokens(of: user.username, at: now)
        } else {
            // The token of this very request.
            let header = request.headers[.authorization] ?? ""
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            revoked = try await services.store.revokeAPIToken(hash: StaffTokens.hash(token), at: now) ? 1 : 0
        }
        try await services.store.recordAudit(AuditEntry(at: now, actor: CaseEvent.staff(user.username), action: "revoke_api_tokens", trackingID: nil))
        return JSON.response(["revoked": revoked])
    }

    /// Reads the revocation body: nothing at all (this request's token) or exactly `{"username": U}`
    /// with U a non-empty string. Anything else is refused: read loosely, a misspelt key once fell
    /// through to "no body" and revoked the caller's own token while the target's stayed valid.
    static func revokeTarget(_ body: Data) throws -> String? {
        guard !body.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw APIError.badRequest("The body must be a JSON object: {\"username\": \"…\"}, or no body to revoke this token.",
                                      th: "ข้อมูลที่ส่งต้องเป็นออบเจ็กต์ JSON {\"username\": \"…\"} หรือไม่ส่งข้อมูลเพื่อเพิกถอนโทเคนนี้")
        }
        let unknown = object.keys.filter { $0 != "username" }.sorted()
        var problems = unknown.map { FieldError($0, .unknown, th: "ไม่รู้จักช่อง \($0) ใช้ได้เฉพาะ username", en: "Unknown field \"\($0)\"; the body takes only \"username\".") }
        let username = object["username"] as? String
        if username?.isEmpty ?? true {
            problems.append(FieldError("username", object["username"] == nil ? .required : .invalid,
                                       th: "กรุณาระบุชื่อผู้ใช้ (username) เป็นข้อความ", en: "username must be a non-empty string."))
        }
        guard problems.isEmpty, let username else { throw APIError.invalid(problems) }
        return username
    }
}
