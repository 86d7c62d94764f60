import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Mustache
import SiangCore

/// Renders the citizen pages from the Mustache templates bundled with the server, in Thai by
/// default and English with `?lang=en`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let configuration: SiangConfiguration

    init(configuration: SiangConfiguration) async throws {
        guard let dir = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        library = try await MustacheLibrary(directory: dir.path)
        self.configuration = configuration
    }

    static func language(of request: Request) -> Language {
        request.uri.queryParameters.get("lang") == "en" ? .en : .th
    }

    /// The values every page needs: language, texts, agency name, the link to the other language.
    func base(_ language: Language, path: String) -> [String: Any] {
        [
            "lang": language.rawValue,
            "t": PageText.strings(language),
            "agencyName": language == .th ? configuration.agency.nameTh : configuration.agency.nameEn,
            "langQuery": language == .en ? "?lang=en" : "",
            "langHidden": language == .en,
            "otherLanguageURL": language == .th ? "\(path)?lang=en" : path,
            "otherLanguageLabel": language == .th ? "English" : "ภาษาไทย",
            "otherLanguageCode": language == .th ? "en" : "th",
        ]
    }

    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(values, withTemplate: template) ?? "<!doctype html><title>Siang</title><p>Template \(template) is missing.</p>"
        return Response(status: status, headers: [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func errorPage(_ error: APIError, language: Language) -> Response {
        var values = base(language, path: "/")
        values["title"] = language == .th ? "เกิดข้อผิดพลาด" : "Something went wrong"
        values["message"] = language == .th ? error.messageTh : error.message
        values["status"] = error.status.code
        var response = render("error", values, status: error.status)
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
