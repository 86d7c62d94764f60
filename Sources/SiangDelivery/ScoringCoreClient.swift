import Foundation
import SiangCore

/// Sends one scoring-core POST; ``CurlHTTPClient`` (libcurl) in production, a scripted stand-in in tests.
public protocol ScoringCoreTransport: Sendable {
    func post(url: String, headers: [String: String], body: Data) async throws(CurlError) -> ScoringCoreReply
}

/// What the scoring core answered, reduced to what the deliverer decides on. Its body is never read:
/// a service may echo what it was sent, and no document content goes into a log or the outbox's error.
public struct ScoringCoreReply: Sendable, Equatable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]

    public init(status: Int, headers: [String: String] = [:]) {
        self.status = status
        self.headers = headers
    }
}

extension CurlHTTPClient: ScoringCoreTransport {
    public func post(url: String, headers: [String: String], body: Data) async throws(CurlError) -> ScoringCoreReply {
        let r = try await send(method: "POST", url: url, headers: headers, body: body)
        return ScoringCoreReply(status: r.status, headers: r.headers)
    }
}

/// The agency's PMQA scoring core as Siang pushes to it (docs/scoring-core.md): `POST <scoringCore.url>`
/// with the document as `application/json`, `Authorization: Bearer <SIANG_SCORING_CORE_TOKEN>` and
/// `Idempotency-Key: <SHA-256 hex of the body>`, so a retry of a document the scoring core already took is
/// recognised there as the same document.
public struct ScoringCoreClient: Sendable {
    public let url: String
    let token: String
    let transport: any ScoringCoreTransport

    /// `caFile` (a PEM file) replaces the system's certificate authorities; verification stays on.
    public init(settings: ScoringCoreSettings, token: String) {
        self.init(url: settings.url, token: token,
                  transport: CurlHTTPClient(timeoutSeconds: settings.timeoutSeconds, caFile: settings.caFile.isEmpty ? nil : settings.caFile))
    }

    public init(url: String, token: String, transport: any ScoringCoreTransport) {
        self.url = url
        self.token = token
        self.transport = transport
    }

    public func push(_ document: Data, idempotencyKey: String) async throws(CurlError) -> ScoringCoreReply {
        try await transport.post(url: url, headers: [
            "Authorization": "Bearer \(token)",
            "Idempotency-Key": idempotencyKey,
            "Content-Type": "application/json",
            "Accept": "application/json",
        ], body: document)
    }
}
