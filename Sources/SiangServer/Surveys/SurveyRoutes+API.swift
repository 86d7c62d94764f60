import Foundation
import HTTPTypes
import WebForm
import Hummingbird
import NIOCore
import SiangCore
import SiangPipeline
import SiangStore

/// The survey JSON API: answering with a token (apps, and staff entering a call-back's answers with
/// their bearer token), the call-back list, and the aggregated figures (no personal data).
extension SurveyRoutes {
    static let surveyNotFound = APIError(.notFound, code: "survey_not_found", message: "No survey has this token.",
                                         th: "ไม่พบแบบสำรวจตามลิงก์นี้")
    static let alreadyAnswered = APIError(.conflict, code: "already_answered", message: "This survey has been answered already; it takes one answer.",
                                          th: "แบบสำรวจนี้ได้รับคำตอบแล้ว ตอบได้ครั้งเดียว")
    static func expiredError(_ invitation: SurveyInvitation) -> APIError {
        APIError(.gone, code: "survey_expired", message: "This survey closed on \(ISO8601.format(invitation.expiresAt)).",
                 th: "แบบสำรวจนี้หมดเวลาตอบแล้ว")
    }
    static let forbidden = APIError(.forbidden, code: "forbidden", message: "Your role cannot use this.", th: "บทบาทของท่านไม่มีสิทธิ์ใช้งานส่วนนี้")

    /// `POST /api/v1/surveys/{token}`: `{"overall":1-5, "<dimension>":1-5, "trust", "recommend", "frequency",
    /// "reasons":[…], "reasonText", "comment"}` → 201; 409 once answered; 410 when expired; 404 unknown.
    @Sendable func apiSubmit(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let staff = try await StaffTokens.staff(for: request, store: services.store)
        let token = try context.parameters.require("token")
        let now = services.clock.now()
        let definition: SurveyDefinition
        switch try await answers.state(ofToken: token, at: now) {
        case .unknown: throw Self.surveyNotFound
        case .expired(let i): throw Self.expiredError(i)
        case .answered: throw Self.alreadyAnswered
        case .open(_, let d, _): definition = d
        }
        try JSONBody.requireJSON(request, what: "the survey answer")
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: Self.formLimit) } catch is NIOTooManyBytesError { throw APIError.tooLarge(limit: Self.formLimit) }
        let object = try JSONBody.object(from: buffer)
        let (response, problems) = Self.response(from: object, definition: definition)
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        switch try await answers.submit(token: token, response: response, via: staff == nil ? "api" : "staff", at: now) {
        case .recorded(let dissatisfied):
            if let staff {
                if let id = try await services.store.surveyInvitation(token: token)?.trackingID {
                    try await services.store.recordAudit(AuditEntry(at: now, actor: CaseEvent.staff(staff.username), action: "survey_answer_entered", trackingID: id))
                }
            }
            struct Body: Encodable { var status: String; var surveyId: String; var version: Int; var dissatisfied: Bool; var recordedAt: Date }
            return JSON.response(Body(status: "recorded", surveyId: definition.id, version: definition.version, dissatisfied: dissatisfied,
                                      recordedAt: now), status: .created)
        case .invalid(let problems): throw APIError.invalid(problems)
        case .alreadyAnswered: throw Self.alreadyAnswered
        case .expired:
            if let i = try await services.store.surveyInvitation(token: token) { throw Self.expiredError(i) }
            throw Self.surveyNotFound
        case .unknown, .rateLimited: throw Self.surveyNotFound
        }
    }

    /// Reads the JSON answer: keys are the survey's question ids, plus `reasons`, `reasonText`, `comment`.
    static func response(from object: [String: Any], definition: SurveyDefinition) -> (SurveyResponse, [FieldError]) {
        var r = SurveyResponse()
        var problems: [FieldError] = []
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if value is NSNull { continue }
            switch key {
            case "reasons":
                guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
                    problems.append(FieldError("reasons", .invalid, th: "reasons ต้องเป็นรายการรหัสสาเหตุ", en: "reasons must be a list of reason codes."))
                    continue
                }
                r.reasons = list.compactMap { $0 as? String }
            case "reasonText", "comment":
                guard let text = value as? String else {
                    problems.append(FieldError(key, .invalid, th: "\(key) ต้องเป็นข้อความ", en: "\(key) must be a string."))
                    continue
                }
                if key == "comment" { r.comment = text } else { r.reasonText = text }
            default:
                guard let q = definition.question(key), q.type != .reasons, q.type != .text else {
                    problems.append(FieldError(key, .unknown, th: "แบบสำรวจนี้ไม่มีคำถาม \(key)", en: "This survey has no question \"\(key)\"."))
                    continue
                }
                if q.type == .rating {
                    guard let n = value as? Int else {
                        problems.append(FieldError(key, .invalid, th: "\(key) ต้องเป็นตัวเลข 1 ถึง 5", en: "\(key) must be a number from 1 to 5."))
                        continue
                    }
                    r.ratings[key] = n
                } else {
                    guard let s = value as? String else {
                        problems.append(FieldError(key, .invalid, th: "\(key) ต้องเป็นข้อความ", en: "\(key) must be a string."))
                        continue
                    }
                    r.choices[key] = s
                }
            }
        }
        return (r, problems)
    }

    /// `GET /api/v1/staff/surveys/callbacks`: hotline and phone cases whose person is to be called
    /// for the survey, with the name and number (audited); for agents, supervisors, integrity, admins,
    /// each seeing only the cases they may open.
    @Sendable func callBacks(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let staff = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        let viewer = StaffViewer(user: staff, configuration: services.configuration)
        guard viewer.seesCases else { throw Self.forbidden }
        let now = services.clock.now()
        struct Item: Encodable {
            var trackingId: String
            var token: String
            var surveyUrl: String
            var issuedAt: Date
            var expiresAt: Date
            var queue: String?
            var category: String?
            var name: String?
            var phone: String?
        }
        var items: [Item] = []
        // The one reach rule of the case API: a case the caller would get 404 for is not listed here.
        for invitation in try await services.store.surveyCallBacks(for: viewer, now: now, limit: 500) {
            let contact = try await services.store.contact(of: invitation.trackingID)
            try await services.store.recordAudit(AuditEntry(at: now, actor: CaseEvent.staff(staff.username), action: "view_survey_callback_contact",
                                                            trackingID: invitation.trackingID))
            let base = services.configuration.agency.publicBaseURL
            items.append(Item(trackingId: invitation.trackingID.description, token: invitation.token,
                              surveyUrl: (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/survey/\(invitation.token)",
                              issuedAt: invitation.issuedAt, expiresAt: invitation.expiresAt, queue: invitation.queue,
                              category: invitation.category, name: contact?.name, phone: contact?.phone))
        }
        struct Body: Encodable { var callbacks: [Item] }
        var response = JSON.response(Body(callbacks: items))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// `GET /api/v1/staff/surveys/summary?from=yyyy-MM-dd&to=yyyy-MM-dd&by=month,channel`: satisfaction,
    /// dissatisfaction, trust and engagement, the reason-code Pareto and the response rate by group.
    /// Aggregates only; for analysts, supervisors and admins.
    @Sendable func summary(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let staff = try await StaffTokens.staff(for: request, store: services.store) else { throw APIError.unauthorized }
        guard [.analyst, .supervisor, .admin].contains(staff.role) else { throw Self.forbidden }
        let now = services.clock.now()
        let query = request.uri.queryParameters
        var problems: [FieldError] = []
        func day(_ name: String) -> Date? {
            guard let raw = query.get(name), !raw.isEmpty else { return nil }
            // yyyy-MM-dd exactly, as the document's pattern says: four, two and two ASCII digits.
            let digits = raw.split(separator: "-", omittingEmptySubsequences: false)
            let wellFormed = digits.map(\.count) == [4, 2, 2] && digits.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
            let parts = wellFormed ? digits.compactMap { Int($0) } : []
            guard parts.count == 3, let date = BangkokTime.calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else {
                problems.append(FieldError(name, .invalid, th: "\(name) ต้องอยู่ในรูปแบบ yyyy-MM-dd", en: "\(name) must be yyyy-MM-dd."))
                return nil
            }
            return date
        }
        let from = day("from") ?? FiscalYear(containing: now).start
        let to = day("to") ?? FiscalYear(containing: now).end
        var dimensions: [SurveyDimension] = []
        // Empty or left out, one group; otherwise names as sent, each one a dimension (`month,` is not).
        let by = query.get("by") ?? ""
        for raw in by.isEmpty ? [] : by.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard let d = SurveyDimension(rawValue: raw) else {
                problems.append(FieldError("by", .invalid, th: "ไม่มีมิติ \(raw)",
                                           en: "\"\(raw)\" is not one of \(SurveyDimension.allCases.map(\.rawValue).joined(separator: ", "))."))
                continue
            }
            dimensions.append(d)
        }
        guard problems.isEmpty else { throw APIError.invalid(problems) }
        // The same rule as the dashboard's aggregates: restricted (corruption, integrity queue) answers are
        // counted for the integrity role only, who does not read this summary.
        let viewer = StaffViewer(user: staff, configuration: services.configuration)
        let groups = try await SurveyFigures.compute(store: services.store, from: from, to: to, by: dimensions,
                                                     counts: { category, queue in !viewer.isRestricted(category: category, queue: queue) })
        struct Body: Encodable { var from: Date; var to: Date; var by: [String]; var groups: [SurveyGroup] }
        return JSON.response(Body(from: from, to: to, by: dimensions.map(\.rawValue), groups: groups))
    }
}
