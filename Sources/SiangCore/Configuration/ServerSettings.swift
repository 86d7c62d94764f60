/// How the HTTP server treats its clients: who they are, how long it waits for a slow or silent one, and
/// how many it holds at once.
///
/// Behind a reverse proxy every connection comes from the proxy, so the client's address is read from
/// `X-Forwarded-For`; but anyone can send that header, so it is believed only from the proxies listed
/// here (addresses or CIDR ranges, none by default). Every open connection costs the process a file
/// descriptor; without the timeouts and the cap a few hundred clients that send nothing, half a request
/// line or half a body starve it of descriptors and it stops answering everyone, `/healthz` included
/// (issue 11, finding 2).
public struct ServerSettings: Codable, Sendable {
    /// `["127.0.0.1", "10.0.0.0/8", "fd00::/8"]`; each entry is checked at start.
    public var trustedProxies: [String]
    /// A kept-alive (or new) connection that has not started its next request within this time is closed.
    public var idleTimeoutSeconds: Double
    /// Once the first byte of a request has arrived, its request line and headers must be complete
    /// within this time (a "slowloris" client trickles them).
    public var headerTimeoutSeconds: Double
    /// Once the headers are in, the whole body must arrive within this time; 120 s carries the largest
    /// web form (26 MiB) at about 1.8 Mbit/s.
    public var bodyTimeoutSeconds: Double
    /// Connections held at once; one more is answered 503 and closed. The server lowers it at start
    /// when the process's file limit could not hold this many and still open its files.
    public var maxConnections: Int

    public init(trustedProxies: [String] = [], idleTimeoutSeconds: Double = 60, headerTimeoutSeconds: Double = 10,
                bodyTimeoutSeconds: Double = 120, maxConnections: Int = 4096) {
        self.trustedProxies = trustedProxies
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.headerTimeoutSeconds = headerTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.maxConnections = maxConnections
    }

    /// The parsed ranges; the configuration is validated at start, so a bad entry never gets here.
    public var trustedProxyNetworks: [IPNetwork] { trustedProxies.compactMap(IPNetwork.init) }

    func validate() throws(ConfigurationError) {
        for entry in trustedProxies where IPNetwork(entry) == nil {
            throw .invalid(key: "server.trustedProxies", reason: "\"\(entry.prefix(60))\" is not an IP address or a CIDR range such as 10.0.0.0/8")
        }
        for (key, value) in [("idleTimeoutSeconds", idleTimeoutSeconds), ("headerTimeoutSeconds", headerTimeoutSeconds),
                             ("bodyTimeoutSeconds", bodyTimeoutSeconds)] where !(value > 0 && value <= 86_400) {
            throw .invalid(key: "server.\(key)", reason: "must be a number of seconds above 0 and at most 86400")
        }
        guard maxConnections >= 1 else {
            throw .invalid(key: "server.maxConnections", reason: "must be a whole number, at least 1")
        }
    }
}

/// Who may read `GET /metrics`. Request counts by route and status tell an outsider how the agency
/// works and where it is busy, so they are for the machine itself and for a scraper that knows the token.
public struct MetricsSettings: Codable, Sendable {
    /// Empty: only clients on the loopback address (not through a proxy) may read the metrics. Set:
    /// any client that sends `Authorization: Bearer <token>` may, too.
    public var token: String
}
