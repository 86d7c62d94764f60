import Foundation
import HTTPTypes
import Hummingbird
import SiangCore
import SiangPipeline
import SiangStore

/// The staff page that records what a person said when called back for the survey of a hotline or
/// telephone case (`/staff/callbacks/surveys/{trackingId}`), opened from the call-back list. The form
/// asks the questionnaire's questions as the web survey does (``SurveyForm``) on one page, reasons
/// included, and the answer goes through ``SurveyAnswers`` — the one validator of every survey answer,
/// so reasons are required for a 1 or 2 here as on the web. Only a case the staff member may open is
/// reachable; the contact seen and the answer entered are audited. Thai first, English with `?lang=en`.
extension StaffWorkspace {
    func registerSurveyCallBacks(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.get("/staff/callbacks/surveys/{trackingId}", page: true, on: router, use: surveyCallBackPage)
        book.post("/staff/callbacks/surveys/{trackingId}", page: true, on: router, use: recordSurveyCallBack)
    }

    /// A case's survey still to be taken by telephone, as the signed-in staff member reaches it.
    struct SurveyCallBack {
        let invitation: SurveyInvitation
        let definition: SurveyDefinition
        let partial: SurveyResponse?
    }

    @Sendable func surveyCallBackPage(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        let language = PageRenderer.language(of: request)
        guard me.viewer.seesCases else { return analystRefusal(me) }
        guard let callBack = try await surveyCallBack(context, me: me) else { return surveyCallBackNotFound(me, language) }
        let form = SurveyForm(definition: callBack.definition, settings: services.configuration.surveys, language: language)
        return try await surveyCallBackForm(me, form: form, callBack: callBack, response: SurveyResponse(), errors: [], status: .ok)
    }

    @Sendable func recordSurveyCallBack(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let me = try await sessions.current(request) else { return signInRedirect(request) }
        let language = PageRenderer.language(of: request)
        guard me.viewer.seesCases else { return analystRefusal(me) }
        guard let body = try await form(request, me: me) else { return csrfRefusal(me) }
        guard let callBack = try await surveyCallBack(context, me: me) else { return surveyCallBackNotFound(me, language) }
        let form = SurveyForm(definition: callBack.definition, settings: services.configuration.surveys, language: language)
        let response = form.response(from: body.fields)
        let now = services.clock.now()
        let answers = SurveyAnswers(store: store, configuration: services.configuration)
        switch try await answers.submit(token: callBack.invitation.token, response: response, via: "staff", at: now) {
        case .recorded(let dissatisfied):
            try await audit(me, "survey_answer_entered", callBack.invitation.trackingID)
            let query = "?surveyDone=\(dissatisfied ? "dissatisfied" : "recorded")" + (language == .en ? "&lang=en" : "")
            return Response(status: .seeOther, headers: [.location: "/staff/callbacks" + query])
        case .invalid(let problems):
            return try await surveyCallBackForm(me, form: form, callBack: callBack, response: response, errors: problems,
                                                status: .unprocessableContent)
        case .alreadyAnswered, .expired, .unknown, .rateLimited:
            return surveyCallBackNotFound(me, language)
        }
    }

    /// The open call-back survey of the case in the path, when the viewer may open the case.
    func surveyCallBack(_ context: SiangRequestContext, me: StaffSignedIn) async throws -> SurveyCallBack? {
        // The one reach rule of the staff pages: a case the viewer cannot open is not found here either.
        guard let id = parseID(try context.parameters.require("trackingId")),
              try await store.staffRecord(id, viewer: me.viewer) != nil else { return nil }
        let now = services.clock.now()
        let answers = SurveyAnswers(store: store, configuration: services.configuration)
        for invitation in try await store.surveyInvitations(of: id).reversed() where invitation.route == .callback {
            if case .open(let i, let definition, let partial) = try await answers.state(ofToken: invitation.token, at: now) {
                return SurveyCallBack(invitation: i, definition: definition, partial: partial)
            }
        }
        return nil
    }

    func surveyCallBackForm(_ me: StaffSignedIn, form: SurveyForm, callBack: SurveyCallBack, response: SurveyResponse,
                            errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let language = form.language
        let t = SurveyCallBackPageText.strings(language)
        let id = callBack.invitation.trackingID
        let path = "/staff/callbacks/surveys/\(id)"
        var values = base(me, title: t["title"]!, active: "callbacks")
        values["lang"] = language.rawValue
        values["t"] = t
        values["langQuery"] = language == .en ? "?lang=en" : ""
        values["otherLanguageURL"] = path + (language == .th ? "?lang=en" : "")
        values["action"] = path + (language == .en ? "?lang=en" : "")
        values["caseId"] = id.description
        values["caseHref"] = "/staff/cases/\(id)"
        values["surveyTitle"] = form.definition.title.text(language)
        // The page shows the person's name and number to call: the contact seen is audited.
        let contact = try await store.contact(of: id)
        try await audit(me, "view_survey_callback_contact", id)
        values["name"] = contact?.name ?? t["noName"]!
        values["phone"] = contact?.phone ?? ""
        let pageOne = form.pageOne(response, fixed: callBack.partial, errors: errors)
        let pageTwo = form.pageTwo(response, errors: errors)
        values["questions"] = pageOne["questions"]
        for key in ["reasons", "reasonsLabel", "reasonText", "reasonsError", "reasonTextError"] { values[key] = pageTwo[key] }
        values["errors"] = form.summary(errors)
        values["hasErrors"] = !errors.isEmpty
        return render("staff-survey-callback", values, status: status)
    }

    func surveyCallBackNotFound(_ me: StaffSignedIn, _ language: Language) -> Response {
        let t = SurveyCallBackPageText.strings(language)
        return refusal(me, status: .notFound, title: t["notFoundTitle"]!, message: t["notFound"]!)
    }
}

extension StaffWorkspace {
    /// The call-back list's second part: cases whose person is to be called for the survey, each
    /// with the link to its answer form; and the notice after an answer was recorded.
    func addSurveyCallBacks(to values: inout [String: Any], request: Request, me: StaffSignedIn) async throws {
        let invitations = try await store.surveyCallBacks(for: me.viewer, now: services.clock.now(), limit: 200)
        var items: [[String: Any]] = []
        for invitation in invitations {
            let contact = try await store.contact(of: invitation.trackingID)
            try await audit(me, "view_survey_callback_contact", invitation.trackingID)
            items.append(["id": invitation.trackingID.description, "href": "/staff/cases/\(invitation.trackingID)",
                          "formHref": "/staff/callbacks/surveys/\(invitation.trackingID)", "name": contact?.name ?? "ไม่ระบุชื่อ",
                          "phone": contact?.phone ?? "", "queue": text.queue(invitation.queue), "until": text.date(invitation.expiresAt)])
        }
        values["surveyItems"] = items
        values["hasSurveyItems"] = !items.isEmpty
        switch request.uri.queryParameters.get("surveyDone") {
        case "recorded": values["notice"] = "บันทึกคำตอบแบบสำรวจความพึงพอใจเรียบร้อยแล้ว"
        case "dissatisfied": values["notice"] = "บันทึกคำตอบแบบสำรวจความพึงพอใจเรียบร้อยแล้ว ผู้ร้องไม่พึงพอใจ ระบบส่งเรื่องให้หัวหน้างานแก้ไขปัญหาแล้ว"
        default: break
        }
    }
}
