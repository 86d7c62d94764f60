import Foundation

/// What the public may know about a case: no text, no contact, no internal notes. The tracking page
/// and the track API are built from this alone, so personal data cannot leak through them.
public struct PublicCaseView: Sendable, Equatable {
    public var trackingID: TrackingID
    public var kind: Kind
    public var status: Status
    public var category: String?
    public var receivedAt: Date
    public var updatedAt: Date
    public var timeline: [TimelineEntry]

    public struct TimelineEntry: Sendable, Equatable {
        public var status: Status
        public var at: Date
        public var note: String?
        public init(status: Status, at: Date, note: String?) {
            self.status = status
            self.at = at
            self.note = note
        }
    }

    public init(trackingID: TrackingID, kind: Kind, status: Status, category: String?, receivedAt: Date, updatedAt: Date,
                timeline: [TimelineEntry]) {
        self.trackingID = trackingID
        self.kind = kind
        self.status = status
        self.category = category
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
        self.timeline = timeline
    }

    /// Builds the public view from the event log: status changes with their public notes, and public
    /// replies shown under the status of the moment.
    public init?(trackingID: TrackingID, events: [CaseEvent]) {
        guard let state = CaseState.fold(events) else { return nil }
        self.trackingID = trackingID
        kind = state.kind
        status = state.status
        category = state.category
        receivedAt = state.receivedAt
        updatedAt = state.updatedAt
        var entries: [TimelineEntry] = []
        var current = Status.received
        for e in events {
            switch e.change {
            case .received: entries.append(.init(status: .received, at: e.at, note: nil))
            case .statusChanged(let s):
                current = s.to
                entries.append(.init(status: s.to, at: e.at, note: s.publicNote))
            case .publicReply(let text): entries.append(.init(status: current, at: e.at, note: text))
            default: break
            }
        }
        timeline = entries
    }
}
