import HTTPTypes
import Hummingbird
import NIOCore

/// Answers a request for a path the server has, made with a method the path does not have, with
/// 405 Method Not Allowed and an `Allow` header naming the methods it does have (RFC 9110 15.5.6),
/// where Hummingbird's router says only 404. One piece for every route: it reads the ``RouteBook``,
/// so a route registered through the book (any module's) is covered without knowing of this.
///
/// Added to the router after every route, so it wraps only the router's not-found answer: a request
/// that found its route never passes through it, and a handler's own 404 (an unknown tracking ID)
/// stays a 404.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = SiangRequestContext

    /// A router of its own over the same paths, each answering 405 with the methods registered on it:
    /// a path is matched exactly as the application's router matches it (parameters, wildcards, and
    /// which of two matching routes wins), by the same code.
    private let methodsOfPath: RouterResponder<Context>

    init(routes: RouteBook) {
        var methodsByPath: [String: Set<HTTPRequest.Method>] = [:]
        for entry in routes.entries {
            guard let method = HTTPRequest.Method(entry.method) else { continue }
            // The router's own spelling of the path, so `/a/{id}` and `/a/{id}/` are one route.
            methodsByPath[RouterPath(entry.path).description, default: []].insert(method)
        }
        let router = Router(context: Context.self)
        for (path, methods) in methodsByPath {
            let allow = Self.allowHeader(for: methods)
            router.on(RouterPath(path), method: Self.probeMethod) { _, _ in
                Response(status: .methodNotAllowed, headers: [.allow: allow])
            }
        }
        methodsOfPath = router.buildResponder()
    }

    /// The method every path of the probing router is registered under, whatever the request's was.
    private static let probeMethod = HTTPRequest.Method.get

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var head = request.head
        head.method = Self.probeMethod
        let probe = try await methodsOfPath.respond(to: Request(head: head, body: RequestBody(buffer: ByteBuffer())), context: context)
        guard probe.status == .methodNotAllowed, let allow = probe.headers[.allow] else {
            return try await next(request, context)
        }
        throw APIError.methodNotAllowed(allow: allow)
    }

    /// The methods in the order people read them (GET and its HEAD first), then any other by name.
    static func allowHeader(for methods: Set<HTTPRequest.Method>) -> String {
        var methods = methods
        // The router answers HEAD on every GET route (`.autoGenerateHeadEndpoints`).
        if methods.contains(.get) { methods.insert(.head) }
        let usual: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
        let others = methods.subtracting(usual).map(\.rawValue).sorted()
        return (usual.filter(methods.contains).map(\.rawValue) + others).joined(separator: ", ")
    }
}
