import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore

/// Decides who may read `GET /metrics`: a client on this machine that did not come through a proxy,
/// or anyone with `metrics.token` as a bearer token. Everyone else is told the page does not exist.
///
/// A reverse proxy on the same machine connects from loopback on behalf of the whole internet, so a
/// request that carries a forwarding header is not taken as local, whatever its peer.
struct MetricsAccess: Sendable {
    static let forwardingHeaders: [HTTPField.Name] = ["X-Forwarded-For", "Forwarded", "X-Real-IP"].compactMap { HTTPField.Name($0) }
    let token: String

    init(settings: MetricsSettings) {
        token = settings.token
    }

    func allows(_ request: Request, peer: SocketAddress?) -> Bool {
        if !token.isEmpty, let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            // Digests compare in constant time, so the answer's timing says nothing about the token.
            return SHA256.hash(data: Data(header.dropFirst("Bearer ".count).utf8)) == SHA256.hash(data: Data(token.utf8))
        }
        guard !Self.forwardingHeaders.contains(where: { request.headers[$0] != nil }) else { return false }
        return Self.isLoopback(peer?.ipAddress)
    }

    static func isLoopback(_ ip: String?) -> Bool {
        guard let ip else { return false }
        return ip == "::1" || ip.hasPrefix("127.") || ip.hasPrefix("::ffff:127.")
    }
}
