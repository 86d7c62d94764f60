import Foundation

/// Many ``CaseFact``s laid out as columns: one flat array per field, the status points of every case
/// back to back. This is how a report reads a million cases: the store fills the columns straight
/// from its rows and the report engine computes from them, with no allocation per case (a
/// `CaseFact` holds a heap-allocated timeline and strings, and a million of them cost the report
/// more than its figures did).
///
/// Times are seconds since 1970 as the store keeps them (``CaseFact/receivedAt`` is
/// `Date(timeIntervalSince1970:)` of the column). Category and queue are places in their name lists
/// (-1 for none). Every array has ``count`` entries except ``pointStart`` (one more: case `i` owns
/// the points `pointStart[i] ..< pointStart[i + 1]`, `received` at its received time first) and the
/// point columns.
public struct CaseFactColumns: Sendable {
    public var trackingKeys: [TrackingKey] = []
    /// The IDs of the ``TrackingKey/isOdd`` keys, by the key's `body`.
    public var oddTrackingIDs: [TrackingID] = []
    public var kinds: [Kind] = []
    public var channels: [Channel] = []
    public var priorities: [Priority] = []
    public var segments: [Segment?] = []
    public var categories: [Int32] = []
    public var categoryNames: [String] = []
    public var queues: [Int32] = []
    public var queueNames: [String] = []
    public var receivedAt: [Double] = []
    /// Infinity when the case has no first response yet.
    public var firstResponseAt: [Double] = []
    public var pointStart: [Int32] = [0]
    public var pointAt: [Double] = []
    public var pointStatus: [Status] = []

    public var count: Int { receivedAt.count }

    public init() {}

    /// Room for `cases` cases and `points` status points, reserved once: room never used costs address
    /// space only, and an array that grows copies itself each time.
    public mutating func reserve(cases: Int, points: Int) {
        trackingKeys.reserveCapacity(cases)
        kinds.reserveCapacity(cases)
        channels.reserveCapacity(cases)
        priorities.reserveCapacity(cases)
        segments.reserveCapacity(cases)
        categories.reserveCapacity(cases)
        queues.reserveCapacity(cases)
        receivedAt.reserveCapacity(cases)
        firstResponseAt.reserveCapacity(cases)
        pointStart.reserveCapacity(cases + 1)
        pointAt.reserveCapacity(points)
        pointStatus.reserveCapacity(points)
    }

    /// The columns of `facts`, in their order.
    public init(_ facts: [CaseFact]) {
        reserve(cases: facts.count, points: facts.reduce(0) { $0 + $1.statuses.count })
        var categoryPlaces: [String: Int32] = [:], queuePlaces: [String: Int32] = [:]
        for fact in facts {
            if let key = TrackingKey(fact.trackingID) {
                trackingKeys.append(key)
            } else {
                trackingKeys.append(.odd(oddTrackingIDs.count))
                oddTrackingIDs.append(fact.trackingID)
            }
            kinds.append(fact.kind)
            channels.append(fact.channel)
            priorities.append(fact.priority)
            segments.append(fact.segment)
            categories.append(Self.place(fact.category, in: &categoryNames, places: &categoryPlaces))
            queues.append(Self.place(fact.queue, in: &queueNames, places: &queuePlaces))
            receivedAt.append(fact.receivedAt.timeIntervalSince1970)
            firstResponseAt.append(fact.firstResponseAt?.timeIntervalSince1970 ?? .infinity)
            for point in fact.statuses {
                pointAt.append(point.at.timeIntervalSince1970)
                pointStatus.append(point.status)
            }
            pointStart.append(Int32(pointAt.count))
        }
    }

    /// Appends the tracking ID of the next case from its stored text.
    public mutating func appendTrackingID(_ text: UnsafeBufferPointer<UInt8>) {
        if let key = TrackingKey(canonical: text) { return trackingKeys.append(key) }
        trackingKeys.append(.odd(oddTrackingIDs.count))
        oddTrackingIDs.append(TrackingID(storedCanonical: String(decoding: text, as: UTF8.self)))
    }

    /// The place of `name` in `names` (added when new), -1 for nil.
    public static func place(_ name: String?, in names: inout [String], places: inout [String: Int32]) -> Int32 {
        guard let name else { return -1 }
        if let known = places[name] { return known }
        let place = Int32(names.count)
        names.append(name)
        places[name] = place
        return place
    }

    public func trackingID(_ i: Int) -> TrackingID {
        let key = trackingKeys[i]
        return key.isOdd ? oddTrackingIDs[Int(key.body)] : key.trackingID
    }

    public func category(_ i: Int) -> String? { categories[i] < 0 ? nil : categoryNames[Int(categories[i])] }
    public func queue(_ i: Int) -> String? { queues[i] < 0 ? nil : queueNames[Int(queues[i])] }

    /// Case `i` as a ``CaseFact``.
    public func fact(_ i: Int) -> CaseFact {
        CaseFact(
            trackingID: trackingID(i), kind: kinds[i], channel: channels[i], category: category(i), segment: segments[i], queue: queue(i),
            priority: priorities[i], receivedAt: Date(timeIntervalSince1970: receivedAt[i]),
            statuses: (Int(pointStart[i])..<Int(pointStart[i + 1])).map {
                CaseFact.StatusPoint(at: Date(timeIntervalSince1970: pointAt[$0]), status: pointStatus[$0])
            },
            firstResponseAt: firstResponseAt[i] == .infinity ? nil : Date(timeIntervalSince1970: firstResponseAt[i]))
    }

    /// Every case as a ``CaseFact``, in order.
    public var facts: [CaseFact] { (0..<count).map(fact) }

    /// Appends `other`'s cases after these (a report's facts are read in parts, one a core).
    public mutating func append(contentsOf other: CaseFactColumns) {
        var categoryPlaces = Dictionary(uniqueKeysWithValues: categoryNames.enumerated().map { ($1, Int32($0)) })
        var queuePlaces = Dictionary(uniqueKeysWithValues: queueNames.enumerated().map { ($1, Int32($0)) })
        let categoryMap = other.categoryNames.map { Self.place($0, in: &categoryNames, places: &categoryPlaces) }
        let queueMap = other.queueNames.map { Self.place($0, in: &queueNames, places: &queuePlaces) }
        if other.oddTrackingIDs.isEmpty {
            trackingKeys.append(contentsOf: other.trackingKeys)
        } else {
            let shift = oddTrackingIDs.count
            trackingKeys.append(contentsOf: other.trackingKeys.map { $0.isOdd ? .odd(shift + Int($0.body)) : $0 })
            oddTrackingIDs.append(contentsOf: other.oddTrackingIDs)
        }
        kinds.append(contentsOf: other.kinds)
        channels.append(contentsOf: other.channels)
        priorities.append(contentsOf: other.priorities)
        segments.append(contentsOf: other.segments)
        categories.append(contentsOf: other.categories.lazy.map { $0 < 0 ? -1 : categoryMap[Int($0)] })
        queues.append(contentsOf: other.queues.lazy.map { $0 < 0 ? -1 : queueMap[Int($0)] })
        receivedAt.append(contentsOf: other.receivedAt)
        firstResponseAt.append(contentsOf: other.firstResponseAt)
        let shift = Int32(pointAt.count)
        pointStart.append(contentsOf: other.pointStart.dropFirst().lazy.map { $0 + shift })
        pointAt.append(contentsOf: other.pointAt)
        pointStatus.append(contentsOf: other.pointStatus)
    }
}
