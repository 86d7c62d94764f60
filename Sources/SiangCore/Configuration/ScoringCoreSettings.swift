import Foundation

/// Where the PMQA scoring-core export is pushed (DESIGN.md 5.9, docs/scoring-core.md): the agency's
/// scoring core, over HTTPS, with a bearer token that is read only from the environment
/// (`SIANG_SCORING_CORE_TOKEN`), never from a file someone may commit.
///
/// Checked as it is read, so a mistyped address stops the start with the key named: the address must be
/// `https://`, or `http://` to a loopback address (a test stand-in or a relay on the same machine); a
/// `token` key in the file is refused with where the token belongs.
public struct ScoringCoreSettings: Codable, Sendable, Equatable {
    /// Empty: no export is pushed (the CLI can still write one to a file).
    public var url: String
    /// How long one POST may take, connection included.
    public var timeoutSeconds: Int
    /// Whether `siang serve` enqueues the monthly export when ``url`` is set.
    public var schedule: Bool
    /// The agency's code at the scoring core (written into the document's `agency.code`); empty: null.
    public var agencyCode: String
    /// A PEM file of certificate authorities to trust for ``url`` instead of the system's (a test's
    /// self-signed stand-in, an agency's own CA). Verification is never turned off.
    public var caFile: String

    /// The environment variable the bearer token is read from.
    public static let tokenVariable = "SIANG_SCORING_CORE_TOKEN"

    public init(url: String = "", timeoutSeconds: Int = 30, schedule: Bool = true, agencyCode: String = "", caFile: String = "") {
        self.url = url
        self.timeoutSeconds = timeoutSeconds
        self.schedule = schedule
        self.agencyCode = agencyCode
        self.caFile = caFile
    }

    /// The bearer token from the environment; nil when unset or blank.
    public static func token(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let token = environment[tokenVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else { return nil }
        return token
    }

    enum CodingKeys: String, CodingKey { case url, timeoutSeconds, schedule, agencyCode, caFile, token }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.token) {
            throw DecodingError.dataCorruptedError(forKey: .token, in: c, debugDescription:
                "the scoring-core token is read only from the environment variable \(Self.tokenVariable); remove it from the file")
        }
        self.init(url: try c.decodeIfPresent(String.self, forKey: .url) ?? "",
                  timeoutSeconds: try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? 30,
                  schedule: try c.decodeIfPresent(Bool.self, forKey: .schedule) ?? true,
                  agencyCode: try c.decodeIfPresent(String.self, forKey: .agencyCode) ?? "",
                  caFile: try c.decodeIfPresent(String.self, forKey: .caFile) ?? "")
        if let problem = Self.problem(withURL: url) {
            throw DecodingError.dataCorruptedError(forKey: .url, in: c, debugDescription: problem)
        }
        guard (1...600).contains(timeoutSeconds) else {
            throw DecodingError.dataCorruptedError(forKey: .timeoutSeconds, in: c, debugDescription: "must be 1 to 600 seconds")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encode(timeoutSeconds, forKey: .timeoutSeconds)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(agencyCode, forKey: .agencyCode)
        try c.encode(caFile, forKey: .caFile)
    }

    /// Why `url` cannot be pushed to, in words an operator can act on; nil when it can (or is empty).
    public static func problem(withURL url: String) -> String? {
        guard !url.isEmpty else { return nil }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), let host = parts.host, !host.isEmpty else {
            return "\"\(url.prefix(100))\" is not an absolute URL such as https://scoring.example.go.th/api/v1/exports"
        }
        guard parts.user == nil, parts.password == nil else {
            return "must not carry a user name or password; the token is read from \(tokenVariable)"
        }
        switch scheme {
        case "https": return nil
        case "http" where isLoopback(host): return nil
        case "http": return "must start with https:// (http:// is allowed only to a loopback address such as 127.0.0.1)"
        default: return "must start with https://, not \(scheme)://"
        }
    }

    /// `localhost`, 127.0.0.0/8 and ::1 (brackets allowed), compared as addresses, not as text.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" { return true }
        guard let address = IPNetwork.parse(bare) else { return false }
        return [IPNetwork("127.0.0.0/8"), IPNetwork("::1/128")].contains { $0?.contains(address) == true }
    }
}
