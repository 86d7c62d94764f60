import Foundation
import SiangCore

/// A case the SLA ticker set aside because its events cannot be read, with when and why.
public struct SLASetAside: Sendable, Equatable, Codable {
    public var trackingID: TrackingID
    public var at: Date
    public var reason: String
    public init(trackingID: TrackingID, at: Date, reason: String) {
        self.trackingID = trackingID
        self.at = at
        self.reason = reason
    }
}
