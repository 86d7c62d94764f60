import Hummingbird
import Logging
import NIOHTTP1
import SiangCore

/// Turns every error, including Hummingbird's own (unknown route, body too large), into the answer
/// format of the route: JSON `{"error":…}` for the API and webhooks, a Thai/English page for browsers.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = SiangRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPParserError {
            // A broken or cut-off request (a body closed by its deadline): Hummingbird answers 400 and
            // closes the connection itself; it is the client's doing, not a server failure to log.
            throw error
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                // The error's own text may quote input; log only its type.
                context.logger.error("request failed", metadata: ["error": "\(type(of: error))", "path": "\(request.uri.path)"])
            }
            var response = Self.wantsJSON(request) ? apiError.jsonResponse()
                : pages.errorPage(apiError, language: PageRenderer.language(of: request))
            // A body too large is refused before it is read: the connection is closed after the answer
            // (ConnectionDeadlines drains a bounded amount first) instead of waiting for the rest.
            if apiError.status == .contentTooLarge { response.headers[.connection] = "close" }
            // A 405 names the methods the path does have, as a page or as JSON (RFC 9110 15.5.6).
            if let allow = apiError.allow { response.headers[.allow] = allow }
            return response
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path.hasPrefix("/webhooks/") || path == "/healthz" { return true }
        let accept = request.headers[.accept] ?? ""
        return accept.contains("application/json") && !accept.contains("text/html")
    }
}
