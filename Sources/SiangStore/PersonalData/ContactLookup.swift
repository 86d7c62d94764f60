import Foundation
import SiangCore

/// The normalised values whose keyed hashes the lookup columns hold (``PersonalDataCipher``): a
/// phone in its national form however it was written, an email address without regard to case, a
/// LINE user ID as it is. The kind is part of the hashed value, so a phone never matches an email.
enum ContactLookup {
    static func phone(_ stored: String?) -> String? {
        guard let stored, !stored.isEmpty else { return nil }
        // A number that is no Thai number is still found by its digits as written.
        return "phone:" + (ThaiPhoneNumber(stored)?.national ?? stored.filter(\.isNumber))
    }

    static func email(_ stored: String?) -> String? {
        guard let stored, !stored.isEmpty else { return nil }
        return "email:" + stored.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func lineUser(_ stored: String?) -> String? {
        guard let stored, !stored.isEmpty else { return nil }
        return "line:" + stored
    }

    /// The normalised value a data-subject request looks for.
    static func value(of subject: DataSubject) -> String {
        switch subject {
        case .phone(let number): "phone:" + number.national
        case .email(let address): "email:" + address.trimmingCharacters(in: .whitespaces).lowercased()
        case .lineUser(let id): "line:" + id
        }
    }
}

extension PersonalDataCipher {
    /// What the store keeps of a client's network address (rate limits, failed sign-ins): a keyed
    /// hash, so counting by address never keeps an address. Short-lived rows, so only the current
    /// key: after a rotation the counts start again.
    public func addressKey(_ address: String) -> String { lookupKey("address:" + address) }

    /// The lookup key of a normalised value under the current key, nil for none.
    func lookupKey(_ normalised: String?) -> String? { normalised.map { lookupKey($0) } }
}
