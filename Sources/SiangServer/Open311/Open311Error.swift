import HTTPTypes
import Hummingbird
import NIOCore

/// An error as GeoReport v2 answers it: a list of `{"code", "description"}` (XML `<errors><error>`),
/// with the HTTP status as the code: 400 for a request that cannot be taken (an unknown
/// `service_code`, a bad date), 403 for a missing or revoked `api_key`, 404 for an unknown service or
/// request. The descriptions are English, as the clients that read them are.
struct Open311Error: Error, Sendable {
    var status: HTTPResponse.Status
    var descriptions: [String]
    /// Seconds to wait (`Retry-After`) when the key or address has used up its allowance.
    var retryAfter: Int?

    init(_ status: HTTPResponse.Status, _ descriptions: String...) {
        self.init(status, descriptions)
    }

    init(_ status: HTTPResponse.Status, _ descriptions: [String]) {
        self.status = status
        self.descriptions = descriptions
    }

    static func badRequest(_ description: String) -> Open311Error { Open311Error(.badRequest, description) }
    static func notFound(_ description: String) -> Open311Error { Open311Error(.notFound, description) }
    static let keyRequired = Open311Error(.forbidden, "api_key is required; ask the agency's administrator for one.")
    static let keyRefused = Open311Error(.forbidden, "api_key is not valid or has been revoked.")

    /// Any other error of the server (a 429, a 503, a body too large), kept with its status and told
    /// in this format; internal details never leave the server (``APIError/from(_:)``).
    init(_ error: any Error) {
        if let error = error as? Open311Error {
            self = error
            return
        }
        let api = APIError.from(error)
        status = api.status
        descriptions = api.fields.isEmpty ? [api.message] : api.fields.map { "\($0.field): \($0.message)" }
        retryAfter = api.retryAfter
    }

    var node: Open311Node {
        .list(item: "error", descriptions.map { .object([("code", .integer(status.code)), ("description", .text($0))]) })
    }

    func response(_ format: Open311Format) -> Response {
        var headers: HTTPFields = [.contentType: format.contentType, .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: format.render(node, root: "errors"))))
    }
}
