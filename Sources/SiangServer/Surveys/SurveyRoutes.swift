import Foundation
import Hummingbird
import SiangCore
import SiangPipeline
import SiangStore

/// Survey pages and API (DESIGN.md 5.3): `GET/POST /survey/{token}` for a resolved case,
/// `POST /api/v1/surveys/{token}`, the anonymous service-point surveys with their QR posters, the
/// staff call-back list and the survey figures.
///
/// The pages are Thai by default (`?lang=en` for English), mobile-first and work without
/// JavaScript: when a score of 1 or 2 needs reasons, a second page asks them.
struct SurveyRoutes {
    let services: SiangServices
    var pages: PageRenderer { services.pages }
    var answers: SurveyAnswers { SurveyAnswers(store: services.store, configuration: services.configuration) }
    var settings: SurveySettings { services.configuration.surveys }
    static let formLimit = 64 * 1024

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/survey/survey.css", page: true, on: router) { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: SurveyStyles.css)))
        }
        book.get("/survey/points", page: true, on: router, use: servicePointList)
        book.get("/survey/point/{code}", page: true, on: router, use: servicePointPage)
        book.post("/survey/point/{code}", page: true, on: router, use: servicePointSubmit)
        book.get("/survey/point/{code}/poster", page: true, on: router, use: servicePointPoster)
        book.get("/survey/point/{code}/qr.svg", page: true, on: router, use: servicePointQR)
        book.get("/survey/{token}", page: true, on: router, use: tokenPage)
        book.post("/survey/{token}", page: true, on: router, use: tokenSubmit)
        book.get("/track/{trackingId}/survey", page: true, on: router, use: trackSurvey)
        book.post("/api/v1/surveys/{token}", on: router, use: apiSubmit)
        book.get("/api/v1/staff/surveys/callbacks", on: router, use: callBacks)
        book.get("/api/v1/staff/surveys/summary", on: router, use: summary)
    }

    /// The survey link to show on a case's tracking page, or nil when the case has no survey open
    /// (not resolved, rejected or duplicate, answered, expired). For `CitizenPages.track`:
    /// `values["surveyURL"] = await SurveyRoutes.trackingPageSurveyLink(services:trackingID:language:)`.
    static func trackingPageSurveyLink(services: SiangServices, trackingID: TrackingID, language: Language) async -> String? {
        let answers = SurveyAnswers(store: services.store, configuration: services.configuration)
        guard let invitation = try? await answers.openInvitation(of: trackingID, at: services.clock.now()) else { return nil }
        return "/survey/\(invitation.token)" + (language == .en ? "?lang=en" : "")
    }

    // MARK: - A case's survey

    @Sendable func tokenPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        let token = try context.parameters.require("token")
        switch try await answers.state(ofToken: token, at: services.clock.now()) {
        case .unknown:
            return message(language, path: "/survey/\(token)", heading: "unknownTitle", text: "unknown", status: .notFound)
        case .expired(let invitation):
            return expired(invitation, language: language, token: token)
        case .answered:
            if request.uri.queryParameters.get("done") == "1" {
                let dissatisfied = request.uri.queryParameters.get("d") == "1"
                return message(language, path: "/survey/\(token)", heading: "thanksTitle", text: dissatisfied ? "thanksDissatisfied" : "thanks",
                               status: .ok, live: true)
            }
            return message(language, path: "/survey/\(token)", heading: "answeredTitle", text: "answered", status: .ok)
        case .open(let invitation, let definition, let partial):
            let form = SurveyForm(definition: definition, settings: settings, language: language)
            return formPage(form, values: ["pageOne": form.pageOne(SurveyResponse(), fixed: partial, errors: [])], language: language,
                            path: "/survey/\(token)", caseID: invitation.trackingID, status: .ok)
        }
    }

    @Sendable func tokenSubmit(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let body = try await FormBody.read(request, limit: Self.formLimit)
        let language = Language(rawValue: body.fields["lang"] ?? "") ?? PageRenderer.language(of: request)
        let now = services.clock.now()
        let path = "/survey/\(token)"
        let (invitation, definition, partial): (SurveyInvitation, SurveyDefinition, SurveyResponse?)
        switch try await answers.state(ofToken: token, at: now) {
        case .unknown: return message(language, path: path, heading: "unknownTitle", text: "unknown", status: .notFound)
        case .expired(let i): return expired(i, language: language, token: token)
        case .answered: return message(language, path: path, heading: "answeredTitle", text: "answered", status: .conflict)
        case .open(let i, let d, let p): (invitation, definition, partial) = (i, d, p)
        }
        let form = SurveyForm(definition: definition, settings: settings, language: language)
        let response = form.response(from: body.fields)
        let effective = partial?.completed(with: response) ?? response
        if let early = stepPage(form, response: response, effective: effective, fixed: partial, step: body.fields["step"], language: language,
                                path: path, caseID: invitation.trackingID, nonce: nil) {
            return early
        }
        switch try await answers.submit(token: token, response: response, via: "web", at: now) {
        case .recorded(let dissatisfied):
            var query = "?done=1" + (dissatisfied ? "&d=1" : "")
            if language == .en { query += "&lang=en" }
            return Response(status: .seeOther, headers: [.location: path + query])
        case .invalid(let problems):
            return invalidPage(form, response: response, fixed: partial, problems: problems, language: language, path: path,
                               caseID: invitation.trackingID, nonce: nil)
        case .alreadyAnswered: return message(language, path: path, heading: "answeredTitle", text: "answered", status: .conflict)
        case .expired: return expired(invitation, language: language, token: token)
        case .unknown, .rateLimited: return message(language, path: path, heading: "unknownTitle", text: "unknown", status: .notFound)
        }
    }

    /// Page 1 again with its errors, or page 2 when reasons are needed and not yet given; nil when
    /// the answer is ready to be recorded.
    func stepPage(_ form: SurveyForm, response: SurveyResponse, effective: SurveyResponse, fixed: SurveyResponse?, step: String?,
                  language: Language, path: String, caseID: TrackingID?, nonce: String?) -> Response? {
        guard step != "2" else { return nil }
        let problems = SurveyRules.problems(in: effective, definition: form.definition, reasonCodes: settings.reasonCodes, requireReasons: false)
        if !problems.isEmpty {
            return formPage(form, values: ["pageOne": form.pageOne(response, fixed: fixed, errors: problems)], language: language, path: path,
                            caseID: caseID, nonce: nonce, status: .unprocessableContent)
        }
        if SurveyRules.asksForReasons(effective, definition: form.definition), effective.reasons.isEmpty {
            return formPage(form, values: ["pageTwo": form.pageTwo(response, errors: [])], language: language, path: path,
                            caseID: caseID, nonce: nonce, status: .ok)
        }
        return nil
    }

    func invalidPage(_ form: SurveyForm, response: SurveyResponse, fixed: SurveyResponse?, problems: [FieldError], language: Language,
                     path: String, caseID: TrackingID?, nonce: String?) -> Response {
        let onPageTwo = problems.allSatisfy { ["reasons", "reasonText", "comment"].contains($0.field) }
        let values: [String: Any] = onPageTwo ? ["pageTwo": form.pageTwo(response, errors: problems)]
                                              : ["pageOne": form.pageOne(response, fixed: fixed, errors: problems)]
        return formPage(form, values: values, language: language, path: path, caseID: caseID, nonce: nonce, status: .unprocessableContent)
    }

    func formPage(_ form: SurveyForm, values extra: [String: Any], language: Language, path: String, caseID: TrackingID? = nil,
                  point: ServicePoint? = nil, nonce: String? = nil, status: HTTPResponse.Status) -> Response {
        var values = pages.base(language, path: path)
        values["t"] = SurveyText.strings(language)
        values["title"] = form.definition.title.text(language)
        values["surveyTitle"] = form.definition.title.text(language)
        values["intro"] = form.definition.intro?.text(language) ?? ""
        values["action"] = path + (language == .en ? "?lang=en" : "")
        if let caseID { values["caseId"] = caseID.description }
        if let point {
            values["pointName"] = point.label.text(language)
            values["unitName"] = point.unit
            values["anonymous"] = true
        }
        if let nonce { values["nonce"] = nonce }
        for (k, v) in extra { values[k] = v }
        if let page = (extra["pageOne"] ?? extra["pageTwo"]) as? [String: Any] {
            // The step and the error summary sit above the page's questions.
            for key in ["step", "errors", "hasErrors"] { values[key] = page[key] }
        }
        return pages.render("survey-form", values, status: status)
    }

    func message(_ language: Language, path: String, heading: String, text: String, status: HTTPResponse.Status,
                 live: Bool = false, replacing: [String: String] = [:]) -> Response {
        var values = pages.base(language, path: path)
        let t = SurveyText.strings(language)
        values["t"] = t
        values["title"] = t[heading] ?? ""
        values["heading"] = t[heading] ?? ""
        var body = t[text] ?? ""
        for (k, v) in replacing { body = body.replacingOccurrences(of: "{\(k)}", with: v) }
        values["message"] = body
        values["status"] = live
        return pages.render("survey-message", values, status: status)
    }

    func expired(_ invitation: SurveyInvitation, language: Language, token: String) -> Response {
        message(language, path: "/survey/\(token)", heading: "expiredTitle", text: "expired", status: .gone,
                replacing: ["date": ThaiDateFormatter.date(invitation.expiresAt.addingTimeInterval(-1), language, longMonth: language == .th)])
    }

    /// `/track/{id}/survey`: to the case's open survey for the browser that filed the case
    /// (``CaseOwnerProof``); anyone else goes to the tracking page, which asks for the phone's last digits.
    @Sendable func trackSurvey(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        let raw = try context.parameters.require("trackingId").removingPercentEncoding ?? ""
        guard let id = try? TrackingID.parse(raw, expectedPrefix: services.configuration.trackingPrefix),
              let link = await Self.trackingPageSurveyLink(services: services, trackingID: id, language: language) else {
            return message(language, path: "/track/\(raw)/survey", heading: "noSurveyTitle", text: "noSurvey", status: .notFound)
        }
        guard CaseOwnerProof(key: services.formTokens.key).holds(request, for: id) else {
            return Response(status: .seeOther, headers: [.location: "/track/\(id)\(language == .en ? "?lang=en" : "")"])
        }
        return Response(status: .seeOther, headers: [.location: link])
    }
}
