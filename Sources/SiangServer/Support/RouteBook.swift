import Hummingbird

/// Every route the server answers, recorded as it is registered, so a test can hold the OpenAPI
/// document to the truth: a JSON route added without documentation fails the build's tests.
public struct RouteBook: Sendable {
    public struct Entry: Sendable, Hashable {
        public var method: String
        public var path: String
        /// HTML pages and static assets are for browsers and stay out of the OpenAPI document;
        /// everything else must be in it.
        public var isPage: Bool
    }
    public private(set) var entries: [Entry] = []

    mutating func get(_ path: String, page: Bool = false, on router: Router<SiangRequestContext>,
                      use handler: @Sendable @escaping (Request, SiangRequestContext) async throws -> Response) {
        entries.append(Entry(method: "GET", path: path, isPage: page))
        router.get(RouterPath(path), use: handler)
    }

    mutating func post(_ path: String, page: Bool = false, on router: Router<SiangRequestContext>,
                       use handler: @Sendable @escaping (Request, SiangRequestContext) async throws -> Response) {
        entries.append(Entry(method: "POST", path: path, isPage: page))
        router.post(RouterPath(path), use: handler)
    }

    mutating func put(_ path: String, page: Bool = false, on router: Router<SiangRequestContext>,
                      use handler: @Sendable @escaping (Request, SiangRequestContext) async throws -> Response) {
        entries.append(Entry(method: "PUT", path: path, isPage: page))
        router.put(RouterPath(path), use: handler)
    }

    mutating func patch(_ path: String, page: Bool = false, on router: Router<SiangRequestContext>,
                        use handler: @Sendable @escaping (Request, SiangRequestContext) async throws -> Response) {
        entries.append(Entry(method: "PATCH", path: path, isPage: page))
        router.patch(RouterPath(path), use: handler)
    }
}
