import HTTPTypes
import Hummingbird
import NIOCore
import SiangCore

/// The one place the server decides which address a request comes from, for every per-address rule
/// (sign-in throttle, survey limits, intake and lookup limits). The connected peer is the client,
/// unless it is one of `server.trustedProxies`: then `X-Forwarded-For` is read from the right, each
/// trusted hop skipped, and the first address no trusted proxy vouches for is the client. Anything a
/// client writes to the left of that is ignored, so changing the header changes nothing.
public struct ClientAddress: Sendable {
    let trustedProxies: [IPNetwork]

    public init(trustedProxies: [IPNetwork]) {
        self.trustedProxies = trustedProxies
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// The request's client address in canonical form; `unknown` when the peer has no IP address.
    public func of(_ request: Request, context: SiangRequestContext) -> String {
        let peer = context.remoteAddress?.ipAddress
        // The common case, no proxy configured, reads no header at all.
        if trustedProxies.isEmpty { return peer ?? "unknown" }
        return resolve(peer: peer, forwardedFor: request.headers[values: Self.forwardedFor])
    }

    /// The client behind `peer`, given the `X-Forwarded-For` header lines in the order received.
    public func resolve(peer: String?, forwardedFor: [String]) -> String {
        guard let peer, var hop = IPNetwork.parse(peer) else { return peer ?? "unknown" }
        guard isTrusted(hop) else { return IPNetwork.format(hop) }
        let entries = forwardedFor.flatMap { $0.split(separator: ",") }
        for entry in entries.reversed() {
            // A trusted proxy writes an address; text that is none was written by someone else, and
            // the last proxy's own peer is the best we know.
            guard let address = IPNetwork.parse(entry.trimmingCharacters(in: .whitespaces)) else { break }
            hop = address
            if !isTrusted(address) { break }
        }
        return IPNetwork.format(hop)
    }

    func isTrusted(_ address: [UInt8]) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }

    /// What limits are counted against: the address itself for IPv4, its /64 network for IPv6
    /// (one subscriber holds a whole /64, so single IPv6 addresses are free to change).
    static func limitKey(_ address: String) -> String {
        guard address.utf8.contains(UInt8(ascii: ":")), let bytes = IPNetwork.parse(address), bytes.count == 16 else { return address }
        return IPNetwork.format(Array(bytes[0..<8]) + [UInt8](repeating: 0, count: 8)) + "/64"
    }
}
