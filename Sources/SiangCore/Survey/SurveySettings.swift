import Foundation

/// The configuration key `surveys` (shipped in `defaults/surveys.yaml`): questionnaires, reason codes,
/// the invitation's lifetime, service points and the limits on the anonymous link. Checked as it is
/// read, so a wrong value stops the service at start with the key named.
public struct SurveySettings: Codable, Sendable {
    /// How long an invitation's token can be answered, from the moment the case is resolved.
    public var invitationExpiryDays: Int
    /// The survey id a resolved case is asked (its highest version).
    public var caseSurvey: String
    /// The survey id of the anonymous service-point link.
    public var servicePointSurvey: String
    /// The five points of the scale, with their words.
    public var scale: [ScaleLabel]
    public var reasonCodes: [ReasonCode]
    public var definitions: [SurveyDefinition]
    public var servicePoints: [ServicePoint]
    public var anonymous: AnonymousSurveyLimits

    /// The newest version of a survey.
    public func current(_ id: String) -> SurveyDefinition? {
        definitions.filter { $0.id == id }.max { $0.version < $1.version }
    }

    public func definition(_ id: String, version: Int) -> SurveyDefinition? {
        definitions.first { $0.id == id && $0.version == version }
    }

    public func reasonCode(_ code: String) -> ReasonCode? { reasonCodes.first { $0.code == code } }
    public func servicePoint(_ code: String) -> ServicePoint? {
        servicePoints.first { $0.code.lowercased() == code.lowercased() }
    }
    public func scaleLabel(_ value: Int) -> ScaleLabel? { scale.first { $0.value == value } }

    public var invitationLifetime: TimeInterval { Double(invitationExpiryDays) * 86_400 }

    enum CodingKeys: String, CodingKey {
        case invitationExpiryDays, caseSurvey, servicePointSurvey, scale, reasonCodes, definitions, servicePoints, anonymous
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        invitationExpiryDays = try c.decode(Int.self, forKey: .invitationExpiryDays)
        caseSurvey = try c.decode(String.self, forKey: .caseSurvey)
        servicePointSurvey = try c.decode(String.self, forKey: .servicePointSurvey)
        scale = try c.decode([ScaleLabel].self, forKey: .scale)
        reasonCodes = try c.decode([ReasonCode].self, forKey: .reasonCodes)
        definitions = try c.decode([SurveyDefinition].self, forKey: .definitions)
        servicePoints = try c.decodeIfPresent([ServicePoint].self, forKey: .servicePoints) ?? []
        anonymous = try c.decode(AnonymousSurveyLimits.self, forKey: .anonymous)
        do { try validate() } catch {
            // The loader reports a decoding error with the key path, so the admin finds the key.
            if case .invalid(let key, let reason) = error {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(key): \(reason)"))
            }
            throw error
        }
    }

    public init(invitationExpiryDays: Int, caseSurvey: String, servicePointSurvey: String, scale: [ScaleLabel], reasonCodes: [ReasonCode],
                definitions: [SurveyDefinition], servicePoints: [ServicePoint], anonymous: AnonymousSurveyLimits) {
        self.invitationExpiryDays = invitationExpiryDays
        self.caseSurvey = caseSurvey
        self.servicePointSurvey = servicePointSurvey
        self.scale = scale
        self.reasonCodes = reasonCodes
        self.definitions = definitions
        self.servicePoints = servicePoints
        self.anonymous = anonymous
    }

    /// Every rule of the `surveys` key; throws naming the key that is wrong.
    public func validate() throws(ConfigurationError) {
        guard invitationExpiryDays > 0, invitationExpiryDays <= 366 else {
            throw .invalid(key: "surveys.invitationExpiryDays", reason: "must be between 1 and 366 days")
        }
        guard scale.map(\.value).sorted() == [1, 2, 3, 4, 5] else {
            throw .invalid(key: "surveys.scale", reason: "must give the words of each value 1 to 5 once")
        }
        var codes = Set<String>()
        for r in reasonCodes {
            guard SurveyDefinition.isCode(r.code) else {
                throw .invalid(key: "surveys.reasonCodes", reason: "reason code \"\(r.code)\" must be lower-case letters, digits and _")
            }
            guard codes.insert(r.code).inserted else { throw .invalid(key: "surveys.reasonCodes", reason: "reason code \"\(r.code)\" is listed twice") }
        }
        guard !reasonCodes.isEmpty else { throw .invalid(key: "surveys.reasonCodes", reason: "at least one reason code is needed") }
        var versions = Set<String>()
        for d in definitions {
            try d.validate(key: "surveys.definitions")
            guard versions.insert("\(d.id)/\(d.version)").inserted else {
                throw .invalid(key: "surveys.definitions", reason: "survey \(d.id) version \(d.version) is listed twice")
            }
        }
        guard current(caseSurvey) != nil else {
            throw .invalid(key: "surveys.caseSurvey", reason: "\"\(caseSurvey)\" is not one of surveys.definitions")
        }
        guard let point = current(servicePointSurvey) else {
            throw .invalid(key: "surveys.servicePointSurvey", reason: "\"\(servicePointSurvey)\" is not one of surveys.definitions")
        }
        guard point.asksSegment else {
            throw .invalid(key: "surveys.servicePointSurvey", reason: "the service-point survey must ask the respondent's segment")
        }
        var points = Set<String>()
        for p in servicePoints {
            guard ServicePoint.isCode(p.code) else {
                throw .invalid(key: "surveys.servicePoints", reason: "service point code \"\(p.code)\" must be letters, digits, - and _ (at most 32)")
            }
            guard points.insert(p.code.lowercased()).inserted else {
                throw .invalid(key: "surveys.servicePoints", reason: "service point \"\(p.code)\" is listed twice")
            }
            guard !p.th.isEmpty, !p.unit.isEmpty else {
                throw .invalid(key: "surveys.servicePoints", reason: "service point \"\(p.code)\" needs a Thai name (th) and a unit")
            }
        }
        guard anonymous.maxPerAddressPerHour > 0, anonymous.maxPerAddressPerDay >= anonymous.maxPerAddressPerHour else {
            throw .invalid(key: "surveys.anonymous", reason: "maxPerAddressPerHour must be positive and at most maxPerAddressPerDay")
        }
        guard anonymous.trustForwardedFor != true else {
            throw .invalid(key: "surveys.anonymous.trustForwardedFor",
                           reason: "is replaced by server.trustedProxies: list the proxies whose X-Forwarded-For is believed")
        }
    }
}

/// Abuse limits on the anonymous service-point link, counted per client address (kept only as a
/// keyed hash, never the address itself).
public struct AnonymousSurveyLimits: Codable, Sendable {
    public var maxPerAddressPerHour: Int
    public var maxPerAddressPerDay: Int
    /// Replaced by `server.trustedProxies` (one rule for every per-address limit); still read so an
    /// old file that sets it `true` is refused with a pointer to the new key, never silently changed.
    public var trustForwardedFor: Bool?

    public init(maxPerAddressPerHour: Int, maxPerAddressPerDay: Int) {
        self.maxPerAddressPerHour = maxPerAddressPerHour
        self.maxPerAddressPerDay = maxPerAddressPerDay
    }
}
