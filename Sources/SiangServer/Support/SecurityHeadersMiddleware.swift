import Foundation
import HTTPTypes
import Hummingbird
import SiangCore

/// Puts the headers that protect a browser on every answer, not only on HTML pages (issue 11): a JSON
/// answer or an attachment that a browser sniffs as HTML, or a page framed by another site, is an
/// attack on the reader. HSTS is sent when the agency's public address is `https://`, so a browser that
/// has once reached the service never again tries it in clear (DESIGN.md 5.12).
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = SiangRequestContext
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let strictTransportSecurity = HTTPField.Name("Strict-Transport-Security")!
    /// One year, the value browsers' preload lists ask for.
    static let hstsValue = "max-age=31536000"

    let sendsHSTS: Bool

    init(configuration: SiangConfiguration) {
        sendsHSTS = URL(string: configuration.agency.publicBaseURL)?.scheme?.lowercased() == "https"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[Self.contentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        if sendsHSTS { response.headers[Self.strictTransportSecurity] = Self.hstsValue }
        return response
    }
}
