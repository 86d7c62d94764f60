import Foundation
import Logging
import SiangCore
import SiangStore

/// Turns an escalation or service-recovery outbox row into one `staff_notice` row per recipient and
/// channel (``StaffNotice``), then counts the event row as delivered. Recipients: the queue's
/// supervisors named in the row; for service recovery also `notifications.executives`, except on a
/// restricted (corruption) case, which stays with its supervisors. Each recipient gets the channels of
/// their preference that they have set up (an email address, a linked LINE user); disabled accounts
/// and accounts with neither get nothing.
///
/// The notice rows are keyed on the event row's dedupe key, the username and the channel, so a fan-out
/// repeated after a crash adds nothing, and each notice is then retried on its own by the dispatcher
/// and never sent again once delivered.
public struct StaffNoticeFanout: OutboxDeliverer {
    static let escalationKind = "escalation"
    static let serviceRecoveryKind = "service_recovery"

    let store: any CaseStore
    let contacts: any StaffContactStore
    let configuration: SiangConfiguration
    let clock: any SiangClock

    public init(store: any CaseStore, contacts: any StaffContactStore, configuration: SiangConfiguration,
                clock: any SiangClock = SystemClock()) {
        self.store = store
        self.contacts = contacts
        self.configuration = configuration
        self.clock = clock
    }

    public func accepts(_ message: OutboxMessage) -> Bool {
        message.kind == Self.escalationKind || message.kind == Self.serviceRecoveryKind
    }

    public func deliver(_ message: OutboxMessage) async throws(DeliveryError) {
        let notices: [OutboxMessage]
        do { notices = try await self.notices(for: message) } catch { throw .retry(reason: "store: \(error)", after: nil) }
        guard !notices.isEmpty else { return }
        do { try await store.enqueueOutbox(notices, at: clock.now()) } catch { throw .retry(reason: "store: \(error)", after: nil) }
    }

    /// The notice rows of one event row (empty when nobody can be told).
    func notices(for message: OutboxMessage) async throws(StoreError) -> [OutboxMessage] {
        guard let event = Self.event(of: message) else { return [] }
        var state: CaseState?
        if let id = message.trackingID { state = try await store.record(id)?.state }
        let category = state?.category.flatMap { configuration.taxonomy.category($0) }
        let queueCode = event.queue ?? state?.queue
        let recipients = Self.recipients(event: event.kind, supervisors: event.supervisors, executives: configuration.notifications.executives,
                                         restricted: category?.restricted ?? false)
        let text = StaffNoticeText.compose(event.kind, trackingID: message.trackingID, category: category?.th,
                                           queue: queueCode.flatMap { configuration.routing.queue($0)?.th },
                                           caseURL: StaffNoticeText.caseURL(base: configuration.agency.publicBaseURL, trackingID: message.trackingID))
        return try await contacts.staffContacts(usernames: recipients).flatMap { contact in
            Self.channels(of: contact).map { channel in
                StaffNotice(username: contact.username, subject: text.subject, text: text.body)
                    .outboxMessage(channel: channel, event: message.dedupeKey, trackingID: message.trackingID)
            }
        }
    }

    /// Who is told of an event: the supervisors, and the executives for service recovery on a case
    /// that is not restricted; each once, in the order given.
    static func recipients(event: StaffNoticeText.Event, supervisors: [String], executives: [String], restricted: Bool) -> [String] {
        var names = supervisors
        if case .serviceRecovery = event, !restricted { names += executives }
        var seen = Set<String>()
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The channels a staff member is told by: those of their preference that they have set up.
    static func channels(of contact: StaffContact) -> [Channel] {
        guard !contact.disabled else { return [] }
        var channels: [Channel] = []
        if contact.preference.byEmail, !(contact.email ?? "").isEmpty { channels.append(.email) }
        if contact.preference.byLINE, !(contact.lineUserID ?? "").isEmpty { channels.append(.line) }
        return channels
    }

    /// What an escalation or service-recovery payload says: the event, its queue and supervisors.
    static func event(of message: OutboxMessage) -> (kind: StaffNoticeText.Event, queue: String?, supervisors: [String])? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(message.payload.utf8))) as? [String: Any] else { return nil }
        let supervisors = object["supervisors"] as? [String] ?? []
        let queue = (object["queue"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        switch message.kind {
        case escalationKind:
            guard let clock = object["clock"] as? String, let level = object["level"] as? String else { return nil }
            return (.escalation(clock: clock, level: level), queue, supervisors)
        case serviceRecoveryKind:
            return (.serviceRecovery(servicePoint: object["servicePoint"] as? String, unit: object["unit"] as? String), queue, supervisors)
        default:
            return nil
        }
    }
}
