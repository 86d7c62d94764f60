import Foundation
import SiangCore
import SiangStore

/// Everything Siang holds about one person, for the agency to hand over on a PDPA access request
/// (docs/pdpa.md): each of their cases with what they said, the public timeline, the contact as held,
/// the attachments' names and sizes, and the survey answers linked to the case. Times are Bangkok time
/// with their offset. The JSON keys are a contract (openapi.yaml `DataSubjectExport`).
public struct DataSubjectExport: Encodable, Sendable, Equatable {
    public var exportedAt: String
    public var cases: [HeldCase]

    public struct HeldCase: Encodable, Sendable, Equatable {
        public var trackingId: String
        public var kind: String
        public var channel: String
        public var status: String
        public var receivedAt: String
        public var subject: String?
        public var text: String
        public var location: Location?
        public var contact: HeldContact?
        public var timeline: [TimelineEntry]
        public var attachments: [HeldAttachment]
        public var surveyAnswers: [HeldAnswer]
    }

    public struct HeldContact: Encodable, Sendable, Equatable {
        public var name: String?
        public var phone: String?
        public var email: String?
        public var lineUserId: String?
    }

    /// An entry the complainant sees on the tracking page, or a message they sent.
    public struct TimelineEntry: Encodable, Sendable, Equatable {
        public var at: String
        /// `received`, `status_changed`, `public_reply` or `citizen_message`.
        public var type: String
        public var status: String?
        public var text: String?
    }

    public struct HeldAttachment: Encodable, Sendable, Equatable {
        public var filename: String
        public var contentType: String
        public var size: Int
        /// The file was erased (retention or an earlier erasure); its size and type are kept.
        public var erased: Bool
    }

    public struct HeldAnswer: Encodable, Sendable, Equatable {
        public var surveyId: String
        public var answeredAt: String
        public var ratings: [String: Int]
        public var choices: [String: String]
        public var reasons: [String]
        public var reasonText: String?
        public var comment: String?
    }

    /// The public entries of a case's history: what it was told and what it said.
    static func timeline(_ events: [CaseEvent]) -> [TimelineEntry] {
        events.compactMap { event in
            let at = BangkokTime.iso8601(event.at)
            switch event.change {
            case .received: return TimelineEntry(at: at, type: "received", status: Status.received.rawValue, text: nil)
            case .statusChanged(let change):
                return TimelineEntry(at: at, type: "status_changed", status: change.to.rawValue, text: change.publicNote)
            case .publicReply(let text): return TimelineEntry(at: at, type: "public_reply", status: nil, text: text)
            case .citizenMessage(let text): return TimelineEntry(at: at, type: "citizen_message", status: nil, text: text)
            default: return nil
            }
        }
    }

    /// The export as one JSON document (sorted keys, UTF-8).
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
