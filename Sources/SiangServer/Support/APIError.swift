import Foundation
import HTTPTypes
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore
import SiangStore

/// An error answered to a client: one HTTP status, a stable machine code and a plain message, and
/// for validation failures the problem with each field. Rendered as
/// `{"error":{"code":…,"message":…,"fields":[…]}}` (DESIGN.md 5.3) by ``ErrorMiddleware``, or as an
/// HTML page for browser routes.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var messageTh: String
    public var fields: [FieldError]
    /// Seconds the client should wait before trying again (`Retry-After`), for 429 and 503.
    public var retryAfter: Int?
    /// The methods the path does have (`Allow`), for 405.
    public var allow: String?

    public init(_ status: HTTPResponse.Status, code: String, message: String, th: String? = nil, fields: [FieldError] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.messageTh = th ?? message
        self.fields = fields
    }

    public static func badRequest(_ message: String, th: String? = nil) -> APIError {
        APIError(.badRequest, code: "bad_request", message: message, th: th)
    }
    public static func invalid(_ fields: [FieldError]) -> APIError {
        APIError(.unprocessableContent, code: "invalid", message: "The request has errors; see fields.",
                 th: "ข้อมูลที่ส่งมาไม่ถูกต้อง กรุณาตรวจสอบ", fields: fields)
    }
    /// A path the server has, asked with a method it does not have (``MethodNotAllowedMiddleware``).
    public static func methodNotAllowed(allow: String) -> APIError {
        var error = APIError(.methodNotAllowed, code: "method_not_allowed", message: "This address takes \(allow) only.",
                             th: "ที่อยู่นี้รับคำขอแบบ \(allow) เท่านั้น")
        error.allow = allow
        return error
    }
    public static let notFound = APIError(.notFound, code: "not_found", message: "Not found.", th: "ไม่พบหน้าที่ต้องการ")
    public static func tooLarge(limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "too_large", message: "The request is larger than \(limit) bytes.",
                 th: "ข้อมูลที่ส่งมีขนาดเกิน \(limit / 1_048_576 > 0 ? "\(limit / 1_048_576) MB" : "\(limit) ไบต์")")
    }
    public static let unauthorized = APIError(.unauthorized, code: "unauthorized", message: "A valid staff bearer token is required.",
                                              th: "ต้องใช้โทเคนของเจ้าหน้าที่ที่ถูกต้อง")
    public static func unavailable(_ why: String) -> APIError {
        APIError(.serviceUnavailable, code: "unavailable", message: "The service cannot store the request right now; please try again.",
                 th: "ระบบไม่สามารถบันทึกเรื่องได้ในขณะนี้ กรุณาลองใหม่อีกครั้ง")
    }

    /// 503 for a store that cannot answer right now, whatever the request was.
    public static var busy: APIError {
        var error = APIError(.serviceUnavailable, code: "unavailable", message: "The service is busy right now; please try again in a moment.",
                             th: "ระบบไม่ว่างชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่")
        error.retryAfter = 1
        return error
    }

    /// Maps any error to what the client is told; internal details never leave the server.
    public static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case is NIOTooManyBytesError: return APIError(.contentTooLarge, code: "too_large", message: "The request body is too large.", th: "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด")
        case let e as HTTPError where e.status == .notFound: return .notFound
        case let e as HTTPError where e.status == .contentTooLarge: return APIError(.contentTooLarge, code: "too_large", message: "The request body is too large.", th: "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด")
        case let e as HTTPError where e.status == .methodNotAllowed: return APIError(.methodNotAllowed, code: "method_not_allowed", message: "This method is not allowed here.")
        case let e as HTTPError where e.status.code < 500:
            return APIError(e.status, code: e.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_"), message: e.body ?? e.status.reasonPhrase)
        case StoreError.unavailable:
            // The store cannot answer now (PostgreSQL unreachable, or its retries of conflicting writes
            // spent under load): a client or load balancer should try again, so 503, never 500.
            return .busy
        default:
            return APIError(.internalServerError, code: "internal", message: "Something went wrong on our side; the problem has been logged.",
                            th: "ระบบขัดข้อง เจ้าหน้าที่ได้รับแจ้งปัญหาแล้ว")
        }
    }

    struct Body: Encodable {
        struct Inner: Encodable {
            var code: String
            var message: String
            var fields: [FieldError]?
        }
        var error: Inner
    }

    func jsonResponse() -> Response {
        let body = Body(error: .init(code: code, message: message, fields: fields.isEmpty ? nil : fields))
        var response = JSON.response(body, status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
