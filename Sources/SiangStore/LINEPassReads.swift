import Foundation
import SiangCore

// What the LINE inbox reads once for a whole pass (CaseStore.cases(channel:keys:) and
// CaseStore.recentLINECases(userIDs:since:until:)) instead of once for every event: each read of
// its own cost a hop to a reader connection and back, which was most of planning an event.

/// The case a channel message key belongs to, and when that case was received (a case an event
/// opened was received at the event's time; one it joined, earlier).
public struct KeyedCase: Sendable, Equatable {
    public var trackingID: TrackingID
    public var receivedAt: Date

    public init(trackingID: TrackingID, receivedAt: Date) {
        self.trackingID = trackingID
        self.receivedAt = receivedAt
    }
}

/// An open LINE case of a LINE user, which the user's further messages may join.
public struct RecentLINECase: Sendable, Equatable {
    public var trackingID: TrackingID
    public var receivedAt: Date
    public var status: Status

    public init(trackingID: TrackingID, receivedAt: Date, status: Status) {
        self.trackingID = trackingID
        self.receivedAt = receivedAt
        self.status = status
    }
}

/// Values for a statement's `IN (...)`, in slices SQLite's limit on bound values takes.
enum BoundValueSlices {
    static let size = 500

    static func slices<T>(_ values: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: values.count, by: size).map { values[$0..<min($0 + size, values.count)] }
    }
}
