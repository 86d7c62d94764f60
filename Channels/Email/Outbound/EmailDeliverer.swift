import Foundation
import SiangCore
import SiangDelivery
import SiangStore

/// Sends the outbox's email messages by SMTP through libcurl: acknowledgements, and the staff
/// workspace's notices (`status_notice`, `public_reply`, payload `{"text": …}`), and notices to staff
/// (`staff_notice`, ``StaffNotice``) to the staff member's address, looked up when sent.
public struct EmailDeliverer: OutboxDeliverer {
    let mail: CurlMail
    let account: CurlMail.Account
    let store: any CaseStore
    /// For the addresses of notices to staff; without it those rows are not taken.
    let contacts: (any StaffContactStore)?
    let configuration: SiangConfiguration
    let clock: any SiangClock

    public init(configuration: SiangConfiguration, store: any CaseStore, contacts: (any StaffContactStore)? = nil,
                mail: CurlMail = CurlMail(), clock: any SiangClock = SystemClock()) {
        self.configuration = configuration
        self.store = store
        self.contacts = contacts
        self.mail = mail
        self.clock = clock
        account = CurlMail.Account(url: configuration.email.smtpURL, user: configuration.email.smtpUser, password: configuration.email.smtpPassword)
    }

    public func accepts(_ message: OutboxMessage) -> Bool {
        guard message.channel == .email, !configuration.email.smtpURL.isEmpty else { return false }
        return Self.kinds.contains(message.kind) || (message.kind == StaffNotice.outboxKind && contacts != nil)
    }

    static let kinds: Set<String> = ["acknowledgement", "status_notice", "public_reply"]

    public func deliver(_ message: OutboxMessage) async throws(DeliveryError) {
        if message.kind == StaffNotice.outboxKind { return try await deliverStaffNotice(message) }
        guard let id = message.trackingID else { throw .permanent("the message names no case") }
        let contact: Contact?
        do { contact = try await store.contact(of: id) } catch { throw .retry(reason: "store: \(error)", after: nil) }
        guard let to = contact?.email, !to.isEmpty else { throw .permanent("the case has no email address") }
        let agency = configuration.agency.nameTh
        let trackURL = configuration.agency.publicBaseURL.hasSuffix("/") ? "\(configuration.agency.publicBaseURL)track/\(id)" : "\(configuration.agency.publicBaseURL)/track/\(id)"
        let text: (subject: String, body: String)
        if message.kind == "acknowledgement" {
            text = EmailComposer.acknowledgement(trackingID: id, trackURL: trackURL, agencyName: agency)
        } else {
            let payload = (try? JSONSerialization.jsonObject(with: Data(message.payload.utf8))) as? [String: Any]
            guard let notice = payload?["text"] as? String, !notice.isEmpty else { throw .permanent("the notice has no text") }
            text = EmailComposer.notice(kind: message.kind, trackingID: id, text: notice, agencyName: agency)
        }
        try await send(to: to, subject: text.subject, body: text.body, trackingID: id, key: message.dedupeKey)
    }

    /// A `staff_notice` row: its text, to the staff member's current address.
    func deliverStaffNotice(_ message: OutboxMessage) async throws(DeliveryError) {
        guard let notice = StaffNotice.decode(message.payload), let contacts else { throw .permanent("the row is not a notice to staff") }
        let contact: StaffContact?
        do { contact = try await contacts.staffContacts(usernames: [notice.username]).first } catch { throw .retry(reason: "store: \(error)", after: nil) }
        guard let contact, !contact.disabled, let to = contact.email, !to.isEmpty else {
            throw .permanent("the staff account has no email address now")
        }
        try await send(to: to, subject: notice.subject, body: notice.text, trackingID: message.trackingID, key: message.dedupeKey)
    }

    func send(to: String, subject: String, body: String, trackingID: TrackingID?, key: String) async throws(DeliveryError) {
        let agency = configuration.agency.nameTh
        let from = configuration.email.from.isEmpty ? "no-reply@siang.local" : configuration.email.from
        let composed = EmailComposer.compose(from: from, fromName: agency, to: to, subject: subject, body: body,
                                             trackingID: trackingID, key: key, date: clock.now())
        do {
            try await mail.smtpSend(message: composed.bytes, from: from, recipients: [to], account: account)
        } catch {
            // SMTP gives no way to tell a lasting refusal from a passing one through libcurl's
            // summary; retries are bounded by the dispatcher.
            throw .retry(reason: "\(error)", after: nil)
        }
    }
}
