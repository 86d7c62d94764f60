import Foundation
import SiangCore

/// What PDPA retention and data-subject requests need of a store (DESIGN.md 5.12, docs/pdpa.md):
/// finding a person's cases, the survey answers linked to them, the closed cases past retention, and
/// erasing a case's personal data with its audit entry in one transaction. The case, its events and
/// every report figure are never touched.
public protocol PersonalDataStore: Sendable {
    /// The cases whose contact holds this phone number (any way of writing it), email address (any
    /// case) or LINE user ID, in tracking-ID order.
    func cases(of subject: DataSubject) async throws(StoreError) -> [TrackingID]
    /// The survey answers linked to a case, oldest first.
    func surveyAnswers(of id: TrackingID) async throws(StoreError) -> [HeldSurveyAnswer]
    /// Cases closed (no longer open, ``PersonalDataErasure/closedStatuses``) with no change since before
    /// `closedBefore` that still hold personal data to erase, after `after` in tracking-ID order.
    func casesPastRetention(closedBefore: Date, after: String?, limit: Int) async throws(StoreError) -> [TrackingID]
    /// Erases the case's personal data (``PersonalDataErasure/Scope``) and appends `audit` to the audit
    /// log, in one transaction; erasing again finds nothing more and still audits.
    func erasePersonalData(of id: TrackingID, scope: PersonalDataErasure.Scope, audit: AuditEntry)
        async throws(StoreError) -> PersonalDataErasure
    /// Raw webhook and email bodies processed before `before` (they name their senders and are linked
    /// to no case): how many there are, or (`audit` given) removes them with the audit entry in one
    /// transaction, returning how many went. Items never processed stay, whatever their age.
    func processedInbox(before: Date, eraseWith audit: AuditEntry?) async throws(StoreError) -> Int
}

/// A survey answer as held, for a data-subject export.
public struct HeldSurveyAnswer: Sendable, Equatable {
    public var surveyID: String
    public var answeredAt: Date
    public var response: SurveyResponse

    public init(surveyID: String, answeredAt: Date, response: SurveyResponse) {
        (self.surveyID, self.answeredAt, self.response) = (surveyID, answeredAt, response)
    }
}

/// What one erasure did. The contact row stays (consent and LINE opt-out, which staff pages read)
/// with name, phone, email and LINE user ID emptied; attachment rows stay with their hash, size and
/// type (so counts do not move) and an empty name; delivered messages to the citizen keep their row
/// (kind, channel, times) with an empty payload.
public struct PersonalDataErasure: Sendable, Equatable {
    /// Retention erases contact, attachments and delivered messages; a data-subject request also
    /// empties the free text (comment, reason text) of the survey answers linked to the case.
    public enum Scope: Sendable, Equatable { case retention, request }

    public var contactErased: Bool
    public var attachmentsErased: Int
    public var messagesErased: Int
    public var surveyAnswersCleared: Int
    /// Attachment files no row that is not erased refers to any more: the caller deletes them.
    public var unreferencedFiles: [String]

    public init(contactErased: Bool = false, attachmentsErased: Int = 0, messagesErased: Int = 0, surveyAnswersCleared: Int = 0,
                unreferencedFiles: [String] = []) {
        (self.contactErased, self.attachmentsErased, self.messagesErased, self.surveyAnswersCleared, self.unreferencedFiles) =
            (contactErased, attachmentsErased, messagesErased, surveyAnswersCleared, unreferencedFiles)
    }

    /// The outbox kinds addressed to the citizen (acknowledgement, status notices, public replies,
    /// survey invitations); staff notices and escalations carry no citizen contact.
    public static let citizenMessageKinds = ["acknowledgement", "status_notice", "public_reply", SurveyInvitationMessage.outboxKind]
    /// The statuses that are no longer open (resolved, closed, referred, rejected, duplicate): retention
    /// counts from such a case's last change.
    public static let closedStatuses = Status.allCases.filter { !$0.isOpen }.map(\.rawValue)
}

extension SurveyResponse {
    /// The answer without the words the person wrote (comment and reason text); ratings, choices and
    /// reason codes, which the figures count, stay. Nil when there were no such words.
    var withoutFreeText: SurveyResponse? {
        guard comment != nil || reasonText != nil else { return nil }
        var cleared = self
        cleared.comment = nil
        cleared.reasonText = nil
        return cleared
    }
}

/// The SQL both stores use to find a phone number however it was written: the stored number with
/// its separators taken out, compared with ``ThaiPhoneNumber/storedDigitForms``.
enum StoredPhoneDigits {
    static func expression(_ column: String) -> String {
        "replace(replace(replace(replace(replace(replace(\(column), ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '')"
    }
}

extension AttachmentRef {
    /// The file was erased (retention or a data-subject request): the row keeps hash, type and size
    /// and no name, and the file is no longer offered, even while another case still holds its content.
    public var isErased: Bool { filename.isEmpty }
}
