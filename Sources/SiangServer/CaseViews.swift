import Foundation
import SiangCore
import SiangPipeline
import SiangStore
import WebForm

/// The JSON shapes of a case (DESIGN.md 5.3): the public tracking view, which by construction has
/// no personal data, and the staff view with everything.
/// What a tracking lookup found: the public view and where its resolution clock stands now.
struct TrackingLookup: Sendable, Equatable {
    var view: PublicCaseView
    var sla: CaseViews.TrackBody.SLA?
}

public struct CaseViews: Sendable {
    let configuration: SiangConfiguration
    let sla: SLAService

    struct Label: Encodable { var th: String; var en: String }

    struct TrackBody: Encodable {
        struct SLA: Encodable, Sendable, Equatable { var resolutionDueAt: Date?; var state: String }
        struct Entry: Encodable { var status: Status; var at: Date; var note: String? }
        var trackingId: TrackingID
        var kind: Kind
        var status: Status
        var statusLabel: Label
        var category: String?
        var receivedAt: Date
        var updatedAt: Date
        var sla: SLA?
        var timeline: [Entry]

        enum CodingKeys: String, CodingKey { case trackingId, kind, status, statusLabel, category, receivedAt, updatedAt, sla, timeline }
        /// Written by hand so an unknown category is `null` rather than missing (the contract lists the key).
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(trackingId, forKey: .trackingId)
            try c.encode(kind, forKey: .kind)
            try c.encode(status, forKey: .status)
            try c.encode(statusLabel, forKey: .statusLabel)
            try c.encode(category, forKey: .category)
            try c.encode(receivedAt, forKey: .receivedAt)
            try c.encode(updatedAt, forKey: .updatedAt)
            try c.encodeIfPresent(sla, forKey: .sla)
            try c.encode(timeline, forKey: .timeline)
        }
    }

    func track(_ found: TrackingLookup) -> TrackBody {
        let view = found.view
        return TrackBody(
            trackingId: view.trackingID, kind: view.kind, status: view.status,
            statusLabel: Label(th: view.status.label.th, en: view.status.label.en), category: view.category,
            receivedAt: view.receivedAt, updatedAt: view.updatedAt, sla: found.sla,
            timeline: view.timeline.map { .init(status: $0.status, at: $0.at, note: $0.note) })
    }

    /// The SLA a tracking lookup shows at `now`, from the kept inputs (``SLAService/resolution(of:at:)``).
    func sla(of tracked: TrackedCase, at now: Date) -> TrackBody.SLA? {
        sla.resolution(of: tracked, at: now).map { .init(resolutionDueAt: $0.dueAt, state: $0.state.rawValue) }
    }

    /// The track answer as ``JSON/encoder`` writes ``TrackBody``, written by hand (``JSONWriter``): it
    /// is the busiest route, and the encoder took a fifth of a lookup. A test compares the bytes.
    static func trackJSON(_ body: TrackBody) -> [UInt8] {
        var w = caseJSON(capacity: 512, category: body.category, kind: body.kind, receivedAt: body.receivedAt,
                         sla: body.sla.map { (firstResponseDueAt: nil, resolutionDueAt: $0.resolutionDueAt, state: $0.state) })
        w.field("status", body.status.rawValue)
        w.key("statusLabel")
        w.open()
        w.field("en", body.statusLabel.en)
        w.field("th", body.statusLabel.th)
        w.close()
        w.key("timeline")
        w.openArray()
        for entry in body.timeline {
            w.element()
            w.open()
            w.field("at", ISO8601.format(entry.at))
            w.field("note", entry.note)
            w.field("status", entry.status.rawValue)
            w.close()
        }
        w.closeArray()
        w.field("trackingId", body.trackingId.description)
        w.field("updatedAt", ISO8601.format(body.updatedAt))
        w.close()
        return w.utf8
    }

    /// The 201 answer to a complaint as ``JSON/encoder`` writes ``CreatedBody``, written by hand for the
    /// same reason as ``trackJSON(_:)``: the encoder took a twentieth of an intake's CPU under load
    /// (bench/README.md, "Intake tail"). A test compares the bytes.
    static func createdJSON(_ body: CreatedBody) -> [UInt8] {
        var w = caseJSON(capacity: 320, category: body.category, kind: body.kind, receivedAt: body.receivedAt,
                         sla: body.sla.map { ($0.firstResponseDueAt, $0.resolutionDueAt, $0.state) })
        w.field("status", body.status.rawValue)
        w.field("trackUrl", body.trackUrl)
        w.field("trackingId", body.trackingId.description)
        w.close()
        return w.utf8
    }

    /// The members both hand-written answers begin with, in the encoder's sorted order; a due time
    /// that is nil is left out, as the encoder leaves it out.
    private static func caseJSON(capacity: Int, category: String?, kind: Kind, receivedAt: Date,
                                 sla: (firstResponseDueAt: Date?, resolutionDueAt: Date?, state: String)?) -> JSONWriter {
        var w = JSONWriter(capacity: capacity)
        w.open()
        w.fieldOrNull("category", category)
        w.field("kind", kind.rawValue)
        w.field("receivedAt", ISO8601.format(receivedAt))
        if let sla {
            w.key("sla")
            w.open()
            w.field("firstResponseDueAt", sla.firstResponseDueAt.map(ISO8601.format))
            w.field("resolutionDueAt", sla.resolutionDueAt.map(ISO8601.format))
            w.field("state", sla.state)
            w.close()
        }
        return w
    }

    func sla(events: [CaseEvent], at now: Date) -> SLASummary? {
        sla.summary(events: events, at: now)
    }

    struct CreatedBody: Encodable {
        var trackingId: TrackingID
        var status: Status
        var kind: Kind
        var category: String?
        var receivedAt: Date
        var trackUrl: String
        var sla: SLASummary?

        enum CodingKeys: String, CodingKey { case trackingId, status, kind, category, receivedAt, trackUrl, sla }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(trackingId, forKey: .trackingId)
            try c.encode(status, forKey: .status)
            try c.encode(kind, forKey: .kind)
            try c.encode(category, forKey: .category)
            try c.encode(receivedAt, forKey: .receivedAt)
            try c.encode(trackUrl, forKey: .trackUrl)
            try c.encodeIfPresent(sla, forKey: .sla)
        }
    }

    struct StaffCaseBody: Encodable {
        struct Attachment: Encodable { var sha256: String; var filename: String; var contentType: String; var size: Int }
        var trackingId: TrackingID
        var text: String
        var subject: String?
        var kind: Kind
        var status: Status
        var category: String?
        var priority: Priority
        var queue: String?
        var assignee: String?
        var channel: Channel
        var segment: Segment?
        var contact: Contact?
        var location: Location?
        var externalRef: String?
        var attachments: [Attachment]
        var receivedAt: Date
        var updatedAt: Date
        var sla: SLASummary?
        var events: [StaffEventView]
        var warnings: [String]
    }

    func staffCase(record: CaseRecord, events: [CaseEvent], contact: Contact?, attachments: [AttachmentRef], now: Date) -> StaffCaseBody {
        let s = record.state
        return StaffCaseBody(
            trackingId: record.trackingID, text: record.text, subject: record.subject, kind: s.kind, status: s.status,
            category: s.category, priority: s.priority, queue: s.queue, assignee: s.assignee, channel: s.channel,
            segment: s.segment, contact: contact, location: record.location, externalRef: record.externalRef,
            attachments: attachments.map { .init(sha256: $0.sha256, filename: $0.filename, contentType: $0.contentType, size: $0.size) },
            receivedAt: s.receivedAt, updatedAt: s.updatedAt, sla: sla(events: events, at: now),
            events: events.map(StaffEventView.init(event:)),
            warnings: record.warnings)
    }
}
