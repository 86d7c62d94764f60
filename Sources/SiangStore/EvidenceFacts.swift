import Foundation
import SiangCore

/// The counts the category 3 evidence pack and the readiness check are filled from (DESIGN.md 5.9):
/// how many cases each channel, segment and queue received in a period and when each was first used
/// over all history, survey answers by source, segment and service point, the months the agency
/// was listening in, and how often complainants looked their case up.
///
/// Aggregates only: codes and counts, never a tracking ID, a name or a citizen's words, so the pack
/// built from them can be printed, exported and handed to an assessor as it is.
public struct EvidenceFacts: Sendable, Equatable {
    /// The period the counts cover, `[from, to)`.
    public var from: Date
    public var to: Date
    /// Cases received in the period (every kind, duplicates included: a duplicate still reached the agency).
    public var casesInPeriod: Int
    /// Of those, the ones with a tracking ID a complainant can look up.
    public var casesWithTrackingID: Int
    /// Cases by channel, segment and queue: counts in the period, first receipt over all history.
    public var channels: [EvidenceGroupCount]
    public var segments: [EvidenceGroupCount]
    public var queues: [EvidenceGroupCount]
    /// Cases received in each Bangkok month of the period (`2025-10`), oldest first; months without cases are absent.
    public var caseMonths: [EvidenceMonthCount]
    /// Survey answers by source (`case`, `service_point`, `import:<tool>`), segment and service point:
    /// answered in the period, first answer over all history.
    public var surveySources: [EvidenceGroupCount]
    public var surveySegments: [EvidenceGroupCount]
    public var servicePoints: [EvidenceGroupCount]
    public var answerMonths: [EvidenceMonthCount]
    /// Tracking lookups of existing cases by surface (`page`, `api`) in the days of the period; the
    /// first use is the first day counted.
    public var trackingLookups: [EvidenceGroupCount]

    public init(from: Date, to: Date, casesInPeriod: Int = 0, casesWithTrackingID: Int = 0, channels: [EvidenceGroupCount] = [],
                segments: [EvidenceGroupCount] = [], queues: [EvidenceGroupCount] = [], caseMonths: [EvidenceMonthCount] = [],
                surveySources: [EvidenceGroupCount] = [], surveySegments: [EvidenceGroupCount] = [],
                servicePoints: [EvidenceGroupCount] = [], answerMonths: [EvidenceMonthCount] = [],
                trackingLookups: [EvidenceGroupCount] = []) {
        self.from = from
        self.to = to
        self.casesInPeriod = casesInPeriod
        self.casesWithTrackingID = casesWithTrackingID
        self.channels = channels
        self.segments = segments
        self.queues = queues
        self.caseMonths = caseMonths
        self.surveySources = surveySources
        self.surveySegments = surveySegments
        self.servicePoints = servicePoints
        self.answerMonths = answerMonths
        self.trackingLookups = trackingLookups
    }

    public var answersInPeriod: Int { surveySources.reduce(0) { $0 + $1.count } }
    public var lookupsInPeriod: Int { trackingLookups.reduce(0) { $0 + $1.count } }
}

/// One code of a group (a channel, a segment, a queue, a survey source…): how many in the period and
/// when it was first seen over all history. Sorted by count (most first), then code.
public struct EvidenceGroupCount: Sendable, Equatable {
    /// The code; the empty string for cases or answers that carry none (an unsegmented case).
    public var code: String
    /// In the period.
    public var count: Int
    /// Of ``count``, the complaints (case groups only; 0 for answers and lookups).
    public var complaints: Int
    /// The first case received, answer given or lookup day, over all history, the period's end
    /// included; nil when it was never used before the period's end.
    public var firstUsedAt: Date?

    public init(code: String, count: Int, complaints: Int = 0, firstUsedAt: Date?) {
        self.code = code
        self.count = count
        self.complaints = complaints
        self.firstUsedAt = firstUsedAt
    }
}

/// A Bangkok calendar month (`2025-10`) and how many cases or answers it had.
public struct EvidenceMonthCount: Sendable, Equatable {
    public var month: String
    public var count: Int
    public init(month: String, count: Int) {
        self.month = month
        self.count = count
    }
}

/// Where a complainant looked their case up: the tracking page or the JSON API.
public enum TrackingLookupSurface: String, Sendable, CaseIterable {
    case page, api
}

/// The evidence counts from persistence, and the daily tracking-lookup counter that feeds them.
///
/// A store of its own, as ``ReportStore`` is, so the PostgreSQL store can take it on alone.
public protocol EvidenceStore: Sendable {
    /// The counts for `[from, to)`; first uses are over all history up to `to`.
    func evidenceFacts(from: Date, to: Date) async throws(StoreError) -> EvidenceFacts
    /// Adds `count` to the lookups of `surface` on the Bangkok day of `at` (no ID, no address is kept).
    func countTrackingLookups(_ surface: TrackingLookupSurface, at: Date, count: Int) async throws(StoreError)
}

extension EvidenceStore {
    /// Adds one lookup.
    public func countTrackingLookup(_ surface: TrackingLookupSurface, at: Date) async throws(StoreError) {
        try await countTrackingLookups(surface, at: at, count: 1)
    }
}
