import Foundation

/// The five PMQA category 3 approaches Siang keeps evidence for (DESIGN.md 5.9), in the order the
/// evidence pack lists them.
public enum EvidenceApproach: String, Sendable, CaseIterable, Codable {
    case listeningChannels = "listening_channels"
    case complaintManagement = "complaint_management"
    case satisfactionSurvey = "satisfaction_survey"
    case improvementFromFeedback = "improvement_from_feedback"
    case segmentation
}

/// What only the agency can say about its category 3 approaches: the process's name, its owner, its
/// key steps (input, process, output), what makes it repeatable, how often it runs, and where the
/// organisation profile and the plans it serves are (the `evidence:` section, docs/configuration.md).
///
/// The evidence pack takes each item from data wherever Siang has data and from here otherwise; an
/// empty setting is shown as missing with what to add, never filled with words the agency did not
/// write. The shipped defaults name the processes only.
public struct EvidenceSettings: Codable, Sendable {
    /// Approach id (`listening_channels`…) to its settings; every id is one of ``EvidenceApproach``.
    public var approaches: [String: EvidenceApproachSettings]

    public init(approaches: [String: EvidenceApproachSettings] = [:]) { self.approaches = approaches }

    /// The settings of one approach; empty ones when the configuration has none.
    public func settings(_ approach: EvidenceApproach) -> EvidenceApproachSettings {
        approaches[approach.rawValue] ?? EvidenceApproachSettings()
    }

    /// The longest text accepted for one setting (a paragraph of an application report).
    public static let maxTextLength = 2_000

    func validate() throws(ConfigurationError) {
        for (id, settings) in approaches {
            guard EvidenceApproach(rawValue: id) != nil else {
                throw .invalid(key: "evidence.approaches.\(id.prefix(40))",
                               reason: "is not an approach; use one of \(EvidenceApproach.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try settings.validate(key: "evidence.approaches.\(id)")
        }
    }
}

/// One approach's agency text (see ``EvidenceSettings``). Every key may be left out.
public struct EvidenceApproachSettings: Codable, Sendable, Equatable {
    public var nameTh: String
    public var nameEn: String
    /// The unit or post that owns the process (`กองสื่อสารองค์กร`).
    public var owner: String
    public var keySteps: KeySteps
    /// What makes the process run the same way every time (a manual, an order, a standard).
    public var repeatability: String
    /// How often it runs (`ทุกวันทำการ`, `ทุกไตรมาส`).
    public var frequency: String
    public var organisationProfile: Link
    public var plans: Link

    /// The input-process-output of the process, as the application report guide asks.
    public struct KeySteps: Codable, Sendable, Equatable {
        public var input: String
        public var process: String
        public var output: String
        public init(input: String = "", process: String = "", output: String = "") {
            (self.input, self.process, self.output) = (input, process, output)
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            input = try c.decodeIfPresent(String.self, forKey: .input) ?? ""
            process = try c.decodeIfPresent(String.self, forKey: .process) ?? ""
            output = try c.decodeIfPresent(String.self, forKey: .output) ?? ""
        }
        public var isEmpty: Bool { input.isEmpty && process.isEmpty && output.isEmpty }
    }

    /// A document the approach refers to: what the agency calls it and where it is.
    public struct Link: Codable, Sendable, Equatable {
        public var title: String
        public var url: String
        public init(title: String = "", url: String = "") {
            (self.title, self.url) = (title, url)
        }
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
            url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
        }
        public var isEmpty: Bool { title.isEmpty && url.isEmpty }
    }

    public init(nameTh: String = "", nameEn: String = "", owner: String = "", keySteps: KeySteps = KeySteps(), repeatability: String = "",
                frequency: String = "", organisationProfile: Link = Link(), plans: Link = Link()) {
        self.nameTh = nameTh
        self.nameEn = nameEn
        self.owner = owner
        self.keySteps = keySteps
        self.repeatability = repeatability
        self.frequency = frequency
        self.organisationProfile = organisationProfile
        self.plans = plans
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nameTh = try c.decodeIfPresent(String.self, forKey: .nameTh) ?? ""
        nameEn = try c.decodeIfPresent(String.self, forKey: .nameEn) ?? ""
        owner = try c.decodeIfPresent(String.self, forKey: .owner) ?? ""
        keySteps = try c.decodeIfPresent(KeySteps.self, forKey: .keySteps) ?? KeySteps()
        repeatability = try c.decodeIfPresent(String.self, forKey: .repeatability) ?? ""
        frequency = try c.decodeIfPresent(String.self, forKey: .frequency) ?? ""
        organisationProfile = try c.decodeIfPresent(Link.self, forKey: .organisationProfile) ?? Link()
        plans = try c.decodeIfPresent(Link.self, forKey: .plans) ?? Link()
    }

    func validate(key: String) throws(ConfigurationError) {
        let texts = [("nameTh", nameTh), ("nameEn", nameEn), ("owner", owner), ("keySteps.input", keySteps.input),
                     ("keySteps.process", keySteps.process), ("keySteps.output", keySteps.output), ("repeatability", repeatability),
                     ("frequency", frequency), ("organisationProfile.title", organisationProfile.title), ("plans.title", plans.title)]
        for (name, text) in texts where text.count > EvidenceSettings.maxTextLength {
            throw .invalid(key: "\(key).\(name)", reason: "must be at most \(EvidenceSettings.maxTextLength) characters")
        }
        for (name, link) in [("organisationProfile", organisationProfile), ("plans", plans)] where !link.url.isEmpty {
            guard link.url.count <= 2_000, let url = URL(string: link.url), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host?.isEmpty == false else {
                throw .invalid(key: "\(key).\(name).url", reason: "must be an absolute http(s) address")
            }
        }
    }
}
