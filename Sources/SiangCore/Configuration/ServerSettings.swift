/// How the server tells who its clients are. Behind a reverse proxy every connection comes from the
/// proxy, so the client's address is read from `X-Forwarded-For`; but anyone can send that header,
/// so it is believed only from the proxies listed here (addresses or CIDR ranges, none by default).
public struct ServerSettings: Codable, Sendable {
    /// `["127.0.0.1", "10.0.0.0/8", "fd00::/8"]`; each entry is checked at start.
    public var trustedProxies: [String]

    public init(trustedProxies: [String] = []) {
        self.trustedProxies = trustedProxies
    }

    /// The parsed ranges; the configuration is validated at start, so a bad entry never gets here.
    public var trustedProxyNetworks: [IPNetwork] { trustedProxies.compactMap(IPNetwork.init) }

    func validate() throws(ConfigurationError) {
        for entry in trustedProxies where IPNetwork(entry) == nil {
            throw .invalid(key: "server.trustedProxies", reason: "\"\(entry.prefix(60))\" is not an IP address or a CIDR range such as 10.0.0.0/8")
        }
    }
}
