import Crypto
import Foundation
import HTTPTypes
import WebForm
import Hummingbird
import NIOCore
import SiangCore
import SiangPipeline
import SiangStore

/// The anonymous survey of each service point (`surveys.servicePoints`): the form, its printable QR
/// poster, and the limits per client address that keep one person from filling the figures.
extension SurveyRoutes {
    @Sendable func servicePointList(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        var values = pages.base(language, path: "/survey/points")
        let t = SurveyText.strings(language)
        values["t"] = t
        values["title"] = t["pointsTitle"]
        values["points"] = settings.servicePoints.map { p -> [String: Any] in
            ["code": p.code, "name": p.label.text(language), "unit": p.unit]
        }
        return pages.render("survey-points", values)
    }

    func point(_ context: SiangRequestContext) throws -> ServicePoint? {
        settings.servicePoint(try context.parameters.require("code"))
    }

    func pointURL(_ point: ServicePoint) -> String {
        let base = services.configuration.agency.publicBaseURL
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/survey/point/\(point.code)"
    }

    @Sendable func servicePointPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        guard let point = try point(context), let definition = settings.current(settings.servicePointSurvey) else {
            return message(language, path: request.uri.path, heading: "unknownTitle", text: "unknown", status: .notFound)
        }
        let path = "/survey/point/\(point.code)"
        if request.uri.queryParameters.get("done") == "1" {
            let dissatisfied = request.uri.queryParameters.get("d") == "1"
            return message(language, path: path, heading: "thanksTitle", text: dissatisfied ? "thanksDissatisfied" : "thanks", status: .ok, live: true)
        }
        let existingCookie = request.cookies[FormTokens.cookieName]?.value
        let cookie = existingCookie ?? FormTokens.newCookieValue()
        let form = SurveyForm(definition: definition, settings: settings, language: language)
        var response = formPage(form, values: ["pageOne": form.pageOne(SurveyResponse(), fixed: nil, errors: [])], language: language,
                                path: path, point: point, nonce: services.formTokens.issue(cookie: cookie), status: .ok)
        if existingCookie == nil {
            let secure = services.configuration.agency.publicBaseURL.hasPrefix("https:")
            response.setCookie(Cookie(name: FormTokens.cookieName, value: cookie, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    @Sendable func servicePointSubmit(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let body = try await FormBody.read(request, limit: Self.formLimit)
        let language = Language(rawValue: body.fields["lang"] ?? "") ?? PageRenderer.language(of: request)
        guard let point = try point(context), let definition = settings.current(settings.servicePointSurvey) else {
            return message(language, path: request.uri.path, heading: "unknownTitle", text: "unknown", status: .notFound)
        }
        let path = "/survey/point/\(point.code)"
        let form = SurveyForm(definition: definition, settings: settings, language: language)
        let response = form.response(from: body.fields)
        let token = body.fields["nonce"] ?? ""
        guard let nonce = services.formTokens.verify(token, cookie: request.cookies[FormTokens.cookieName]?.value) else {
            let expired = FieldError("nonce", .invalid, th: SurveyText.thai["formExpired"]!, en: SurveyText.english["formExpired"]!)
            // A fresh nonce for the same browser (or a new cookie), the answers kept.
            let cookie = request.cookies[FormTokens.cookieName]?.value ?? FormTokens.newCookieValue()
            var page = formPage(form, values: ["pageOne": form.pageOne(response, fixed: nil, errors: [expired])], language: language,
                                path: path, point: point, nonce: services.formTokens.issue(cookie: cookie), status: .forbidden)
            if request.cookies[FormTokens.cookieName] == nil {
                page.setCookie(Cookie(name: FormTokens.cookieName, value: cookie, path: "/", httpOnly: true, sameSite: .lax))
            }
            return page
        }
        if let early = stepPage(form, response: response, effective: response, fixed: nil, step: body.fields["step"], language: language,
                                path: path, caseID: nil, nonce: token) {
            return early
        }
        let limits = settings.anonymous
        let limit = AddressLimit(addressKey: addressKey(request, context: context), maxPerHour: limits.maxPerAddressPerHour,
                                 maxPerDay: limits.maxPerAddressPerDay)
        switch try await answers.submitServicePoint(code: point.code, response: response, at: services.clock.now(), key: nonce, limit: limit) {
        case .recorded(let dissatisfied):
            var query = "?done=1" + (dissatisfied ? "&d=1" : "")
            if language == .en { query += "&lang=en" }
            return Response(status: .seeOther, headers: [.location: path + query])
        case .invalid(let problems):
            return invalidPage(form, response: response, fixed: nil, problems: problems, language: language, path: path, caseID: nil, nonce: token)
        case .rateLimited:
            var page = message(language, path: path, heading: "limitedTitle", text: "limited", status: .tooManyRequests)
            page.headers[.retryAfter] = "3600"
            return page
        case .alreadyAnswered, .expired, .unknown:
            return message(language, path: path, heading: "unknownTitle", text: "unknown", status: .notFound)
        }
    }

    /// A keyed hash of the client's address (``ClientAddress``, the one rule for every per-address
    /// limit); the address itself is never stored.
    func addressKey(_ request: Request, context: SiangRequestContext) -> String {
        let address = services.limits.addresses.of(request, context: context)
        let mac = HMAC<SHA256>.authenticationCode(for: Data("survey-address|\(address)".utf8), using: services.formTokens.key)
        return Data(mac).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    @Sendable func servicePointPoster(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        guard let point = try point(context) else {
            return message(language, path: request.uri.path, heading: "unknownTitle", text: "unknown", status: .notFound)
        }
        var values = pages.base(language, path: "/survey/point/\(point.code)/poster")
        values["t"] = SurveyText.strings(language)
        values["pointName"] = point.label.text(language)
        values["unitName"] = point.unit
        values["code"] = point.code
        values["url"] = pointURL(point)
        return pages.render("survey-poster", values)
    }

    /// The QR code of the service point's survey link, as SVG (prints sharp at any size).
    @Sendable func servicePointQR(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let point = try point(context) else { throw APIError.notFound }
        let url = pointURL(point)
        let code: QRCode
        do { code = try QRCode.encode(url) } catch {
            throw APIError(.unprocessableContent, code: "link_too_long", message: "\(error)")
        }
        let svg = code.svg(border: 4, pixelsPerModule: 8, title: "\(point.label.th) — \(url)")
        return Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8", .cacheControl: "public, max-age=3600",
                                               .contentDisposition: "inline; filename=\"survey-\(point.code).svg\""],
                        body: .init(byteBuffer: ByteBuffer(string: svg)))
    }
}
