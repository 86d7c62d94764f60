import Foundation

/// Queues and the rules that send a new case to one (config key `routing`).
public struct RoutingSettings: Codable, Sendable {
    public var triageQueue: String
    public var integrityQueue: String
    public var queues: [Queue]
    public var rules: [RoutingRule]

    public struct Queue: Codable, Sendable, Hashable {
        public var code: String
        public var th: String
        public var en: String
        /// Usernames of the agents who work the queue.
        public var members: [String]?
        /// Usernames of the supervisors who get its escalations.
        public var supervisors: [String]?
        public var label: LocalizedLabel { LocalizedLabel(th: th, en: en) }
    }

    public func queue(_ code: String) -> Queue? { queues.first { $0.code == code } }

    /// The first rule that holds for a case, or nil (the case then waits in the triage queue).
    public func firstRule(category: String, segment: Segment?, channel: Channel, subject: String?, text: String,
                          location: Location?) -> RoutingRule? {
        rules.first { $0.matches(category: category, segment: segment, channel: channel, subject: subject, text: text, location: location) }
    }

    func validate(taxonomy: Taxonomy) throws(ConfigurationError) {
        let codes = Set(queues.map(\.code))
        guard codes.count == queues.count else { throw .invalid(key: "routing.queues", reason: "a queue code is listed twice") }
        for (key, code) in [("routing.triageQueue", triageQueue), ("routing.integrityQueue", integrityQueue)] where !codes.contains(code) {
            throw .invalid(key: key, reason: "\"\(code)\" is not one of routing.queues")
        }
        for (i, rule) in rules.enumerated() {
            guard codes.contains(rule.queue) else {
                throw .invalid(key: "routing.rules[\(i)].queue", reason: "\"\(rule.queue)\" is not one of routing.queues")
            }
            if let c = rule.category, !taxonomy.contains(c) {
                throw .invalid(key: "routing.rules[\(i)].category", reason: "\"\(c)\" is not a category in the taxonomy")
            }
            if let s = rule.segment, Segment(rawValue: s) == nil {
                throw .invalid(key: "routing.rules[\(i)].segment", reason: "\"\(s)\" is not a segment")
            }
            if let c = rule.channel, Channel(rawValue: c) == nil {
                throw .invalid(key: "routing.rules[\(i)].channel", reason: "\"\(c)\" is not a channel")
            }
            if let p = rule.priority, Priority(rawValue: p) == nil {
                throw .invalid(key: "routing.rules[\(i)].priority", reason: "\"\(p)\" is not urgent, normal or complex")
            }
        }
    }
}

/// One routing rule: every condition it names must hold; the first matching rule wins.
public struct RoutingRule: Codable, Sendable, Hashable {
    public var category: String?
    public var segment: String?
    public var channel: String?
    /// Any one of these words in the subject or text.
    public var keywords: [String]?
    /// A latitude/longitude box the case's location must fall in.
    public var area: Area?
    public var queue: String
    public var priority: String?

    public struct Area: Codable, Sendable, Hashable {
        public var minLat: Double
        public var maxLat: Double
        public var minLon: Double
        public var maxLon: Double
    }

    public func matches(category: String?, segment: Segment?, channel: Channel, subject: String?, text: String, location: Location?) -> Bool {
        if let c = self.category, c != category { return false }
        if let s = self.segment, s != segment?.rawValue { return false }
        if let c = self.channel, c != channel.rawValue { return false }
        if let words = keywords, !words.contains(where: { word in
            UTF8Search.contains(word, in: text) || subject.map { UTF8Search.contains(word, in: $0) } == true
        }) { return false }
        if let a = area {
            guard let lat = location?.lat, let lon = location?.lon, (a.minLat...a.maxLat).contains(lat), (a.minLon...a.maxLon).contains(lon) else {
                return false
            }
        }
        return true
    }
}
