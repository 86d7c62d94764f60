import Hummingbird

/// Every route the server answers, recorded as it is registered, so a test can hold the OpenAPI
/// document to the truth: a JSON route added without documentation fails the build's tests.
public struct RouteBook: Sendable {
    public struct Entry: Sendable, Hashable {
        public var method: String
        public var path: String
    }
    public private(set) var entries: [Entry] = []

    mutating func get(_ path: String, on router: Router<SiangRequestContext>,
                      use handler: @Sendable @escaping (Request, SiangRequestContext) async throws -> Response) {
        entries.append(Entry(method: "GET", path: path))
        router.get(RouterPath(path), use: handler)
    }

    mutating func post(_ path: String, on router: Router<SiangRequestContext>,
                       use handler: @Sendable @escaping (Request, SiangRequestContext) async throws -> Response) {
        entries.append(Entry(method: "POST", path: path))
        router.post(RouterPath(path), use: handler)
    }

    mutating func patch(_ path: String, on router: Router<SiangRequestContext>,
                        use handler: @Sendable @escaping (Request, SiangRequestContext) async throws -> Response) {
        entries.append(Entry(method: "PATCH", path: path))
        router.patch(RouterPath(path), use: handler)
    }
}
