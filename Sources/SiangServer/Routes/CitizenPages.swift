import Foundation
import Hummingbird
import SiangCore
import SiangStore
import WebForm

/// The public pages (DESIGN.md 5.3): the complaint form, its submission, and the tracking pages.
/// They work without JavaScript; every state is a full page.
struct CitizenPages {
    let services: SiangServices
    let api: ComplaintAPI
    var pages: PageRenderer { services.pages }

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/", page: true, on: router, use: home)
        book.post("/complaints", page: true, on: router, use: submit)
        book.get("/track", page: true, on: router, use: trackLookup)
        book.get("/track/{trackingId}", page: true, on: router, use: track)
        book.post("/track/{trackingId}/survey", page: true, on: router, use: proveOwnership)
    }

    @Sendable func home(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        return formPage(request: request, language: language, fields: [:], errors: [], status: .ok)
    }

    /// Renders the form with a fresh nonce bound to the browser's cookie (set here when missing).
    func formPage(request: Request, language: Language, fields: [String: String], errors: [FieldError], status: HTTPResponse.Status) -> Response {
        let existingCookie = request.cookies[FormTokens.cookieName]?.value
        let cookie = existingCookie ?? FormTokens.newCookieValue()
        var values = pages.base(language, path: "/")
        values["title"] = PageText.strings(language)["homeTitle"]
        values["nonce"] = services.formTokens.issue(cookie: cookie)
        let selectedKind = fields["kind"] ?? Kind.complaint.rawValue
        values["kinds"] = Kind.allCases.map { ["value": $0.rawValue, "label": $0.label.text(language), "checked": $0.rawValue == selectedKind] }
        let selectedCategory = fields["category"] ?? WebIntake.unsureCategory
        // Every category, corruption included: citizens must be able to report it; only staff views are restricted.
        values["categories"] = services.configuration.taxonomy.categories.map {
            ["value": $0.code, "label": $0.label.text(language), "selected": $0.code == selectedCategory]
        }
        values["categoryUnsureSelected"] = selectedCategory == WebIntake.unsureCategory
        values["segments"] = Segment.allCases.map { ["value": $0.rawValue, "label": $0.label.text(language), "selected": $0.rawValue == fields["segment"]] }
        for key in ["subject", "text", "address", "lat", "lon", "name", "phone", "email"] { values["v_\(key)"] = fields[key] ?? "" }
        values["consentChecked"] = fields["consent"] != nil
        if !errors.isEmpty {
            values["errors"] = errors.map { ["field": Self.inputID(for: $0.field), "message": $0.message(language)] }
            values["hasErrors"] = true
            var byField: [String: String] = [:]
            for e in errors { byField[Self.inputID(for: e.field), default: ""] += e.message(language) + " " }
            values["fieldErrors"] = byField
        }
        var response = pages.render("home", values, status: status)
        if existingCookie == nil {
            let secure = services.configuration.agency.publicBaseURL.hasPrefix("https:")
            response.setCookie(Cookie(name: FormTokens.cookieName, value: cookie, path: "/", secure: secure, httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// Maps a field path to the form control that shows it.
    static func inputID(for field: String) -> String {
        switch field {
        case "contact.name": "name"
        case "contact.phone": "phone"
        case "contact.email": "email"
        case "location.address": "address"
        case "location.lat", "location": "lat"
        case "location.lon": "lon"
        default: field
        }
    }

    @Sendable func submit(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = Language(rawValue: request.uri.queryParameters.get("lang") ?? "") ?? .th
        let limits = services.configuration.limits
        let form = try await FormBody.read(request, limit: limits.maxFormBytes)
        let lang = Language(rawValue: form.fields["lang"] ?? "") ?? language
        do { try await services.limits.admit(.intake, request, context: context) } catch {
            // The page comes back with what was typed (files must be chosen again) and the wait.
            let problem = FieldError("text", .invalid, th: error.messageTh, en: error.message)
            var page = formPage(request: request, language: lang, fields: form.fields, errors: [problem], status: .tooManyRequests)
            page.headers[.retryAfter] = error.retryAfter.map(String.init)
            return page
        }
        guard let token = form.fields["nonce"],
              let nonce = services.formTokens.verify(token, cookie: request.cookies[FormTokens.cookieName]?.value) else {
            let expired = FieldError("nonce", .invalid, th: "แบบฟอร์มหมดอายุหรือไม่ได้ส่งจากหน้านี้ กรุณาตรวจสอบข้อมูลแล้วกดส่งอีกครั้ง",
                                     en: "The form expired or did not come from this page. Please check and send it again.")
            return formPage(request: request, language: lang, fields: form.fields, errors: [expired], status: .forbidden)
        }
        var problems: [FieldError] = []
        var refs: [AttachmentRef] = []
        if form.files.count > limits.maxAttachments {
            problems.append(.init("attachments", .tooMany, th: "แนบไฟล์ได้ไม่เกิน \(limits.maxAttachments) ไฟล์", en: "At most \(limits.maxAttachments) files."))
        } else {
            for file in form.files {
                if file.bytes.count > limits.maxAttachmentBytes {
                    problems.append(.init("attachments", .tooLarge, th: "ไฟล์ \(file.filename) มีขนาดเกิน 5 MB", en: "\(file.filename) is larger than 5 MB."))
                } else if let type = AttachmentStore.FileType.sniff(file.bytes) {
                    do { refs.append(try services.attachments.store(file.bytes, filename: file.filename, type: type)) } catch {
                        throw APIError.unavailable("attachment store")
                    }
                } else {
                    problems.append(.init("attachments", .unsupportedType, th: "ไฟล์ \(file.filename) ไม่ใช่รูปภาพหรือ PDF", en: "\(file.filename) is not a photo or PDF."))
                }
            }
        }
        let translation = ComplaintForm(fields: form.fields, attachments: refs).translate(nonce: nonce, now: services.clock.now())
        problems = ComplaintAPI.merge(translation.problems + problems, services.pipeline.problems(in: translation.intake))
        if problems.isEmpty {
            do {
                let outcome = try await api.submit(translation.intake)
                let receipt: CaseReceipt
                switch outcome { case .created(let r), .existing(let r): receipt = r }
                let query = lang == .en ? "?lang=en&created=1" : "?created=1"
                var response = Response(status: .seeOther, headers: [.location: "/track/\(receipt.trackingId)\(query)"])
                // This browser filed the case: it may open the case's survey from the tracking page later.
                response.setCookie(ownerProof.cookie(for: receipt.trackingId, secure: secureCookies))
                return response
            } catch let error as APIError where error.status == .unprocessableContent {
                problems = error.fields.isEmpty ? [FieldError("text", .invalid, th: error.messageTh, en: error.message)] : error.fields
            }
        }
        return formPage(request: request, language: lang, fields: form.fields, errors: problems, status: .unprocessableContent)
    }

    /// `/track?id=`: the lookup form, or a redirect to the canonical form of a valid ID. What was
    /// sent is never echoed nor redirected to; an ID that does not parse is a miss against the limits.
    @Sendable func trackLookup(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        var values = pages.base(language, path: "/track")
        values["title"] = PageText.strings(language)["trackTitle"]
        // A GET form sends spaces as "+"; people type IDs with spaces.
        if let raw = request.uri.queryParameters.get("id")?.replacingOccurrences(of: "+", with: " "),
           !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            try await services.limits.admit(.lookup, request, context: context)
            do {
                let id = try ComplaintAPI.parse(raw, prefix: services.configuration.trackingPrefix)
                return Response(status: .seeOther, headers: [.location: "/track/\(id)\(language == .en ? "?lang=en" : "")"])
            } catch {
                await services.limits.recordMiss(request, context: context)
                values["lookupError"] = language == .th ? error.messageTh : error.message
                return pages.render("track-lookup", values, status: error.status)
            }
        }
        return pages.render("track-lookup", values)
    }

    @Sendable func track(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        let raw = ComplaintAPI.percentDecoded(try context.parameters.require("trackingId"))
        var values = pages.base(language, path: "/track/\(raw)")
        values["v_id"] = raw
        values["title"] = PageText.strings(language)["trackTitle"]
        let found: TrackingLookup?
        do {
            found = try await ComplaintAPI.limitedLookup(raw, request: request, context: context, services: services)
        } catch let error as APIError where error.status == .badRequest {
            values["lookupError"] = language == .th ? error.messageTh : error.message
            return pages.render("track-lookup", values, status: error.status)
        }
        guard let found else {
            values["lookupError"] = PageText.strings(language)["notFound"]
            return pages.render("track-lookup", values, status: .notFound)
        }
        if found.view.trackingID.description != raw {
            return Response(status: .movedPermanently, headers: [.location: "/track/\(found.view.trackingID)\(language == .en ? "?lang=en" : "")"])
        }
        TrackingLookupCounter.count(.page, services: services)
        return await trackPage(request, found, language: language)
    }

    /// The tracking page of a found case; `surveyPhoneError` after a wrong answer to the phone question.
    func trackPage(_ request: Request, _ found: TrackingLookup, language: Language,
                   surveyPhoneError: String? = nil, status: HTTPResponse.Status = .ok) async -> Response {
        let view = found.view
        var values = pages.base(language, path: "/track/\(view.trackingID)")
        values["title"] = PageText.strings(language)["caseTitle"]
        values["created"] = request.uri.queryParameters.get("created") == "1"
        values["trackingId"] = view.trackingID.description
        values["statusCode"] = view.status.rawValue
        values["statusLabel"] = view.status.label.text(language)
        values["kindLabel"] = view.kind.label.text(language)
        values["categoryLabel"] = view.category.flatMap { services.configuration.taxonomy.category($0)?.label.text(language) } ?? ""
        values["receivedAt"] = ThaiDateFormatter.dateTime(view.receivedAt, language)
        values["updatedAt"] = ThaiDateFormatter.dateTime(view.updatedAt, language)
        if let due = found.sla?.resolutionDueAt, view.status.isOpen { values["dueAt"] = ThaiDateFormatter.dateTime(due, language) }
        if let link = await SurveyRoutes.trackingPageSurveyLink(services: services, trackingID: view.trackingID, language: language) {
            if ownerProof.holds(request, for: view.trackingID) {
                values["surveyURL"] = link
            } else {
                values["surveyLocked"] = true
                values["surveyPhoneForm"] = await caseHasPhone(view.trackingID)
                values["surveyPhoneError"] = surveyPhoneError
            }
        }
        values["timeline"] = view.timeline.reversed().map { entry -> [String: Any] in
            var item: [String: Any] = ["label": entry.status.label.text(language), "at": ThaiDateFormatter.dateTime(entry.at, language),
                                       "iso": ISO8601.format(entry.at)]
            if let note = entry.note, !note.isEmpty { item["note"] = note }
            return item
        }
        return pages.render("track", values, status: status)
    }
}
