import Foundation

/// Many ``SurveyFact``s laid out as columns, as ``CaseFactColumns`` lays out cases: the store fills
/// them straight from its rows and the report engine computes from them, with no dictionary or array
/// allocated per answer.
///
/// Every text (source, category, queue, service point, dimension id, reason code) is a place in
/// ``names`` (-1 for none): a handful of distinct values among hundreds of thousands of answers.
/// Answer `i`'s dimension ratings are `dimensionStart[i] ..< dimensionStart[i + 1]` of the dimension
/// columns, its reason codes `reasonStart[i] ..< reasonStart[i + 1]` of ``reasons``. Times are
/// seconds since 1970 as the store keeps them.
public struct SurveyFactColumns: Sendable {
    public var answeredAt: [Double] = []
    public var trackingKeys: [TrackingKey] = []
    /// The IDs of the ``TrackingKey/isOdd`` keys, by the key's `body`.
    public var oddTrackingIDs: [TrackingID] = []
    public var sources: [Int32] = []
    public var channels: [Channel?] = []
    public var categories: [Int32] = []
    public var segments: [Segment?] = []
    public var queues: [Int32] = []
    public var servicePoints: [Int32] = []
    public var overall: [Int?] = []
    public var trust: [Int?] = []
    public var recommend: [Int?] = []
    public var dimensionStart: [Int32] = [0]
    public var dimensionIDs: [Int32] = []
    public var dimensionScores: [Int] = []
    public var reasonStart: [Int32] = [0]
    public var reasons: [Int32] = []
    public private(set) var names: [String] = []
    private var places: [String: Int32] = [:]

    public var count: Int { answeredAt.count }

    public init() {}

    /// Room for `answers` answers, reserved once.
    public mutating func reserve(_ answers: Int) {
        answeredAt.reserveCapacity(answers)
        trackingKeys.reserveCapacity(answers)
        sources.reserveCapacity(answers)
        channels.reserveCapacity(answers)
        categories.reserveCapacity(answers)
        segments.reserveCapacity(answers)
        queues.reserveCapacity(answers)
        servicePoints.reserveCapacity(answers)
        overall.reserveCapacity(answers)
        trust.reserveCapacity(answers)
        recommend.reserveCapacity(answers)
        dimensionStart.reserveCapacity(answers + 1)
        reasonStart.reserveCapacity(answers + 1)
    }

    /// The place of `name` in ``names`` (added when new).
    public mutating func place(_ name: String) -> Int32 {
        if let known = places[name] { return known }
        let place = Int32(names.count)
        names.append(name)
        places[name] = place
        return place
    }

    public func name(_ place: Int32) -> String? { place < 0 ? nil : names[Int(place)] }

    /// Appends the tracking ID of the next answer (nil for none).
    public mutating func appendTrackingID(_ id: TrackingID?) {
        guard let id else { return trackingKeys.append(.none) }
        if let key = TrackingKey(id) { return trackingKeys.append(key) }
        trackingKeys.append(.odd(oddTrackingIDs.count))
        oddTrackingIDs.append(id)
    }

    /// Appends the tracking ID of the next answer from its stored text (nil for none).
    public mutating func appendTrackingID(_ text: UnsafeBufferPointer<UInt8>?) {
        guard let text else { return trackingKeys.append(.none) }
        if let key = TrackingKey(canonical: text) { return trackingKeys.append(key) }
        trackingKeys.append(.odd(oddTrackingIDs.count))
        oddTrackingIDs.append(TrackingID(storedCanonical: String(decoding: text, as: UTF8.self)))
    }

    /// Closes the ratings and reasons of the answer just appended.
    public mutating func endAnswer() {
        dimensionStart.append(Int32(dimensionIDs.count))
        reasonStart.append(Int32(reasons.count))
    }

    /// The columns of `facts`, in their order.
    public init(_ facts: [SurveyFact]) {
        reserve(facts.count)
        for f in facts {
            answeredAt.append(f.answeredAt.timeIntervalSince1970)
            appendTrackingID(f.trackingID)
            sources.append(place(f.source))
            channels.append(f.channel)
            categories.append(f.category.map { place($0) } ?? -1)
            segments.append(f.segment)
            queues.append(f.queue.map { place($0) } ?? -1)
            servicePoints.append(f.servicePoint.map { place($0) } ?? -1)
            overall.append(f.overall)
            trust.append(f.trust)
            recommend.append(f.recommend)
            for (id, score) in f.dimensions.sorted(by: { $0.key < $1.key }) {
                dimensionIDs.append(place(id))
                dimensionScores.append(score)
            }
            for code in f.reasons { reasons.append(place(code)) }
            endAnswer()
        }
    }

    public func trackingID(_ i: Int) -> TrackingID? {
        let key = trackingKeys[i]
        if key.isNone { return nil }
        return key.isOdd ? oddTrackingIDs[Int(key.body)] : key.trackingID
    }

    /// Answer `i`'s dimension ratings as places in the dimension columns.
    public func dimensionRange(_ i: Int) -> Range<Int> { Int(dimensionStart[i])..<Int(dimensionStart[i + 1]) }
    /// Answer `i`'s reason codes as places in ``reasons``.
    public func reasonRange(_ i: Int) -> Range<Int> { Int(reasonStart[i])..<Int(reasonStart[i + 1]) }

    /// Answer `i` as a ``SurveyFact``.
    public func fact(_ i: Int) -> SurveyFact {
        var dimensions: [String: Int] = [:]
        for d in dimensionRange(i) { dimensions[names[Int(dimensionIDs[d])]] = dimensionScores[d] }
        return SurveyFact(
            answeredAt: Date(timeIntervalSince1970: answeredAt[i]), source: names[Int(sources[i])], channel: channels[i],
            category: name(categories[i]), segment: segments[i], queue: name(queues[i]), servicePoint: name(servicePoints[i]),
            overall: overall[i], dimensions: dimensions, trust: trust[i], recommend: recommend[i],
            reasons: reasonRange(i).map { names[Int(reasons[$0])] }, trackingID: trackingID(i))
    }

    /// Every answer as a ``SurveyFact``, by time when ``timeOrder`` is set, otherwise in the order held.
    public var facts: [SurveyFact] { (0..<count).map { fact(place(byTime: $0)) } }

    /// The places of the answers in time order (ties in the order stored) when they are not stored in
    /// that order; nil when they are, or before ``sortByTime()``. A store reads most answers in the
    /// order it holds them and sorts their times, not the answers: the report engine reads each answer
    /// through this order once, so moving every column would be a copy for nothing.
    public private(set) var timeOrder: [Int32]?

    /// Sets ``timeOrder`` from the answers' times.
    public mutating func sortByTime() { timeOrder = Self.timeOrder(answeredAt) }

    /// The place of the answer `rank`-th by time (by place when ``timeOrder`` is not set).
    public func place(byTime rank: Int) -> Int { timeOrder.map { Int($0[rank]) } ?? rank }

    /// The places of `times` by time, ties by place; nil when they are in that order already.
    public static func timeOrder(_ times: [Double]) -> [Int32]? {
        let inOrder = times.withUnsafeBufferPointer { t in !zip(t, t.dropFirst()).contains { $0 > $1 } }
        if inOrder { return nil }
        // Times with their places, sorted as pairs: each comparison reads the two it compares, where
        // sorting places by their times looks every time up in another array.
        var keyed = times.enumerated().map { ($1, Int32($0)) }
        keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return keyed.map(\.1)
    }
}
