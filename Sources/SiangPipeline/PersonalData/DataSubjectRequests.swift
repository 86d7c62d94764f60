import Foundation
import SiangCore
import SiangStore

/// PDPA data-subject requests (DESIGN.md 5.12, docs/pdpa.md), for `siang pdpa` and the admin API:
/// export everything held about a person, or erase their contacts, attachments, delivered messages
/// and survey free text while the cases, their events and every figure stay. Each case touched gets
/// one audit entry (`pdpa.export` / `pdpa.erase`) naming the actor and the tracking ID, never the
/// phone, email or LINE user ID asked about; a request that finds nothing is audited once without a case.
public struct DataSubjectRequests: Sendable {
    public static let exportAction = "pdpa.export"
    public static let eraseAction = "pdpa.erase"

    let store: any CaseStore & PersonalDataStore
    let attachments: AttachmentStore
    let clock: any SiangClock

    public init(store: any CaseStore & PersonalDataStore, attachments: AttachmentStore, clock: any SiangClock = SystemClock()) {
        (self.store, self.attachments, self.clock) = (store, attachments, clock)
    }

    /// What the agency holds about `subject`; `actor` is `cli:<user>` or `staff:<admin>`.
    public func export(_ subject: DataSubject, actor: String) async throws(StoreError) -> DataSubjectExport {
        let now = clock.now()
        let ids = try await store.cases(of: subject)
        var cases: [DataSubjectExport.HeldCase] = []
        for id in ids {
            guard let record = try await store.record(id) else { continue }
            let contact = try await store.contact(of: id)
            cases.append(DataSubjectExport.HeldCase(
                trackingId: id.description, kind: record.state.kind.rawValue, channel: record.state.channel.rawValue,
                status: record.state.status.rawValue, receivedAt: BangkokTime.iso8601(record.state.receivedAt), subject: record.subject,
                text: record.text, location: record.location,
                contact: contact.map { .init(name: $0.name, phone: $0.phone, email: $0.email, lineUserId: $0.lineUserID) },
                timeline: DataSubjectExport.timeline(try await store.events(of: id)),
                attachments: try await store.attachments(of: id).map {
                    .init(filename: $0.filename, contentType: $0.contentType, size: $0.size, erased: $0.filename.isEmpty)  // an erased row keeps no name (PersonalDataErasure)
                },
                surveyAnswers: try await store.surveyAnswers(of: id).map {
                    .init(surveyId: $0.surveyID, answeredAt: BangkokTime.iso8601($0.answeredAt), ratings: $0.response.ratings,
                          choices: $0.response.choices, reasons: $0.response.reasons, reasonText: $0.response.reasonText,
                          comment: $0.response.comment)
                }))
        }
        try await audit(ids, action: Self.exportAction, actor: actor, at: now)
        return DataSubjectExport(exportedAt: BangkokTime.iso8601(now), cases: cases)
    }

    /// What one erasure request did, case by case.
    public struct Erasure: Sendable, Equatable {
        public var cases: [(trackingID: TrackingID, erased: PersonalDataErasure)]
        public var filesDeleted: Int

        public static func == (a: Erasure, b: Erasure) -> Bool {
            a.filesDeleted == b.filesDeleted && a.cases.map(\.trackingID) == b.cases.map(\.trackingID) && a.cases.map(\.erased) == b.cases.map(\.erased)
        }
    }

    /// Erases `subject`'s personal data on every case of theirs, whatever its age or status.
    public func erase(_ subject: DataSubject, actor: String) async throws -> Erasure {
        let now = clock.now()
        let ids = try await store.cases(of: subject)
        if ids.isEmpty { try await audit([], action: Self.eraseAction, actor: actor, at: now) }
        var result = Erasure(cases: [], filesDeleted: 0)
        for id in ids {
            let erased = try await store.erasePersonalData(
                of: id, scope: .request, audit: AuditEntry(at: now, actor: actor, action: Self.eraseAction, trackingID: id))
            result.filesDeleted += try attachments.remove(erased.unreferencedFiles)
            result.cases.append((id, erased))
        }
        return result
    }

    private func audit(_ ids: [TrackingID], action: String, actor: String, at: Date) async throws(StoreError) {
        if ids.isEmpty { try await store.recordAudit(AuditEntry(at: at, actor: actor, action: action, trackingID: nil)) }
        for id in ids { try await store.recordAudit(AuditEntry(at: at, actor: actor, action: action, trackingID: id)) }
    }
}
