import Foundation
import SiangCore

/// How a staff member wants to be told of escalations and service recovery.
public enum NoticePreference: String, Sendable, CaseIterable, Codable {
    case email
    case line
    case both

    /// Whether notices go out by email under this preference.
    public var byEmail: Bool { self != .line }
    /// Whether notices go out by LINE push under this preference.
    public var byLINE: Bool { self != .email }
}

/// A staff member's contact channels for notices to staff. Personal data: shown to its owner on the
/// account page and read by the deliverers when they send, never logged or put in an outbox payload.
public struct StaffContact: Sendable, Equatable {
    public var username: String
    public var role: StaffRole
    public var disabled: Bool
    public var email: String?
    /// The LINE user linked through a one-time code sent to the agency's Official Account.
    public var lineUserID: String?
    public var preference: NoticePreference

    public init(username: String, role: StaffRole, disabled: Bool = false, email: String? = nil, lineUserID: String? = nil,
                preference: NoticePreference = .email) {
        self.username = username
        self.role = role
        self.disabled = disabled
        self.email = email
        self.lineUserID = lineUserID
        self.preference = preference
    }
}

/// Staff contact channels and the LINE link codes, a store of its own beside ``CaseStore`` so the
/// notices to staff do not grow the case store's protocol.
public protocol StaffContactStore: Sendable {
    /// The contact channels of these accounts (unknown names are left out).
    func staffContacts(usernames: [String]) async throws(StoreError) -> [StaffContact]
    /// Sets (or clears, with nil) an account's email address; `unknownUser` when there is no such account.
    func setStaffEmail(username: String, email: String?) async throws(StoreError)
    /// Sets how an account wants notices; `unknownUser` when there is no such account.
    func setNoticePreference(username: String, preference: NoticePreference) async throws(StoreError)
    /// Replaces the account's pending LINE link code with `code`, valid until `expiresAt`.
    func issueLINELinkCode(username: String, code: String, expiresAt: Date) async throws(StoreError)
    /// Uses a pending, unexpired code: links `lineUserID` to its account and deletes the code (single
    /// use). Returns the account's username, or nil when the code is unknown or expired.
    func redeemLINELinkCode(_ code: String, lineUserID: String, now: Date) async throws(StoreError) -> String?
    /// Removes the account's LINE link (and any pending code).
    func unlinkLINE(username: String) async throws(StoreError)
}

/// A staff email address as it is kept: trimmed, an address the intake would accept, and nothing
/// that could break out of an SMTP envelope or a mail header (`<`, `>`, `,`, `;`, quotes).
public enum StaffEmail {
    public static let maxLength = 254

    /// The address to keep, or nil when it is not one.
    public static func normalised(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= maxLength, IntakeValidator.isEmail(trimmed),
              !trimmed.contains(where: { "<>,;\"'\\()[]".contains($0) || $0.asciiValue.map { $0 < 32 } == true }) else { return nil }
        return trimmed
    }
}
