import Foundation
import HTTPTypes
import Hummingbird
import LINE
import NIOCore
import SiangCore

/// `POST /webhooks/line`: the LINE Messaging API webhook (DESIGN.md 5.3, 5.6).
///
/// The raw body is checked against `x-line-signature` before anything reads it; a missing or wrong
/// signature is a 401 and nothing is stored. A signed body is stored as it came in the inbox, and the
/// 200 is sent only after that commit. The events are processed afterwards by the
/// ``LINEInboxProcessor`` (started with the server), so a crash between the answer and the
/// processing loses nothing and LINE is never kept waiting on our work.
struct LINEWebhookRoute {
    let services: SiangServices
    let signature: LINESignature?

    /// LINE's webhook bodies are small; a megabyte leaves room for a hundred events.
    static let maxBodyBytes = 1 << 20
    static let signatureHeader = HTTPField.Name(LINESignature.header)!
    /// Request headers kept with the raw body in the inbox.
    static let keptHeaders: [HTTPField.Name] = [signatureHeader, .contentType, .userAgent]

    /// Whether the missing configuration was logged: once per process, not once per request (a
    /// webhook left pointing at an unconfigured server otherwise fills the log, issue 11).
    let unconfiguredLogged = OnceFlag()

    init(services: SiangServices) {
        self.services = services
        signature = LINESignature(channelSecret: services.configuration.line.channelSecret)
    }

    func register(on router: Router<SiangRequestContext>, book: inout RouteBook) {
        book.post("/webhooks/line", on: router, use: receive)
    }

    @Sendable func receive(_ request: Request, context: SiangRequestContext) async throws -> Response {
        guard let signature else {
            if unconfiguredLogged.first() {
                context.logger.error("LINE webhook called but the channel is not configured (set line.channelSecret); answering 503 from now on without logging")
            }
            // Answered here rather than thrown, so the error middleware does not log each request.
            return APIError(.serviceUnavailable, code: "line_not_configured",
                            message: "The LINE channel is not configured (set line.channelSecret).",
                            th: "ยังไม่ได้ตั้งค่าช่องทาง LINE").jsonResponse()
        }
        let limit = Self.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw APIError.tooLarge(limit: limit) }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError { throw APIError.tooLarge(limit: limit) }
        let body = Data(buffer: buffer)
        guard signature.isValid(request.headers[Self.signatureHeader], body: body) else {
            throw APIError(.unauthorized, code: "bad_signature",
                           message: "The x-line-signature header does not sign this body with the channel secret.",
                           th: "ลายมือชื่อ x-line-signature ไม่ถูกต้อง")
        }
        var headers: [String: String] = [:]
        for name in Self.keptHeaders {
            if let value = request.headers[name] { headers[name.canonicalName] = value }
        }
        do {
            _ = try await services.store.enqueueInbox(source: LINEInboxProcessor.source, headers: headers, body: body, at: services.clock.now())
        } catch {
            // LINE redelivers what was not answered with a 2xx (when redelivery is on).
            throw APIError.unavailable(error.description)
        }
        return JSON.response(["status": "accepted"])
    }
}

