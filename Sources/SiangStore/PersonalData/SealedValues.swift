import Foundation
import SiangCore

/// Outbox messages whose payloads are sealed (a message to a citizen carries their address and the
/// words sent). The stores' outbox inserts take only this, so no path can write a payload in plain.
struct SealedOutbox: Sendable {
    let messages: [OutboxMessage]
    static let none = SealedOutbox(messages: [])
}

/// A contact as the store holds it: each field sealed, with the keyed hashes lookups use.
struct SealedContact: Sendable {
    var name, phone, email, lineUserID: String?
    var phoneKey, emailKey, lineUserKey: String?
}

extension PersonalDataCipher {
    func seal(_ outbox: [OutboxMessage]) -> SealedOutbox {
        SealedOutbox(messages: outbox.map { m in
            var sealed = m
            sealed.payload = seal(m.payload) ?? ""
            return sealed
        })
    }

    func open(outboxPayload stored: String) throws(StoreError) -> String {
        do { return try open(stored) ?? "" } catch { throw .unreadable("an outbox payload: \(error)") }
    }

    func seal(_ contact: Contact?) -> SealedContact? {
        guard let contact, !contact.isEmpty else { return nil }
        return SealedContact(name: seal(contact.name), phone: seal(contact.phone), email: seal(contact.email),
                             lineUserID: seal(contact.lineUserID),
                             phoneKey: lookupKey(ContactLookup.phone(contact.phone)), emailKey: lookupKey(ContactLookup.email(contact.email)),
                             lineUserKey: lookupKey(ContactLookup.lineUser(contact.lineUserID)))
    }

    /// Attachment references with their names sealed (a file name is often a person's name).
    func seal(_ attachments: [AttachmentRef]) -> [AttachmentRef] {
        attachments.map { a in
            var sealed = a
            sealed.filename = seal(a.filename) ?? ""
            return sealed
        }
    }

    /// A stored value opened, or a store error naming what could not be read.
    func opened(_ stored: String?, _ what: String) throws(StoreError) -> String? {
        do { return try open(stored) } catch { throw .unreadable("\(what): \(error)") }
    }

    func opened(bytes stored: Data, _ what: String) throws(StoreError) -> Data {
        do { return try open(bytes: stored) } catch { throw .unreadable("\(what): \(error)") }
    }

    /// The keyed hashes a lookup of a LINE user asks for.
    func lineUserKeys(_ userID: String) -> [String] { lookupKeys(ContactLookup.lineUser(userID) ?? "") }

    /// The LINE users these are, by each keyed hash a lookup of them asks for.
    func lineUsersByKey(_ userIDs: [String]) -> [String: String] {
        var users: [String: String] = [:]
        for user in Set(userIDs) { for key in lineUserKeys(user) { users[key] = user } }
        return users
    }
}
