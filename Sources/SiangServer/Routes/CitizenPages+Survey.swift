import Foundation
import Hummingbird
import SiangCore
import SiangStore

/// The tracking page's survey link, shown only to the person who filed the case (``CaseOwnerProof``):
/// the browser that filed it, or whoever gives the last four digits of the case's phone.
extension CitizenPages {
    var ownerProof: CaseOwnerProof { CaseOwnerProof(key: services.formTokens.key) }
    var secureCookies: Bool { services.configuration.agency.publicBaseURL.lowercased().hasPrefix("https:") }

    /// Whether the phone question can be asked (a case without a phone has only its channel's link).
    func caseHasPhone(_ id: TrackingID) async -> Bool {
        guard let phone = try? await services.store.contact(of: id)?.phone else { return false }
        return phone.unicodeScalars.filter { ("0"..."9").contains($0) }.count >= 4
    }

    /// `POST /track/{id}/survey` `phoneLast4=NNNN`: the right digits set the case's cookie and lead to
    /// the survey; wrong ones show the tracking page again with the error. Each try is a lookup, and a
    /// wrong one a miss, against the client's limits, so the four digits cannot be walked through.
    @Sendable func proveOwnership(_ request: Request, context: SiangRequestContext) async throws -> Response {
        let language = PageRenderer.language(of: request)
        let raw = try context.parameters.require("trackingId").removingPercentEncoding ?? ""
        let form = try await FormBody.read(request, limit: 4 * 1024)
        guard let found = try await ComplaintAPI.limitedLookup(raw, request: request, context: context, services: services) else {
            throw APIError.notFound
        }
        let id = found.view.trackingID
        guard let link = await SurveyRoutes.trackingPageSurveyLink(services: services, trackingID: id, language: language) else {
            return Response(status: .seeOther, headers: [.location: "/track/\(id)\(language == .en ? "?lang=en" : "")"])
        }
        let phone = try await services.store.contact(of: id)?.phone
        guard CaseOwnerProof.lastFourDigitsMatch(phone: phone, answer: form.fields["phoneLast4"] ?? "") else {
            await services.limits.recordMiss(request, context: context)
            return await trackPage(request, found, language: language,
                                   surveyPhoneError: PageText.strings(language)["surveyPhoneWrong"], status: .unprocessableContent)
        }
        var response = Response(status: .seeOther, headers: [.location: link])
        response.setCookie(ownerProof.cookie(for: id, secure: secureCookies))
        return response
    }
}
